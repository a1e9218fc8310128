"""Which data count on a date: only what is dated on or before it (rule IH-AS-OF).

An assessment for a past date must not see what was learnt later, and data dated after
today is not a clinical fact at all. ``split_on`` gives the case as it stood on a date and
lists what it left out; ``dated_after`` names every dated field after a day (for refusing
data from the future).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from engraft.core.assessment.case import Case, GeneticTesting, GeneticTestingStatus
from engraft.core.assessment.result import IgnoredData


def dated_fields(case: Case) -> Iterator[tuple[str, date]]:
    """Every dated item of the case as (field path, date), in the case's own order."""
    testing = case.genetic_testing
    if testing.requested_on:
        yield "genetic_testing.requested_on", testing.requested_on
    if testing.reported_on:
        yield "genetic_testing.reported_on", testing.reported_on
    for i, result in enumerate(case.genetics):
        if result.reported_on:
            yield f"genetics[{i}].reported_on", result.reported_on
    for i, finding in enumerate(case.findings):
        yield f"findings[{i}].date", finding.date
    for i, lab in enumerate(case.labs):
        yield f"labs[{i}].date", lab.date
    for i, record in enumerate(case.workup):
        yield f"workup[{i}].date", record.date
    if case.lansky:
        yield "lansky.date", case.lansky.date
    if case.hct_ci:
        yield "hct_ci.date", case.hct_ci.date


def dated_after(case: Case, day: date) -> tuple[tuple[str, date], ...]:
    """The dated fields after ``day`` (e.g. today: data from the future)."""
    return tuple((where, on) for where, on in dated_fields(case) if on > day)


def _genetic_report_date(case: Case, index: int) -> date | None:
    return case.genetics[index].reported_on or case.genetic_testing.reported_on


def split_on(case: Case, as_of: date) -> tuple[Case, tuple[IgnoredData, ...]]:
    """The case as it stood on ``as_of``, and what was left out because it came later.

    A genetic result counts from its report date (the testing's report date when it has
    none). While the report is after ``as_of``, the testing reads as pending on that date
    (or not sent, if it was requested later still).
    """
    why = f"dated after the as-of date {as_of.isoformat()}"
    ignored = [IgnoredData(where, on, why) for where, on in dated_after(case, as_of)]
    genetics = tuple(
        g for i, g in enumerate(case.genetics) if (_genetic_report_date(case, i) or as_of) <= as_of
    )
    for i, g in enumerate(case.genetics):
        on = _genetic_report_date(case, i)
        if g not in genetics and g.reported_on is None and on is not None:
            ignored.append(IgnoredData(f"genetics[{i}]", on, f"reported {why}"))
    testing = _testing_on(case.genetic_testing, as_of)
    visible = replace(
        case,
        genetic_testing=testing,
        genetics=genetics,
        findings=tuple(f for f in case.findings if f.date <= as_of),
        labs=tuple(lab for lab in case.labs if lab.date <= as_of),
        workup=tuple(w for w in case.workup if w.date <= as_of),
        lansky=case.lansky if case.lansky and case.lansky.date <= as_of else None,
        hct_ci=case.hct_ci if case.hct_ci and case.hct_ci.date <= as_of else None,
    )
    return visible, tuple(ignored)


def _testing_on(testing: GeneticTesting, as_of: date) -> GeneticTesting:
    """The genetic testing's status on ``as_of``: not yet sent, pending or reported."""
    requested = testing.requested_on
    if requested and requested > as_of:
        return GeneticTesting(GeneticTestingStatus.NOT_SENT)
    if testing.reported_on and testing.reported_on > as_of:
        return GeneticTesting(GeneticTestingStatus.PENDING, requested_on=requested)
    return testing
