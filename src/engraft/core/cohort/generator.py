"""A seeded generator of a synthetic osteopetrosis cohort for the demo and tests.

No real patient data: names are obviously synthetic (family name "Synthetic-NNN"), and every
identifier and date is drawn from ``random.Random(seed)``, so the same seed always gives the
same cohort. Proportions come from ``shares.py`` (with citations); lab trajectories are
in-house sketches of the published picture (anaemia, thrombocytopenia, hypocalcaemia with
raised PTH before HSCT; recovery and, in some, hypercalcaemia after).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from engraft.core.cohort.shares import (
    FOUNDER_VARIANTS,
    GENE_SHARES,
    GENOTYPE_PENDING_SHARE,
    HYPERCALCAEMIA_AFTER_HSCT,
    MARKER_FREQUENCY,
    TRANSCRIPTS,
    PathwayStage,
)
from engraft.core.record.findings import FindingKind, Trend
from engraft.core.record.patient import (
    Demographics,
    Diagnosis,
    Document,
    Finding,
    GeneticResult,
    LabResult,
    PatientRecord,
    Relationship,
    Relative,
    Variant,
)
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

_GIVEN = ("Alex", "Sam", "Robin", "Kai", "Noa", "Ari", "Jules", "Mika", "Remy", "Sasha")
_STAGES = tuple(PathwayStage)
_BASES = "ACGT"


@dataclass(frozen=True)
class CohortPatient:
    """A synthetic record and where the child is on the pathway."""

    record: PatientRecord
    pathway_stage: PathwayStage


def generate_cohort(seed: int, *, size: int = 60, today: date) -> list[CohortPatient]:
    """``size`` synthetic patients, deterministic for ``seed``, all born before ``today``."""
    rng = random.Random(seed)
    return [_patient(rng, n, today) for n in range(1, size + 1)]


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _pick_gene(rng: random.Random) -> str:
    genes, weights = zip(*GENE_SHARES, strict=True)
    return rng.choices(genes, weights=weights)[0]


def _patient(rng: random.Random, n: int, today: date) -> CohortPatient:
    stage = _STAGES[(n - 1) % len(_STAGES)]  # spread evenly over the pathway
    age_days = rng.randint(20, 150) if not stage.after_transplant else rng.randint(200, 2500)
    birth = today - timedelta(days=age_days)
    family = f"Synthetic-{n:03d}"
    sex = rng.choice((Sex.FEMALE, Sex.MALE))
    gene = _pick_gene(rng)
    pending = (
        not stage.after_transplant
        and stage in (PathwayStage.REFERRED, PathwayStage.ASSESSMENT)
        and rng.random() < GENOTYPE_PENDING_SHARE
    )
    diagnosed = birth + timedelta(days=rng.randint(7, min(60, age_days - 5)))
    form = ClinicalForm.INTERMEDIATE_ARO if gene in ("SNX10", "CA2") else ClinicalForm.INFANTILE_ARO
    record = PatientRecord(
        id=_id(rng),
        demographics=Demographics(f"SYN-{n:04d}", family, (rng.choice(_GIVEN), "Test"), birth, sex),
        diagnosis=Diagnosis(form, diagnosed, genotype_pending=pending, id=_id(rng)),
        relatives=_relatives(rng, family, birth),
        genetic_results=() if pending else (_genetics(rng, gene, diagnosed, today),),
        findings=_findings(rng, diagnosed, today),
        labs=_labs(rng, birth, diagnosed, today, stage),
        documents=(
            Document(
                "Referral letter",
                "referral letter",
                datetime.combine(diagnosed, time(9), UTC),
                f"https://files.example.org/synthetic/{n:04d}/referral.pdf",
                id=_id(rng),
            ),
        ),
    )
    return CohortPatient(record, stage)


def _relatives(rng: random.Random, family: str, birth: date) -> tuple[Relative, ...]:
    relatives = [
        Relative(
            Relationship.MOTHER,
            family,
            ("Parent-A",),
            Sex.FEMALE,
            phone=f"+1 555 01{rng.randint(0, 99):02d}",
            id=_id(rng),
        ),
        Relative(Relationship.FATHER, family, ("Parent-B",), Sex.MALE, id=_id(rng)),
    ]
    for k in range(rng.choice((0, 1, 1, 2, 3))):
        sex = rng.choice((Sex.FEMALE, Sex.MALE))
        relation = Relationship.SISTER if sex is Sex.FEMALE else Relationship.BROTHER
        born = birth - timedelta(days=rng.randint(400, 3000))
        relatives.append(Relative(relation, family, (f"Sibling-{k + 1}",), sex, born, id=_id(rng)))
    return tuple(relatives)


def _random_variant(rng: random.Random) -> str:
    ref = rng.choice(_BASES)
    alt = rng.choice([b for b in _BASES if b != ref])
    return f"c.{rng.randint(50, 2500)}{ref}>{alt}"


def _genetics(rng: random.Random, gene: str, diagnosed: date, today: date) -> GeneticResult:
    transcript = TRANSCRIPTS[gene]
    founders = FOUNDER_VARIANTS.get(gene, ())
    first = rng.choice(founders) if founders and rng.random() < 0.5 else _random_variant(rng)
    reported = min(today, diagnosed + timedelta(days=rng.randint(10, 40)))
    classes = (VariantClassification.PATHOGENIC, VariantClassification.LIKELY_PATHOGENIC)
    if rng.random() < 0.5:
        variants = (Variant(f"{transcript}:{first}", rng.choice(classes), id=_id(rng)),)
        zygosity = Zygosity.HOMOZYGOUS  # consanguinity is common (clinical.md 6)
    else:
        second = _random_variant(rng)
        if second == first:
            second = f"c.{rng.randint(2501, 3000)}del"
        variants = (
            Variant(f"{transcript}:{first}", rng.choice(classes), id=_id(rng)),
            Variant(
                f"{transcript}:{second}",
                rng.choice((*classes, VariantClassification.UNCERTAIN_SIGNIFICANCE)),
                id=_id(rng),
            ),
        )
        zygosity = Zygosity.COMPOUND_HETEROZYGOUS
    return GeneticResult(
        gene, variants, zygosity, "Synthetic Genetics Laboratory", reported, id=_id(rng)
    )


def _findings(rng: random.Random, seen: date, today: date) -> tuple[Finding, ...]:
    f = MARKER_FREQUENCY
    on = min(seen + timedelta(days=1), today)
    src = "synthetic referral assessment"
    out = [
        Finding(
            FindingKind.TRANSFUSION_DEPENDENCE,
            on,
            src,
            present=rng.random() < f["transfusion_dependence"],
            id=_id(rng),
        ),
        Finding(
            FindingKind.HEPATOSPLENOMEGALY,
            on,
            "synthetic ultrasound",
            present=(spleen := rng.random() < f["splenomegaly"]),
            quantity=round(rng.uniform(2, 8), 1) if spleen else None,
            id=_id(rng),
        ),
        Finding(
            FindingKind.CHIARI_OR_RAISED_ICP,
            on,
            "synthetic MRI",
            present=rng.random() < f["raised_icp"],
            id=_id(rng),
        ),
        Finding(FindingKind.FRACTURES, on, src, present=rng.random() < f["fractures"], id=_id(rng)),
    ]
    if rng.random() < f["seizures"]:
        out.append(
            Finding(
                FindingKind.SEIZURES, on, src, present=True, category="hypocalcaemic", id=_id(rng)
            )
        )
    impaired = rng.random() < f["visual_impairment"]
    out.append(
        Finding(
            FindingKind.VEP,
            on,
            "synthetic ophthalmology",
            quantity=round(rng.uniform(130, 190) if impaired else rng.uniform(95, 120)),
            category="delayed" if impaired else "normal",
            trend=Trend.WORSENING if impaired else Trend.STABLE,
            id=_id(rng),
        )
    )
    out.append(
        Finding(FindingKind.WEIGHT, on, src, quantity=round(rng.uniform(3.5, 7.5), 2), id=_id(rng))
    )
    return tuple(out)


def _labs(
    rng: random.Random, birth: date, seen: date, today: date, stage: PathwayStage
) -> tuple[LabResult, ...]:
    labs: list[LabResult] = []
    low_ca = rng.random() < MARKER_FREQUENCY["hypocalcaemia"]
    hyper_after = stage.after_transplant and rng.random() < HYPERCALCAEMIA_AFTER_HSCT
    span = (today - seen).days
    for k in range(5):
        day = seen + timedelta(days=min(span, k * max(1, span // 5)))
        when = datetime.combine(day, time(8, rng.randint(0, 59)), UTC)
        late = stage.after_transplant and k >= 3  # the last samples follow engraftment
        hb = rng.uniform(9.5, 12.0) if late else rng.uniform(6.5, 9.5) - 0.3 * k
        plt = rng.uniform(150, 350) if late else max(8.0, rng.uniform(40, 120) - 12 * k)
        ca = (
            rng.uniform(11.2, 13.0)
            if late and hyper_after
            else (rng.uniform(6.5, 8.3) if low_ca and not late else rng.uniform(8.8, 10.4))
        )
        values = {
            "haemoglobin": hb,
            "platelets": plt,
            "calcium": ca,
            "pth": rng.uniform(150, 600) if low_ca and not late else rng.uniform(15, 60),
            "anc": rng.uniform(1.0, 5.0),
        }
        units = {
            "haemoglobin": "g/dL",
            "platelets": "10*9/L",
            "calcium": "mg/dL",
            "pth": "pg/mL",
            "anc": "10*9/L",
        }
        for key, value in values.items():
            labs.append(
                LabResult(key, when, round(value, 2), units[key], "Synthetic Lab", id=_id(rng))
            )
    return tuple(labs)
