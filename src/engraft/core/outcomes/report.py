"""An analysis as result tables: counts, estimates on the reporting days, numbers at risk,
the test between groups and what was left out. Every output (text, JSON, charts, pages)
is made from these tables after the small-cell rule (``tables.suppress``)."""

from __future__ import annotations

from engraft.core.outcomes.analysis import Analysis, GroupCurve
from engraft.core.outcomes.knowledge import AnalysisConventions, analysis_conventions
from engraft.core.outcomes.tables import Count, Number, ResultTable, Text


def _rows(analysis: Analysis) -> tuple[list[GroupCurve], int | None]:
    """The groups, then all transplants (the total row) when there are groups."""
    if not analysis.groups:
        return [analysis.overall], None
    return [*analysis.groups, analysis.overall], len(analysis.groups)


def _pct(value: float | None) -> Number:
    return Number(None if value is None else 100.0 * value, digits=1, percent=True)


def summary_table(analysis: Analysis) -> ResultTable:
    """Transplants, events (and competing events), censored, and the median for survival."""
    incidence = not analysis.endpoint.is_survival
    columns = ["group", "transplants", "events"]
    if incidence:
        columns.append("competing events")
    columns.append("censored")
    if not incidence:
        columns.append("median (days)")
    rows, total = _rows(analysis)
    out = []
    for group in rows:
        c = group.curve
        cells: list = [Text(group.label), Count(c.n), Count(c.events)]
        if incidence:
            cells.append(Count(c.competing))
        cells.append(Count(c.censored))
        if not incidence:
            cells.append(Number(c.median_days, digits=0))
        out.append(tuple(cells))
    parts = (2, 3, 4) if incidence else (2, 3)
    return ResultTable(
        id="summary",
        title=f"{analysis.endpoint.name}: transplants and events",
        columns=tuple(columns),
        rows=tuple(out),
        n_column=1,
        total_row=total,
        additive=frozenset((1, *parts)),
        row_sums=((1, parts, True),),
    )


def estimates_table(
    analysis: Analysis, conventions: AnalysisConventions | None = None
) -> ResultTable:
    """The estimate with its 95 % interval and the number at risk on each reporting day."""
    conv = conventions or analysis_conventions()
    days = analysis.endpoint.report_days
    columns = ["group", "transplants"]
    for day in days:
        label = conv.day_label(day)
        columns += [
            f"{label} (%)",
            f"{label} 95 % CI low",
            f"{label} 95 % CI high",
            f"at risk {label}",
        ]
    rows, total = _rows(analysis)
    out = []
    for group in rows:
        cells: list = [Text(group.label), Count(group.curve.n)]
        for day in days:
            e = group.curve.estimate_on(day)
            assert e is not None
            cells += [_pct(e.value), _pct(e.lower), _pct(e.upper), Count(e.at_risk)]
        out.append(tuple(cells))
    additive = frozenset([1, *(2 + 4 * i + 3 for i in range(len(days)))])
    kind = "survival" if analysis.endpoint.is_survival else "cumulative incidence"
    return ResultTable(
        id="estimates",
        title=f"{analysis.endpoint.name}: {kind} on the reporting days",
        columns=tuple(columns),
        rows=tuple(out),
        n_column=1,
        total_row=total,
        additive=additive,
        note="No estimate after a group's longest follow-up if it ends in censoring; no "
        "interval where the estimate is 0 or 100 % (the log-log interval is not defined there).",
    )


def at_risk_table(
    analysis: Analysis, conventions: AnalysisConventions | None = None
) -> ResultTable:
    """Numbers at risk on the endpoint's days (the table under the curves)."""
    conv = conventions or analysis_conventions()
    days = analysis.endpoint.risk_days
    rows, total = _rows(analysis)
    out = []
    for group in rows:
        counts = dict(group.curve.at_risk)
        out.append((Text(group.label), Count(group.curve.n), *(Count(counts[d]) for d in days)))
    return ResultTable(
        id="at_risk",
        title=f"{analysis.endpoint.name}: numbers at risk",
        columns=("group", "transplants", *(conv.day_label(d) if d else "day 0" for d in days)),
        rows=tuple(out),
        n_column=1,
        total_row=total,
        additive=frozenset(range(1, 2 + len(days))),
    )


def logrank_table(analysis: Analysis) -> ResultTable | None:
    """The log-rank test between the recorded groups, when there was one."""
    test = analysis.log_rank
    if test is None:
        return None
    return ResultTable(
        id="test",
        title="Log-rank test between the recorded groups",
        columns=("test", "chi-square", "degrees of freedom", "p-value"),
        rows=(
            (
                Text("log-rank"),
                Number(test.statistic, digits=2),
                Number(float(test.degrees_of_freedom), digits=0),
                Text("<0.001" if test.p_value < 0.001 else f"{test.p_value:.3f}"),
            ),
        ),
    )


def excluded_table(analysis: Analysis) -> ResultTable | None:
    """Transplants left out because their data cannot answer the endpoint, by reason."""
    if not analysis.excluded:
        return None
    rows = [(Text(reason), Count(count)) for reason, count in analysis.excluded.items()]
    rows.append((Text("all left out"), Count(sum(analysis.excluded.values()))))
    return ResultTable(
        id="excluded",
        title="Left out: the data do not answer the endpoint",
        columns=("reason", "transplants"),
        rows=tuple(rows),
        total_row=len(rows) - 1,
        additive=frozenset({1}),
        note="Missing means unknown, never 'no event'.",
    )


def definitions_table(analysis: Analysis) -> ResultTable | None:
    """EFS only: second transplants without a graft failure recorded before them."""
    count = analysis.second_transplants_without_graft_failure
    if count is None:
        return None
    return ResultTable(
        id="definitions",
        title="Where this EFS and the EBMT registry's differ",
        columns=("what", "transplants"),
        rows=(
            (Text("second transplant without a graft failure recorded before it"), Count(count)),
        ),
        note="The EBMT registry's EFS counts death and graft failure; Engraft's also counts a "
        "second transplant. They differ only for these transplants.",
    )


def analysis_tables(
    analysis: Analysis, conventions: AnalysisConventions | None = None
) -> tuple[ResultTable, ...]:
    """Every table of an analysis, unsuppressed (pass them through ``suppress_all``)."""
    tables = [
        summary_table(analysis),
        estimates_table(analysis, conventions),
        at_risk_table(analysis, conventions),
        logrank_table(analysis),
        excluded_table(analysis),
        definitions_table(analysis),
    ]
    return tuple(t for t in tables if t is not None)
