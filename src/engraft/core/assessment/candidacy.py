"""HSCT candidacy: indicated, not indicated, contraindicated, not curative, or expert review.

Follows the genotype stances of clinical.md section 1 and the rules of section 8, in order:
the genotype gate (rule 1), the neurodegeneration screen (rule 2), then the stance of the
genetic subtype or, while genetics are pending, the phenotype (rules 3, 7, 8). Risk modifiers
(Lansky, HCT-CI, donor type) are never read here: they are shown, never used to exclude.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engraft.core.assessment.case import Case
from engraft.core.assessment.dates import before_age_months
from engraft.core.assessment.result import Candidacy, Conclusion, DataUsed, Reason, WorkupState
from engraft.core.assessment.result import rule_reason as _reason
from engraft.core.assessment.severity import NOT_KNOWN, SeverityProfile
from engraft.core.assessment.subtype import GenotypeCall, result_data
from engraft.core.knowledge import KnowledgeBase
from engraft.core.vocabulary import ClinicalForm

_STANCE = {
    "indicated": Candidacy.INDICATED,
    "uncertain": Candidacy.EXPERT_REVIEW,
    "not_indicated": Candidacy.NOT_INDICATED,
    "not_curative": Candidacy.NOT_CURATIVE,
    "contraindicated": Candidacy.CONTRAINDICATED,
}
_LABELS = {
    Candidacy.INDICATED: "HSCT indicated",
    Candidacy.EXPERT_REVIEW: "Expert MDT review needed: benefit uncertain",
    Candidacy.NOT_INDICATED: "HSCT not indicated (mild form): supportive care",
    Candidacy.NOT_CURATIVE: "HSCT not curative: do not transplant",
    Candidacy.CONTRAINDICATED: "HSCT contraindicated",
}


@dataclass(frozen=True)
class Inputs:
    """Everything candidacy reads, gathered once by the engine."""

    case: Case
    call: GenotypeCall
    severity: SeverityProfile
    workup: tuple[WorkupState, ...]
    kb: KnowledgeBase
    as_of: date | None = None

    def is_infant(self) -> bool:
        """Before the first birthday (parameter infant_age_months, in-house) on the as-of."""
        if self.as_of is None:
            return False
        months = int(self.kb.parameter("infant_age_months").value)
        return before_age_months(self.case.date_of_birth, self.as_of, months)

    def classic_infantile_rows(self) -> tuple[str, ...]:
        """Ids of the diagnosed subtypes that rule 3 names classic infantile ARO."""
        classic = self.kb.classic_infantile.members
        return tuple(sorted({row.id for row, _ in self.call.diagnoses if row.id in classic}))


def genotype_gate(inp: Inputs) -> tuple[Candidacy, Reason] | None:
    """Rule 1: biallelic OSTM1 is contraindicated; biallelic TNFSF11 (RANKL) is not curative.

    Source: clinical.md section 8 rule 1 (Blood Adv 2017; Steward OST guide; Gerritsen 1994;
    Abinun 1999; Sobacchi 2007; Sobacchi & Abinun 2022). Contraindication wins over not
    curative when both are present.
    """
    gated = [
        (_STANCE[row.hsct_stance.value], row, result)
        for row, result in inp.call.diagnoses
        if row.hsct_stance.value in ("contraindicated", "not_curative")
    ]
    if not gated:
        return None
    gated.sort(key=lambda g: g[0] is not Candidacy.CONTRAINDICATED)
    value, row, result = gated[0]
    rule_id = {"OSTM1": "R1-OSTM1", "TNFSF11": "R1-RANKL"}.get(row.gene, "G-STANCE")
    index = inp.case.genetics.index(result)
    text = f"{row.name}: {row.hsct_stance.text}"
    reason = _reason(
        inp.kb, rule_id, text, (result_data(result, index),), row.hsct_stance.citations
    )
    return value, reason


def neurological_risk(inp: Inputs) -> tuple[DataUsed, ...]:
    """Why the genotype does not rule out neurodegeneration (empty when it does).

    Biallelic CLCN7, an OSTM1 variant of any class, or no genetic diagnosis yet
    (pathways.json neurological_risk; clinical.md sections 1 and 8 rule 2).
    """
    risk = inp.kb.neurological_risk
    why = [
        DataUsed("subtype", row.id)
        for row, _ in inp.call.diagnoses
        if row.id in risk.biallelic_subtypes
    ]
    why += [
        DataUsed(f"genetics[{i}]", f"{g.gene} {g.zygosity} {g.classification}")
        for i, g in enumerate(inp.case.genetics)
        if g.gene in risk.any_variant_genes
    ]
    if inp.call.state in risk.genotype_states:
        why.append(DataUsed("genetics", inp.call.state))
    return tuple(why)


def neurological_signs(inp: Inputs) -> list[str]:
    """Markers of the neurological signs that are present (seizures only without hypocalcaemia).

    Source: clinical.md section 5: seizures are usually hypocalcaemic, otherwise consider
    neurodegeneration (OSTM1); developmental delay is a neurodegeneration signal.
    """
    signs = [m for m in inp.kb.neurological_signs.members if inp.severity.present(m)]
    if "seizures" in signs and _hypocalcaemic_seizures(inp):
        signs.remove("seizures")
    return signs


def _hypocalcaemic_seizures(inp: Inputs) -> bool:
    """Hypocalcaemia recorded within a few days of the latest seizures (in-house window).

    Stale hypocalcaemia counts here: it explains the seizures of its time, which is the
    question, even after it no longer describes the child today.
    """
    seized_on = inp.severity.state("seizures").date
    days = int(inp.kb.parameter("hypocalcaemic_seizure_days").value)
    calcium = (*inp.severity.observations, *inp.severity.stale)
    return seized_on is not None and any(
        o.marker == "hypocalcaemia"
        and o.status == "present"
        and abs((o.date - seized_on).days) <= days
        for o in calcium
    )


def neurodegeneration_screen(inp: Inputs) -> Reason | None:
    """Rule 2: primary retinal or generalised neurodegeneration routes to an expert MDT.

    Source: clinical.md section 8 rule 2 (Abinun 1999; Thompson 1998; Stark 2009; Blood Adv
    2017). An abnormal ERG is a contraindication signal (section 5, Thompson 1998). In a
    child at neurological risk (biallelic CLCN7, any OSTM1 variant, genotype not settled),
    developmental delay or regression, seizures without hypocalcaemia and an abnormal brain
    MRI are signals too.
    """
    present = [m for m in inp.kb.neurodegeneration_markers.members if inp.severity.present(m)]
    risk = neurological_risk(inp)
    signs = neurological_signs(inp) if risk else []
    if not present and not signs:
        return None
    data = tuple(
        DataUsed(f"markers.{m}", "present", inp.severity.state(m).date) for m in present + signs
    )
    clcn7 = any(row.gene == "CLCN7" for row, _ in inp.call.diagnoses)
    if present:
        text = "Primary neurodegeneration signal: HSCT does not change its course; "
    else:
        labels = ", ".join(inp.severity.state(m).label.lower() for m in signs)
        text = f"Neurological signs ({labels}) where the genotype does not rule out "
        text += "neurodegeneration: "
    text += "do not auto-approve"
    if clcn7:
        text += " (CLCN7: severe brain disease can appear after an otherwise successful HSCT)"
    extra = inp.kb.neurological_signs.citations if signs else ()
    return _reason(inp.kb, "R2", text, data + (risk if signs else ()), extra)


def neuro_screen_missing(inp: Inputs) -> tuple[str, ...]:
    """What rule 2's screen still lacks: work-up items not current, markers not assessed."""
    items = tuple(
        f"workup:{w.item}" for w in inp.workup if w.neuro_screen and w.status != "current"
    )
    markers = tuple(
        f"marker:{m}"
        for m in inp.kb.neurodegeneration_markers.members
        if inp.severity.state(m).status in NOT_KNOWN
    )
    return items + markers


