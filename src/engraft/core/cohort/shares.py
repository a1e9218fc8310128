"""The proportions the synthetic cohort is drawn from, each with its source.

Genotype shares: EBMT Inborn Errors Working Party registry, genotyped children transplanted
for osteopetrosis (n=321): TCIRG1 66.4%, CLCN7 12.9%, SNX10 6.6%, TNFRSF11A 5.9%
(Blood 2025;146(Suppl 1):165, clinical.md section 1 [V-abs]). The remaining 8.2% is spread
over the rarer genes of clinical.md section 1 (OSTM1, TNFSF11, CA2, FERMT3): that split is
in-house. A referral programme also sees children the registry does not (not transplanted),
which is why OSTM1 and TNFSF11 appear at all.

Genotype pending: about 25% of ARO had no genotype in 2013 (Pangrazio 2013, clinical.md
section 1 [V-abs]); the cohort applies it only to children early in the pathway, because
molecular confirmation comes before HSCT (clinical.md 2b).

Marker frequencies before HSCT (EBMT 746, clinical.md section 5 [V-abs]): transfusion
dependence 53.6%, splenomegaly 70.5%, visual impairment 57.5%, raised ICP 16.9%,
seizures 11.7%, hypocalcaemia 76.6%, fractures 16.9%.
"""

from __future__ import annotations

from enum import StrEnum

GENE_SHARES: tuple[tuple[str, float], ...] = (
    ("TCIRG1", 0.664),
    ("CLCN7", 0.129),
    ("SNX10", 0.066),
    ("TNFRSF11A", 0.059),
    ("OSTM1", 0.030),  # in-house split of the remaining 8.2%
    ("TNFSF11", 0.020),
    ("CA2", 0.020),
    ("FERMT3", 0.012),
)
GENOTYPE_PENDING_SHARE = 0.25  # Pangrazio 2013

MARKER_FREQUENCY = {
    "transfusion_dependence": 0.536,
    "splenomegaly": 0.705,
    "visual_impairment": 0.575,
    "raised_icp": 0.169,
    "seizures": 0.117,
    "hypocalcaemia": 0.766,
    "fractures": 0.169,
}  # EBMT 2025 (clinical.md 5)

HYPERCALCAEMIA_AFTER_HSCT = 0.40  # Martinez 2010: 6/15 (clinical.md 4a)

# Synthetic transcripts and variants. Founder variants are named in clinical.md 6
# (TCIRG1 c.807+5G>A Chuvash, c.117+4A>T Ashkenazi; SNX10 c.212+1G>T Vasterbotten); the
# transcript accessions are illustrative and the other variants are invented.
TRANSCRIPTS = {
    "TCIRG1": "NM_006019.4",
    "CLCN7": "NM_001287.6",
    "SNX10": "NM_001199835.1",
    "TNFRSF11A": "NM_003839.4",
    "OSTM1": "NM_014028.4",
    "TNFSF11": "NM_003701.4",
    "CA2": "NM_000067.3",
    "FERMT3": "NM_178443.3",
}
FOUNDER_VARIANTS = {
    "TCIRG1": ("c.807+5G>A", "c.117+4A>T", "c.1674-1G>A"),
    "SNX10": ("c.212+1G>T",),
}


class PathwayStage(StrEnum):
    """Where a child is on the care pathway (DESIGN.md)."""

    REFERRED = "referred"
    ASSESSMENT = "assessment"
    WORK_UP = "work_up"
    DONOR_SEARCH = "donor_search"
    TRANSPLANTED = "transplanted"
    FOLLOW_UP = "follow_up"

    @property
    def after_transplant(self) -> bool:
        """The child has had HSCT."""
        return self in (PathwayStage.TRANSPLANTED, PathwayStage.FOLLOW_UP)
