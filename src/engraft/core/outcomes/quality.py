"""Programme quality measures that matter in osteopetrosis, per year of referral.

Vision is conserved better when HSCT is done before 3 months of age (Driessen 2003), so the
programme watches how fast a referred child reaches assessment, an identified donor and the
transplant, the age at transplant, and the share transplanted before 3 months and before 6
months (6 months: an Engraft choice, see ``outcomes_analysis.json``). Each child counts in
the year of referral; intervals are medians with the quartiles, over the children who have
reached that step (those still waiting are counted apart, not as zero).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from engraft.core.outcomes.knowledge import AnalysisConventions, analysis_conventions
from engraft.core.outcomes.tables import Count, Number, ResultTable, Text


@dataclass(frozen=True)
class ProgrammeDates:
    """One referred child's milestones (None: not reached yet, or not recorded)."""

    child_id: str
    birth_date: date
    referral_date: date
    assessment_date: date | None = None
    donor_identified_date: date | None = None
    transplant_date: date | None = None

    def __post_init__(self) -> None:
        if self.referral_date < self.birth_date:
            raise ValueError(f"{self.child_id}: referral before birth")
        for name in ("assessment_date", "donor_identified_date", "transplant_date"):
            value = getattr(self, name)
            if value is not None and value < self.referral_date:
                raise ValueError(f"{self.child_id}: {name} is before the referral")


@dataclass(frozen=True)
class Interval:
    """Median and quartiles of a number of days, over ``n`` children."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None


@dataclass(frozen=True)
class YearMeasures:
    """The measures of the children referred in one year."""

    year: int
    referred: int
    referral_to_assessment: Interval
    referral_to_donor: Interval
    referral_to_transplant: Interval
    age_at_transplant: Interval
    transplanted: int
    transplanted_before: dict[int, int]  # months -> children transplanted younger than that


def _interval(days: Sequence[int]) -> Interval:
    if not days:
        return Interval(0, None, None, None)
    if len(days) == 1:
        return Interval(1, float(days[0]), float(days[0]), float(days[0]))
    q1, median, q3 = statistics.quantiles(days, n=4, method="inclusive")
    return Interval(len(days), float(median), float(q1), float(q3))


def quality_measures(
    children: Sequence[ProgrammeDates], conventions: AnalysisConventions | None = None
) -> tuple[YearMeasures, ...]:
    """The measures per year of referral, oldest year first."""
    conv = conventions or analysis_conventions()
    limits = tuple(int(m) for m in conv.programme_age_limits.value)
    by_year: dict[int, list[ProgrammeDates]] = {}
    for child in children:
        by_year.setdefault(child.referral_date.year, []).append(child)
    out = []
    for year in sorted(by_year):
        group = by_year[year]

        def days(name: str, group: list[ProgrammeDates] = group) -> list[int]:
            return [
                (getattr(c, name) - c.referral_date).days
                for c in group
                if getattr(c, name) is not None
            ]

        ages = [(c.transplant_date - c.birth_date).days for c in group if c.transplant_date]
        out.append(
            YearMeasures(
                year=year,
                referred=len(group),
                referral_to_assessment=_interval(days("assessment_date")),
                referral_to_donor=_interval(days("donor_identified_date")),
                referral_to_transplant=_interval(days("transplant_date")),
                age_at_transplant=_interval(ages),
                transplanted=len(ages),
                transplanted_before={
                    m: sum(1 for a in ages if a < conv.months_in_days(m)) for m in limits
                },
            )
        )
    return tuple(out)


def quality_table(
    measures: Sequence[YearMeasures], conventions: AnalysisConventions | None = None
) -> ResultTable:
    """The measures as a table, a row a year (counts are counts: the small-cell rule applies)."""
    conv = conventions or analysis_conventions()
    limits = tuple(int(m) for m in conv.programme_age_limits.value)
    columns = [
        "year of referral",
        "referred",
        "assessed",
        "days to assessment (median)",
        "donor identified",
        "days to donor identified (median)",
        "transplanted",
        "days to transplant (median)",
        "age at transplant, days (median)",
    ]
    for m in limits:
        columns += [f"transplanted before {m} months", f"before {m} months (% of transplanted)"]
    rows = []
    for y in measures:
        cells: list = [
            Text(str(y.year)),
            Count(y.referred),
            Count(y.referral_to_assessment.n),
            Number(y.referral_to_assessment.median, digits=0, of=(2,)),
            Count(y.referral_to_donor.n),
            Number(y.referral_to_donor.median, digits=0, of=(4,)),
            Count(y.transplanted),
            Number(y.referral_to_transplant.median, digits=0, of=(6,)),
            Number(y.age_at_transplant.median, digits=0, of=(6,)),
        ]
        for m in limits:
            share = 100 * y.transplanted_before[m] / y.transplanted if y.transplanted else None
            cells += [
                Count(y.transplanted_before[m]),
                Number(share, percent=True, of=(6, len(cells))),
            ]
        rows.append(tuple(cells))
    return ResultTable(
        id="quality",
        title="Programme quality measures, by year of referral",
        columns=tuple(columns),
        rows=tuple(rows),
        n_column=1,
        # Children not yet assessed, without a donor, not transplanted, transplanted after a
        # limit: none of these remainders may be worked out when it is small.
        row_sums=(
            (1, (2,), False),
            (1, (4,), False),
            (1, (6,), False),
            *((6, (9 + 2 * k,), False) for k in range(len(limits))),
            *((9 + 2 * (k + 1), (9 + 2 * k,), False) for k in range(len(limits) - 1)),
        ),
        note="Medians over the children who reached each step; a child still waiting is not "
        f"counted as zero days. A month of age is {conv.month_days.value:g} days.",
    )
