"""The small-cell rule: no count under the threshold is ever shown, nor can one be worked out.

Property tests over random tables, and over whole outputs (JSON, text, chart) of random small
cohorts: every count a shared output shows is at least the threshold.
"""

from __future__ import annotations

import json
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engraft.core.outcomes import analyse, compare_with_published, synthetic_outcomes
from engraft.core.outcomes.charts import curves_chart_svg
from engraft.core.outcomes.render import analysis_json, analysis_text
from engraft.core.outcomes.tables import Count, Number, ResultTable, Text, Withheld, suppress

THRESHOLD = 11


@st.composite
def partitioned_tables(draw):
    """Groups of a total, each split into events and censored, with a total row."""
    groups = draw(st.integers(min_value=1, max_value=7))
    rows = []
    for i in range(groups):
        events = draw(st.integers(min_value=0, max_value=40))
        censored = draw(st.integers(min_value=0, max_value=40))
        rows.append(
            (Text(f"g{i}"), Count(events + censored), Count(events), Count(censored), Number(0.5))
        )
    totals = [sum(r[j].value for r in rows) for j in (1, 2, 3)]
    rows.append((Text("all"), *(Count(t) for t in totals), Number(0.4)))
    return ResultTable(
        id="t",
        title="t",
        columns=("group", "n", "events", "censored", "estimate"),
        rows=tuple(rows),
        n_column=1,
        total_row=groups,
        additive=frozenset({1, 2, 3}),
        row_sums=((1, (2, 3), True),),
    )


def _value(table: ResultTable, i: int, j: int) -> int:
    return next(r for k, r in enumerate(table.rows) if k == i)[j].value


@settings(max_examples=300, deadline=None)
@given(partitioned_tables(), st.integers(min_value=0, max_value=20))
def test_no_count_under_the_threshold_is_ever_shown(table, threshold):
    out = suppress(table, threshold)
    for row in out.rows:
        for cell in row:
            if isinstance(cell, Count):
                assert cell.value >= threshold


@settings(max_examples=300, deadline=None)
@given(partitioned_tables())
def test_a_withheld_count_cannot_be_worked_out_by_subtraction(table):
    out = suppress(table, THRESHOLD)
    rows = out.rows
    total = out.total_row
    # Down each column: a shown total never has exactly one withheld part.
    for j in (1, 2, 3):
        if isinstance(rows[total][j], Count):
            hidden = [
                i for i in range(len(rows)) if i != total and isinstance(rows[i][j], Withheld)
            ]
            assert len(hidden) != 1
    # Along each row: a shown n never has exactly one of events, censored withheld.
    for row in rows:
        if isinstance(row[1], Count):
            assert [isinstance(row[j], Withheld) for j in (2, 3)].count(True) != 1


@settings(max_examples=300, deadline=None)
@given(partitioned_tables())
def test_an_estimate_of_a_withheld_group_is_withheld(table):
    out = suppress(table, THRESHOLD)
    for row in out.rows:
        if isinstance(row[1], Withheld):
            assert isinstance(row[4], Withheld)


def test_nothing_is_withheld_when_the_rule_is_off():
    table = ResultTable("t", "t", ("group", "n"), ((Text("a"), Count(2)), (Text("b"), Count(0))))
    assert suppress(table, 0).rows == table.rows


def test_zero_is_a_small_cell_too():
    table = ResultTable("t", "t", ("group", "n"), ((Text("a"), Count(0)),))
    assert isinstance(suppress(table, THRESHOLD).rows[0][1], Withheld)


def test_a_share_is_withheld_with_its_numerator():
    table = ResultTable(
        "q", "q", ("year", "transplanted", "before 3 months", "share"),
        ((Text("2020"), Count(20), Count(4), Number(20.0, of=(1, 2))),),
        n_column=1,
    )  # fmt: skip
    row = suppress(table, THRESHOLD).rows[0]
    assert isinstance(row[2], Withheld) and isinstance(row[3], Withheld)
    assert row[1] == Count(20)


def test_a_small_remainder_is_protected():
    # 15 referred, 12 transplanted: showing both tells that 3 are not transplanted.
    table = ResultTable(
        "q", "q", ("year", "referred", "transplanted"),
        ((Text("2020"), Count(15), Count(12)),),
        row_sums=((1, (2,), False),),
    )  # fmt: skip
    row = suppress(table, THRESHOLD).rows[0]
    assert row[1] == Count(15) and isinstance(row[2], Withheld)


def _json_counts(document: dict) -> list[int]:
    values = []
    for table in document["tables"]:
        for row in table["rows"]:
            for column in table["count_columns"]:
                value = row[column]
                if isinstance(value, int):
                    values.append(value)
    return values


ENDPOINTS = st.sampled_from(["os", "efs", "engraftment", "graft_failure", "agvhd", "cgvhd"])
STRATA = st.sampled_from(
    [None, "donor_type", "graft_source", "conditioning", "genotype", "era", "age_group"]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=1, max_value=80),
    st.integers(min_value=0, max_value=10_000),
    ENDPOINTS,
    STRATA,
)
def test_no_shared_output_shows_a_count_under_the_threshold(size, seed, endpoint, by):
    cohort = synthetic_outcomes(size, seed=seed, end_date=date(2025, 6, 30), unknown_share=0.1)
    analysis = analyse(cohort, endpoint, by=by)
    comparisons = compare_with_published(cohort, endpoint, suppress_below=THRESHOLD)
    document = json.loads(analysis_json(analysis, comparisons, suppress_below=THRESHOLD))
    assert all(v >= THRESHOLD for v in _json_counts(document))
    for comparison in comparisons:  # the sentences never give a small count either
        for number in re.findall(
            r"\b(\d+) (?:of the centre's|children|transplants)", comparison.sentence
        ):
            assert int(number) >= THRESHOLD or f"Fewer than {number}" in comparison.sentence
    text = analysis_text(analysis, comparisons, suppress_below=THRESHOLD)
    assert "*" in text or size >= THRESHOLD
    svg = curves_chart_svg(analysis, suppress_below=THRESHOLD)
    shown = re.findall(r'id="outcomes-chart-risk-[^"]*">\s*<text[^>]*>([^<]*)<', svg)
    assert shown
    for number in shown:
        assert number == "*" or int(number) >= THRESHOLD
