"""An analysis as JSON or plain text, always from its tables after the small-cell rule.

Both outputs are made by :func:`shared_tables`, which applies ``tables.suppress`` to every
table of the analysis and of the comparison with the published series, so no path prints a
count the rule withholds. A withheld cell is ``"withheld"`` in JSON and ``*`` in text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from engraft.core.outcomes.analysis import Analysis
from engraft.core.outcomes.knowledge import AnalysisConventions, analysis_conventions
from engraft.core.outcomes.published import Comparison, comparison_table
from engraft.core.outcomes.report import analysis_tables
from engraft.core.outcomes.tables import Cell, Count, Number, ResultTable, Text, suppress_all

WITHHELD_JSON = "withheld"
WITHHELD_TEXT = "*"


def shared_tables(
    analysis: Analysis,
    comparisons: Sequence[Comparison],
    *,
    suppress_below: int,
    conventions: AnalysisConventions | None = None,
) -> tuple[ResultTable, ...]:
    """Every table of the output, with the small-cell rule applied."""
    tables = list(analysis_tables(analysis, conventions))
    if comparisons:
        tables.append(comparison_table(comparisons, conventions))
    return suppress_all(tables, suppress_below)


def rule_text(suppress_below: int, conventions: AnalysisConventions | None = None) -> str:
    """The small-cell rule in words, stated with every shared output."""
    conv = conventions or analysis_conventions()
    if suppress_below <= 0:
        return "No small-cell rule applied: not for sharing outside the care team."
    return (
        f"Small-cell rule: counts under {suppress_below} patients are withheld (shown as "
        f"{WITHHELD_TEXT}), with the estimates made from them and any count that would let one "
        f"be worked out by subtraction. {conv.suppression.text}"
    )


def _cell_json(cell: Cell) -> Any:
    if isinstance(cell, Count):
        return cell.value
    if isinstance(cell, Number):
        return None if cell.value is None else round(cell.value, 4)
    if isinstance(cell, Text):
        return cell.value
    return WITHHELD_JSON


def table_json(table: ResultTable) -> dict[str, Any]:
    """A table as JSON: rows as objects keyed by column, and which columns show counts."""
    counts = sorted({j for row in table.rows for j, c in enumerate(row) if isinstance(c, Count)})
    return {
        "id": table.id,
        "title": table.title,
        "columns": list(table.columns),
        "count_columns": [table.columns[j] for j in counts],
        "rows": [
            {column: _cell_json(cell) for column, cell in zip(table.columns, row, strict=True)}
            for row in table.rows
        ],
        "note": table.note,
        "suppressed_below": table.suppressed_below,
    }


def analysis_json(
    analysis: Analysis,
    comparisons: Sequence[Comparison],
    *,
    suppress_below: int,
    conventions: AnalysisConventions | None = None,
) -> str:
    """The whole output as JSON text."""
    endpoint = analysis.endpoint
    tables = shared_tables(
        analysis, comparisons, suppress_below=suppress_below, conventions=conventions
    )
    document = {
        "format": "engraft-outcomes-analysis/1",
        "endpoint": {
            "id": endpoint.id,
            "name": endpoint.name,
            "kind": endpoint.kind,
            "events": list(endpoint.events),
            "competing": list(endpoint.competing),
            "report_days": list(endpoint.report_days),
            "definition": endpoint.text,
            "sources": [c.to_dict() for c in endpoint.citations],
        },
        "by": analysis.by,
        "confidence": analysis.confidence,
        "small_cell_rule": {
            "below": suppress_below,
            "text": rule_text(suppress_below, conventions),
        },
        "tables": [table_json(t) for t in tables],
        "notes": list(analysis.notes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _cell_text(cell: Cell) -> str:
    if isinstance(cell, Count):
        return str(cell.value)
    if isinstance(cell, Number):
        if cell.value is None:
            return "-"
        return f"{cell.value:.{cell.digits}f}"
    if isinstance(cell, Text):
        return cell.value
    return WITHHELD_TEXT


def table_text(table: ResultTable, *, long_text_columns: Sequence[str] = ()) -> str:
    """A table as aligned plain text; long-text columns go under each row instead."""
    keep = [j for j, c in enumerate(table.columns) if c not in long_text_columns]
    below = [j for j, c in enumerate(table.columns) if c in long_text_columns]
    cells = [[_cell_text(row[j]) for j in keep] for row in table.rows]
    header = [table.columns[j] for j in keep]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    lines = [table.title, ""]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    for row, raw in zip(cells, table.rows, strict=True):
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        for j in below:
            lines.append(f"    {table.columns[j]}: {_cell_text(raw[j])}")
    if table.note:
        lines += ["", table.note]
    return "\n".join(lines)


def analysis_text(
    analysis: Analysis,
    comparisons: Sequence[Comparison],
    *,
    suppress_below: int,
    conventions: AnalysisConventions | None = None,
) -> str:
    """The whole output as plain text."""
    tables = shared_tables(
        analysis, comparisons, suppress_below=suppress_below, conventions=conventions
    )
    endpoint = analysis.endpoint
    by = f" by {analysis.by.replace('_', ' ')}" if analysis.by else ""
    parts = [f"{endpoint.name}{by}", "=" * len(f"{endpoint.name}{by}"), ""]
    parts += [f"- {note}" for note in analysis.notes]
    parts += ["", rule_text(suppress_below, conventions), ""]
    for table in tables:
        if table.id == "published":
            text = table_text(
                table, long_text_columns=("published figure", "what it can say", "source")
            )
        else:
            text = table_text(table)
        parts += [text, ""]
    parts.append("Sources: " + "; ".join(c.reference for c in endpoint.citations))
    return "\n".join(parts) + "\n"