def incomplete_screen(inp: Inputs, missing: tuple[str, ...]) -> Reason:
    """Rule 2 for a child at neurological risk whose screen is incomplete: expert review."""
    data = neurological_risk(inp) + tuple(DataUsed("missing", m) for m in missing)
    text = (
        "Neurodegeneration screen incomplete (neurological examination, brain MRI, ERG with "
        "VEP, developmental assessment) in a child whose genotype does not rule out "
        "neurodegeneration: expert review, not provisional approval"
    )
    return _reason(inp.kb, "R2", text, data, inp.kb.neurological_risk.citations)


def assess_candidacy(inp: Inputs) -> Conclusion:
    """Candidacy with its reasons and, when provisional, the data it still needs."""
    gate = genotype_gate(inp)
    if gate is not None:
        value, reason = gate
        return Conclusion("candidacy", value, _LABELS[value], (reason,))
    neuro = neurodegeneration_screen(inp)
    if neuro is not None:
        missing = _genetics_missing(inp)
        value = Candidacy.EXPERT_REVIEW
        return Conclusion("candidacy", value, _LABELS[value], (neuro,), missing)
    if inp.call.state == "diagnosed":
        value, reasons = _from_genotype(inp)
    else:
        value, reasons = _from_phenotype(inp)
    missing: tuple[str, ...] = ()
    if value in (Candidacy.INDICATED, Candidacy.EXPERT_REVIEW):
        missing = _genetics_missing(inp) + neuro_screen_missing(inp)
    screen_gaps = neuro_screen_missing(inp)
    if value is Candidacy.INDICATED and screen_gaps and neurological_risk(inp):
        value = Candidacy.EXPERT_REVIEW
        reasons.append(incomplete_screen(inp, screen_gaps))
    elif value is Candidacy.INDICATED and missing:
        reasons.append(
            _reason(
                inp.kb,
                "R2",
                "Provisional: the neurodegeneration screen and genetics gate the final go/no-go",
                tuple(DataUsed("missing", m) for m in missing),
            )
        )
    label = _LABELS[value] + (" (provisional: data missing)" if missing else "")
    return Conclusion("candidacy", value, label, tuple(reasons), missing)


def _genetics_missing(inp: Inputs) -> tuple[str, ...]:
    if inp.call.state == "diagnosed":
        return ()
    return (f"genetics:{inp.call.state}",)


