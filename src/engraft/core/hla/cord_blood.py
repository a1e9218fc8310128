"""Cord blood units: HLA grading (6/6 traditional, 8/8 allele-level) and cell dose per kg.

- Traditional x/6: HLA-A and -B at antigen level, DRB1 at allele level; newer practice x/8:
  A, B, C, DRB1 at allele level (hla.md, "Cord blood"; Eapen M et al., Lancet Oncol
  2014;15:1366-73, detail unverified).
- Cell dose thresholds: hla.md says Dehn 2019 lists them ("check before encoding"). The paper
  was not available here, so the figures below are IN-HOUSE defaults pending verification
  against Dehn J et al., BBMT 2019;25(7):1302-7, and every result says so.
- In osteopetrosis, unrelated cord blood under reduced-intensity conditioning engrafted in 0 of
  5 children (Bone Marrow Transplant 2006;38:783-7, hla.md/clinical.md): shown as a caution.
"""

from __future__ import annotations

from dataclasses import dataclass

from engraft.core.hla.hla_typing import HlaTyping
from engraft.core.hla.knowledge import donor_constants
from engraft.core.hla.match_grade import grade
from engraft.core.hla.nomenclature import Nomenclature

_CONSTANTS = donor_constants()
#: In-house defaults, unverified (see module docstring): cells per kg recipient weight, read
#: from the knowledge base (``donors.json``).
MIN_TNC_PER_KG = _CONSTANTS.cord_min_tnc_per_kg.value
MIN_CD34_PER_KG = _CONSTANTS.cord_min_cd34_per_kg.value
DOSE_SOURCE = (
    f"TNC >= {MIN_TNC_PER_KG:.1e}/kg and CD34+ >= {MIN_CD34_PER_KG:.1e}/kg: "
    f"{_CONSTANTS.cord_min_tnc_per_kg.label}"
)
OSTEOPETROSIS_CAUTION = _CONSTANTS.cord_osteopetrosis_caution


@dataclass(frozen=True)
class CordGrade:
    """HLA grade and cell dose of one cord unit for one patient."""

    traditional_matched: int  # of 6: A, B antigen level; DRB1 allele level
    allele_matched: int  # of 8: A, B, C, DRB1 allele level
    tnc_per_kg: float | None
    cd34_per_kg: float | None
    tnc_adequate: bool | None
    cd34_adequate: bool | None
    dose_source: str
    caution: str
    imgt_release: str

    @property
    def labels(self) -> tuple[str, str]:
        """('5/6', '6/8') style labels (best case for ambiguous typings)."""
        return f"{self.traditional_matched}/6", f"{self.allele_matched}/8"


def grade_cord(
    nomenclature: Nomenclature,
    patient: HlaTyping,
    unit: HlaTyping,
    tnc: float | None,
    cd34: float | None,
    weight_kg: float | None,
) -> CordGrade:
    """Grade a cord unit; TNC and CD34+ are the unit's totals, divided by patient weight."""
    mg = grade(nomenclature, patient, unit)
    traditional = 6 - (
        mg.loci["A"].antigen_mismatches_min
        + mg.loci["B"].antigen_mismatches_min
        + mg.loci["DRB1"].mismatches_min
    )
    allele = 8 - sum(mg.loci[n].mismatches_min for n in ("A", "B", "C", "DRB1"))
    tnc_kg = cd34_kg = None
    if weight_kg is not None and weight_kg <= 0:
        raise ValueError(f"patient weight {weight_kg} kg must be positive")
    if weight_kg and tnc is not None and tnc == tnc:  # NaN = unknown
        tnc_kg = tnc / weight_kg
    if weight_kg and cd34 is not None and cd34 == cd34:
        cd34_kg = cd34 / weight_kg
    return CordGrade(
        traditional_matched=traditional,
        allele_matched=allele,
        tnc_per_kg=tnc_kg,
        cd34_per_kg=cd34_kg,
        tnc_adequate=None if tnc_kg is None else tnc_kg >= MIN_TNC_PER_KG,
        cd34_adequate=None if cd34_kg is None else cd34_kg >= MIN_CD34_PER_KG,
        dose_source=DOSE_SOURCE,
        caution=OSTEOPETROSIS_CAUTION,
        imgt_release=nomenclature.imgt_release,
    )
