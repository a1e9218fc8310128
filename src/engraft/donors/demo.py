"""The demo's donor side: a small synthetic registry and synthetic typings (seeded, idempotent).

Nothing here is a real person. The registry is drawn by the core generator from the shared
haplotype-frequency file; demo families get typings built from registry haplotypes so that the
family analysis has something to find: some patients have an HLA-identical sibling, some only
haploidentical relatives, one family a child whose typing cannot come from the parents. For
each typed patient a few unrelated donors and a cord unit that match well are planted in the
registry, and one anti-HLA antibody makes a planted donor carry a donor-specific antibody.
"""

from __future__ import annotations

import csv
import json
import logging
import tempfile
from datetime import timedelta
from pathlib import Path

import numpy as np
from django.db import transaction
from django.utils import timezone

from engraft.core.donor_search.generator import generate_registry
from engraft.core.donor_search.importers import import_file
from engraft.core.donor_search.store import FORMAT_VERSION, open_store
from engraft.core.hla.antigens import same_antigen
from engraft.core.hla.hla_typing import parse_typing
from engraft.core.hla.nomenclature import LOCI, hla_data_dir
from engraft.record.models import Patient

from .models import AntiHlaAntibody, HlaTyping, TypingMethod
from .registry import nomenclature, registry_dir
from .selectors import FAMILY_ROLES

DEMO_SEED = 20261205
DEMO_REGISTRY_SIZE = 20_000
DEMO_CORD_SHARE = 0.03
DEMO_AMBIGUOUS_SHARE = 0.1
DEMO_TYPED_PATIENTS = 14
DEMO_LAB = "Demo HLA laboratory (synthetic)"
CSV_HEADER = ["donor_id", "kind", "registry", "age", "sex", "cmv", "abo", "tnc", "cd34", "hla"]

Haplotype = dict[str, str]
log = logging.getLogger(__name__)


def haplotype_file() -> Path:
    return hla_data_dir() / "freqs" / "CAU.5locus.freqs.gz"


def _ensure_registry(path: Path, size: int, seed: int) -> None:
    marker = path / "demo.json"
    if marker.exists():
        if _store_format(path) == FORMAT_VERSION:
            return  # built by an earlier run
        # A store of an older format is refused by the search: build it again. Donors planted
        # for families typed by an earlier run are not planted again (reset the demo for them).
        log.warning("demo registry %s has an older store format: building it again", path)
    generate_registry(nomenclature(), haplotype_file(), size, path,
                      DEMO_AMBIGUOUS_SHARE, seed, DEMO_CORD_SHARE)  # fmt: skip
    marker.write_text(json.dumps({"size": size, "seed": seed, "synthetic": True}), "utf-8")


def _store_format(path: Path) -> object:
    try:
        return json.loads((path / "meta.json").read_text("utf-8")).get("format")
    except (OSError, ValueError):
        return None


def _haplotype_rows(path: Path) -> list[tuple[Haplotype, Haplotype]]:
    """Both haplotypes of every registry donor typed at one allele per locus copy."""
    store = open_store(path)
    out = []
    for row in range(min(store.count, 5000)):
        codes = store.hla[row]
        pair: tuple[Haplotype, Haplotype] = ({}, {})
        for i, locus in enumerate(LOCI):
            for k in (0, 1):
                alleles = store.codebook.alleles(locus, int(codes[2 * i + k]))
                if len(alleles) == 1:
                    pair[k][locus] = next(iter(alleles))
        if all(len(h) == len(LOCI) for h in pair):
            out.append(pair)
    return out


def _gl(a: Haplotype, b: Haplotype) -> str:
    return "^".join(f"{a[locus]}+{b[locus]}" for locus in LOCI)


def _type(patient, relative, gl: str, today) -> None:
    parsed = parse_typing(nomenclature(), gl)
    HlaTyping.objects.create(
        patient=patient, relative=relative, gl_string=gl, normalised=parsed.gl(),
        typed_on=today - timedelta(days=20), method=TypingMethod.NGS, laboratory=DEMO_LAB,
        imgt_release=parsed.imgt_release,
    )  # fmt: skip


