"""Donor-specific anti-HLA antibodies (DSA): a donor allele that one of the patient's antibodies
recognises, at or above an MFI threshold.

hla.md ("Donor selection order", after Dehn 2019): for mismatched and haploidentical donors,
test the recipient for DSA and avoid donors against whom they exist. hla.md gives no MFI
cut-off, so the threshold is an IN-HOUSE default, to be set by the centre's HLA laboratory;
it is read from the knowledge base (``donors.json``, ``dsa_mfi_threshold``).

A specificity is an allele (``A*02:01``), an XX/MAC code or a serologic antigen (``A2``, broad
``A9``); py-ard expands it to the ARD-level (lgx) alleles it covers, and a donor allele in that
set is a hit. An ambiguous donor slot is flagged when any allele it may be is covered
(conservative: a possible DSA is shown, never hidden).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engraft.core.hla.hla_typing import reduce_token
from engraft.core.hla.knowledge import donor_constants
from engraft.core.hla.nomenclature import Nomenclature

_THRESHOLD = donor_constants().dsa_mfi_threshold
#: MFI at or above which an antibody counts as a DSA (knowledge base; in-house, see above).
DSA_MFI_THRESHOLD = int(_THRESHOLD.value)
DSA_THRESHOLD_SOURCE = f"MFI >= {DSA_MFI_THRESHOLD}: {_THRESHOLD.label}"


@dataclass(frozen=True)
class Antibody:
    specificity: str
    mfi: int


def dsa_hits(
    nomenclature: Nomenclature,
    donor_alleles: Iterable[str],
    antibodies: Iterable[Antibody],
    threshold: int = DSA_MFI_THRESHOLD,
) -> list[dict[str, object]]:
    """The antibodies (at or above ``threshold``) that recognise a donor allele."""
    alleles = set(donor_alleles)
    hits = []
    for antibody in antibodies:
        if antibody.mfi < threshold:
            continue
        covered = reduce_token(nomenclature, antibody.specificity)
        found = sorted(alleles & covered)
        if found:
            hits.append({"specificity": antibody.specificity, "mfi": antibody.mfi,
                         "donor_alleles": found})  # fmt: skip
    return hits
