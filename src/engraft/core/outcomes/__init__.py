"""The pure core of outcomes analytics: survival and competing-risk estimates of a centre's
transplants, beside the published series, with programme quality measures and the small-cell
rule for shared outputs.

Dataclasses in, dataclasses out; no Django. Kaplan-Meier and the log-rank test come from
lifelines, cumulative incidence with competing risks from scikit-survival (exact with tied
days); no estimator is written by hand. Definitions, reporting days and the published figures
are data (``engraft/core/knowledge/outcomes_analysis.json`` and ``published_series.json``).
Start with :func:`analyse` and :func:`read_outcomes_csv`; docs/outcomes.md explains the rest.
"""

from engraft.core.outcomes.analysis import Analysis, GroupCurve, analyse
from engraft.core.outcomes.csv_format import (
    COLUMNS,
    OutcomeCsvError,
    OutcomeCsvReport,
    iter_outcomes_csv,
    read_outcomes_csv,
    write_outcomes_csv,
)
from engraft.core.outcomes.curves import Curve, Estimate
from engraft.core.outcomes.knowledge import (
    AnalysisConventions,
    Endpoint,
    PublishedFigure,
    analysis_conventions,
    published_series,
)
from engraft.core.outcomes.published import Comparison, compare_with_published
from engraft.core.outcomes.quality import ProgrammeDates, YearMeasures, quality_measures
from engraft.core.outcomes.records import DeathCause, Event, EventStatus, TransplantOutcome
from engraft.core.outcomes.strata import STRATA
from engraft.core.outcomes.synthetic import synthetic_outcomes
from engraft.core.outcomes.tables import ResultTable, suppress, suppress_all

__all__ = [
    "COLUMNS",
    "STRATA",
    "Analysis",
    "AnalysisConventions",
    "Comparison",
    "Curve",
    "DeathCause",
    "Endpoint",
    "Estimate",
    "Event",
    "EventStatus",
    "GroupCurve",
    "OutcomeCsvError",
    "OutcomeCsvReport",
    "ProgrammeDates",
    "PublishedFigure",
    "ResultTable",
    "TransplantOutcome",
    "YearMeasures",
    "analyse",
    "analysis_conventions",
    "compare_with_published",
    "iter_outcomes_csv",
    "published_series",
    "quality_measures",
    "read_outcomes_csv",
    "suppress",
    "suppress_all",
    "synthetic_outcomes",
    "write_outcomes_csv",
]