def _type_family(patient, k: int, haps, rng, today) -> list[list[str]]:
    """Type patient, parents and siblings; return CSV rows of donors planted for the patient."""
    f, m = haps[rng.integers(len(haps))], haps[rng.integers(len(haps))]
    own = (f[0], m[0])
    _type(patient, None, _gl(*own), today)
    siblings = 0
    for relative in patient.relatives.all():
        role = FAMILY_ROLES.get(relative.relationship)
        if role == "father":
            _type(patient, relative, _gl(*f), today)
        elif role == "mother":
            _type(patient, relative, _gl(*m), today)
        elif role == "sibling":
            scenario = k % 3
            if siblings == 0 and scenario == 0:
                pair = own  # an HLA-identical sibling
            elif siblings == 0 and scenario == 2:
                pair = (f[0], haps[rng.integers(len(haps))][1])  # cannot come from the parents
            else:
                pair = (f[int(rng.integers(2))], m[1])  # haploidentical or not identical
            _type(patient, relative, _gl(*pair), today)
            siblings += 1
    # Planted unrelated donors: an identical one, one with a mismatch at A (against which the
    # patient has an antibody: a DSA), and a cord unit.
    nom = nomenclature()
    foreign = next(
        h[0]["A"]
        for h in haps[k:] + haps
        if not any(same_antigen(nom, h[0]["A"], own[i]["A"]) for i in (0, 1))
    )
    mismatched = {**own[1], "A": foreign}
    AntiHlaAntibody.objects.create(
        patient=patient,
        specificity=foreign,
        mfi=4500,
        tested_on=today - timedelta(days=14),
        laboratory=DEMO_LAB,
    )
    tag = f"DEMO{k:02d}"
    return [
        [f"{tag}-MATCH", "adult", "SYN-REG-1", 24, "male", "negative", "O", "", "", _gl(*own)],
        [f"{tag}-DSA", "adult", "SYN-REG-2", 21, "male", "negative", "O", "", "",
         _gl(own[0], mismatched)],
        # age 0: the core importer refuses an empty age although its docs allow one (reported)
        [f"{tag}-CORD", "cord", "SYN-CORD-BANK", 0, "unknown", "unknown", "unknown",
         "2.1e9", "7e6", _gl(*own)],
    ]  # fmt: skip


@transaction.atomic
def load_demo_donors(
    path: Path | None = None,
    size: int = DEMO_REGISTRY_SIZE,
    seed: int = DEMO_SEED,
    typed_patients: int = DEMO_TYPED_PATIENTS,
) -> dict[str, int]:
    """Build the registry (once) and type the first demo families not yet typed."""
    path = path or registry_dir()
    _ensure_registry(path, size, seed)
    # Children at the donor-search stage first, then work-up and later: whom the team
    # would be searching for.
    stage_order = {"donor_search": 0, "work_up": 1, "transplanted": 2, "follow_up": 3}
    candidates = sorted(
        (
            p for p in Patient.objects.order_by("public_id").prefetch_related("relatives")
            if {"mother", "father"} <= {r.relationship for r in p.relatives.all()}
        ),
        key=lambda p: stage_order.get(p.pathway_stage, 9),
    )[:typed_patients]  # fmt: skip
    todo = [(k, p) for k, p in enumerate(candidates) if not p.hla_typings.exists()]
    if not todo:
        return {"registry": open_store(path).count, "typed": 0}
    haps = _haplotype_rows(path)
    today = timezone.localdate()
    planted = []
    for k, patient in todo:
        rng = np.random.default_rng(seed + k)
        planted += _type_family(patient, k, haps, rng, today)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "planted.csv"
        with csv_path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_HEADER)
            writer.writerows(planted)
        report = import_file(nomenclature(), csv_path, path, progress=False)
    if report.errors:
        raise ValueError(f"planted demo donors refused: {report.errors}")
    return {"registry": open_store(path).count, "typed": len(todo)}
