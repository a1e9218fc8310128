"""Small-cell suppression: the one threshold every public-facing figure obeys.

software.md section 4.3 (outcomes reporting conventions): "With tiny rare-disease cohorts,
suppress cells with n<11 in any public-facing output. This is a common small-cell policy, not
a HIPAA requirement." Section 5 adds that in a disease of about 1 in 250,000 births a
handful of children per centre can be recognised from what remains after de-identification.
So a public figure computed on fewer than ``SMALL_CELL_MIN_N`` children is never shown.
"""

from __future__ import annotations

from numbers import Integral

# The smallest number of children a public figure may rest on (software.md section 4.3).
SMALL_CELL_MIN_N = 11


def is_small_cell(n: object) -> bool:
    """True when a figure on ``n`` children must be suppressed.

    Fails closed: anything that is not a whole number of children (None, text, a bool, a
    float, a negative count) is treated as a small cell. Integers of any kind count (a numpy
    integer from the analytics included).
    """
    if isinstance(n, bool) or not isinstance(n, Integral):
        return True
    return int(n) < SMALL_CELL_MIN_N