def _from_genotype(inp: Inputs) -> tuple[Candidacy, list[Reason]]:
    """The least favourable stance among the genetic diagnoses (rules 3, 7, 8; G-STANCE)."""
    reasons: list[Reason] = []
    values = []
    for row, result in inp.call.diagnoses:
        stance = _STANCE[row.hsct_stance.value]
        data = (result_data(result, inp.case.genetics.index(result)),)
        if stance is Candidacy.NOT_INDICATED and inp.severity.conclusion.value == "severe":
            stance = Candidacy.EXPERT_REVIEW
            text = f"{row.name} is a mild-form genotype but the phenotype is severe"
            sev = DataUsed("severity", inp.severity.conclusion.value)
            extra = row.typical_severity.citations
            reasons.append(_reason(inp.kb, "IH-DISCORDANCE", text, (*data, sev), extra))
        elif stance is Candidacy.NOT_INDICATED or row.gene == "CA2":
            text = f"{row.name}: {row.hsct_stance.text or 'HSCT not standard'}"
            reasons.append(_reason(inp.kb, "R8", text, data, row.hsct_stance.citations))
        elif stance is Candidacy.INDICATED and row.id in inp.kb.classic_infantile.members:
            # Genotype drives the infantile pathway: an infant is never routed to rule 7.
            intermediate = _is_intermediate(inp.case, row.clinical_form) and not inp.is_infant()
            rule = "R7" if intermediate else "R3"
            text = f"{row.name}: {row.hsct_stance.text}"
            reasons.append(_reason(inp.kb, rule, text, data, row.hsct_stance.citations))
        else:
            text = f"{row.name}: {row.hsct_stance.text}"
            reasons.append(_reason(inp.kb, "G-STANCE", text, data, row.hsct_stance.citations))
        values.append(stance)
    return min(values, key=lambda v: v.favourability), reasons


def _is_intermediate(case: Case, subtype_form: ClinicalForm) -> bool:
    form = case.clinical_form if case.clinical_form is not ClinicalForm.UNKNOWN else subtype_form
    return form is ClinicalForm.INTERMEDIATE_ARO


def _from_phenotype(inp: Inputs) -> tuple[Candidacy, list[Reason]]:
    """No genetic diagnosis yet: decide from the clinical form (rules 3, 7, 8; G-PENDING)."""
    case, kb = inp.case, inp.kb
    form = DataUsed("clinical_form", str(case.clinical_form))
    state = DataUsed("genetics", inp.call.state)
    severity = inp.severity.conclusion.value
    if inp.call.state in ("unresolved", "vus"):
        rule = "IH-UNKNOWN-GENE" if inp.call.state == "unresolved" else "IH-VUS"
        text = "The genetic result makes no diagnosis; it may hide a gating genotype"
        return Candidacy.EXPERT_REVIEW, [_reason(kb, rule, text, (state, form))]
    if inp.call.state == "no_diagnosis":
        text = "No genetic diagnosis: OSTM1, RANKL and neuropathic CLCN7 not ruled out"
        return Candidacy.EXPERT_REVIEW, [_reason(kb, "G-PENDING", text, (state, form))]
    pointer = _pointer_to_uncertain_gene(inp)
    if pointer is not None:
        return Candidacy.EXPERT_REVIEW, [pointer]
    if case.clinical_form is ClinicalForm.INFANTILE_ARO:
        text = "Typical infantile phenotype with genotype pending: HSCT indicated (rule 3)"
        return Candidacy.INDICATED, [_reason(kb, "R3", text, (form, state))]
    if case.clinical_form is ClinicalForm.INTERMEDIATE_ARO:
        text = "Intermediate form, genotype not known: elective HSCT consideration by the MDT"
        return Candidacy.EXPERT_REVIEW, [_reason(kb, "R7", text, (form, state))]
    if case.clinical_form is ClinicalForm.ADO and severity != "severe":
        text = "Autosomal dominant (mild) form: HSCT not standard; supportive care"
        return Candidacy.NOT_INDICATED, [_reason(kb, "R8", text, (form, state))]
    text = "Clinical form not typical and genotype not known: expert review"
    sev = DataUsed("severity", severity)
    return Candidacy.EXPERT_REVIEW, [_reason(kb, "G-PENDING", text, (form, state, sev))]


def _pointer_to_uncertain_gene(inp: Inputs) -> Reason | None:
    """A section 5 marker pointing to a gene whose every row is not 'indicated' (e.g. CA2)."""
    for marker in inp.kb.markers.values():
        if not marker.points_to or not inp.severity.present(marker.id):
            continue
        for gene in marker.points_to:
            rows = inp.kb.subtypes_for_gene(gene)
            if rows and all(r.hsct_stance.value != "indicated" for r in rows):
                text = f"{marker.label} points to {gene}, whose HSCT stance is case by case"
                data = (
                    DataUsed(f"markers.{marker.id}", "present", inp.severity.state(marker.id).date),
                )
                return Reason(
                    "S5-MARKER", text, data, marker.citations + rows[0].hsct_stance.citations
                )
    return None
