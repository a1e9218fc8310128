"""The "results" provider of the public site: only the figures the data manager published.

Aggregates only, in the shape of ``information.published_results``; every figure passes the
small-cell rule here (with complementary suppression, ``publishing.figure_values``), and the
page applies it once more.
"""

from __future__ import annotations

from django.utils import timezone

from .models import PublishedFigure
from .publishing import PUBLISHABLE, figure_values, suppress_below
from .selectors import transplant_cohort


def results_context() -> dict[str, object]:
    keys = [k for k in PublishedFigure.objects.values_list("key", flat=True) if k in PUBLISHABLE]
    if not keys:
        return {}
    today = timezone.localdate()
    cohort = transplant_cohort(today)
    values = figure_values(
        cohort.outcomes, [PUBLISHABLE[k] for k in keys], threshold=suppress_below()
    )
    first = min((o.transplant_date.year for o in cohort.outcomes), default=None)
    return {
        "results": [v.as_contract() for v in values],
        "results_as_of": today,
        "results_cohort": (
            f"Children transplanted at this centre since {first}" if first else "No transplant yet"
        ),
    }
