"""The outcomes page: the cohort filtered, its analyses as the core's tables and charts.

Everything shown is computed by the core (``engraft.core.outcomes``): the estimates,
intervals, numbers at risk, log-rank test, the comparison with the published series and its
sentences, the quality measures, the SVG charts. Every table passes the small-cell rule first
(``render.shared_tables``), unless a physician or data manager asks to see small cells, and
then the page says it is not for sharing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString, mark_safe

from engraft.core.outcomes import analyse, analysis_conventions, compare_with_published
from engraft.core.outcomes.charts import curves_chart_svg
from engraft.core.outcomes.knowledge import Endpoint
from engraft.core.outcomes.quality import quality_measures, quality_table
from engraft.core.outcomes.records import TransplantOutcome
from engraft.core.outcomes.render import rule_text, shared_tables
from engraft.core.outcomes.tables import Cell, Count, Number, ResultTable, Text, suppress

from .selectors import Cohort, programme_dates

# What the page analyses, in order: survival by donor type, then the graft's incidences.
SECTIONS = (("os", "donor_type"), ("efs", "donor_type"), ("engraftment", None),
            ("graft_failure", None))  # fmt: skip
WITHHELD = "*"


@dataclass(frozen=True)
class TableView:
    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[tuple[str, bool], ...], ...]  # (text, withheld) per cell
    note: str


@dataclass(frozen=True)
class Section:
    endpoint: Endpoint
    by: str | None
    notes: tuple[str, ...]
    chart: SafeString
    tables: tuple[TableView, ...]
    comparisons: TableView | None

    @property
    def by_words(self) -> str:
        return (self.by or "").replace("_", " ")


def cell_text(cell: Cell) -> tuple[str, bool]:
    if isinstance(cell, Count):
        return str(cell.value), False
    if isinstance(cell, Number):
        if cell.value is None:
            return "-", False
        return f"{cell.value:.{cell.digits}f}", False
    if isinstance(cell, Text):
        return cell.value, False
    return WITHHELD, True


def table_view(table: ResultTable) -> TableView:
    rows = tuple(tuple(cell_text(c) for c in row) for row in table.rows)
    return TableView(table.id, table.title, table.columns, rows, table.note)


def filtered(outcomes, wanted: dict) -> list[TransplantOutcome]:
    """The transplants the filters keep (an unrecorded characteristic fails a filter)."""
    conv = analysis_conventions()
    out = []
    for o in outcomes:
        if wanted.get("year_from") and o.era < wanted["year_from"]:
            continue
        if wanted.get("year_to") and o.era > wanted["year_to"]:
            continue
        if wanted.get("donor_type") and (
            o.donor_type is None or o.donor_type.value != wanted["donor_type"]
        ):
            continue
        if wanted.get("graft_source") and (
            o.graft_source is None or o.graft_source.value != wanted["graft_source"]
        ):
            continue
        if wanted.get("age_group"):
            age = o.age_at_transplant_days
            if age is None:
                continue
            under = age < conv.age_threshold_days
            if under != (wanted["age_group"] == "under_3_months"):
                continue
        out.append(o)
    return out


def cohort_sections(outcomes: list[TransplantOutcome], threshold: int) -> list[Section]:
    sections = []
    if not outcomes:
        return sections
    for endpoint_id, by in SECTIONS:
        analysis = analyse(outcomes, endpoint_id, by=by)
        comparisons = compare_with_published(outcomes, endpoint_id, suppress_below=threshold)
        tables = shared_tables(analysis, comparisons, suppress_below=threshold)
        svg = curves_chart_svg(analysis, suppress_below=threshold, chart_id=f"chart-{endpoint_id}")
        views = [table_view(t) for t in tables if t.id != "published"]
        published = next((table_view(t) for t in tables if t.id == "published"), None)
        sections.append(
            Section(
                analysis.endpoint, by, analysis.notes,
                mark_safe(svg),  # noqa: S308 - matplotlib's SVG, every text we add escaped
                tuple(views), published,
            )
        )  # fmt: skip
    return sections


def cohort_context(cohort: Cohort, wanted: dict, *, threshold: int, today: date) -> dict:
    outcomes = filtered(cohort.outcomes, wanted)
    children, skipped = programme_dates(today)
    quality = suppress(quality_table(quality_measures(children)), threshold)
    return {
        "n_transplants": len(outcomes),
        "n_all": len(cohort.outcomes),
        "left_out": cohort.left_out,
        "sections": cohort_sections(outcomes, threshold),
        "quality": table_view(quality) if children else None,
        "quality_skipped": skipped,
        "threshold": threshold,
        "rule_text": rule_text(threshold),
        "today": today,
    }
