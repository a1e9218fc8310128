"""Two typings of one person that cannot both be right.

A later typing may refine an earlier one (``A*02:XX`` then ``A*02:01``): at every locus typed
in both, some assignment of copies leaves each slot of one typing sharing an allele with a slot
of the other. When no assignment does, the typings conflict at that locus: a sample swap or a
typing error, which the HLA laboratory must resolve before either is used.
"""

from __future__ import annotations

from engraft.core.hla.hla_typing import HlaTyping
from engraft.core.hla.nomenclature import LOCI


def conflicting_loci(first: HlaTyping, second: HlaTyping) -> list[str]:
    """Loci typed in both typings whose typings cannot describe the same person."""
    out = []
    for name in LOCI:
        a, b = first.locus(name), second.locus(name)
        if a is None or b is None:
            continue
        (a1, a2), (b1, b2) = a.slots, b.slots
        if not ((a1 & b1 and a2 & b2) or (a1 & b2 and a2 & b1)):
            out.append(name)
    return out
