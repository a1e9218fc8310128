"""Result tables and the small-cell rule that every shared output passes through.

Every figure an analysis shows is a cell of a :class:`ResultTable`: a count of patients
(:class:`Count`), an estimate (:class:`Number`), or words (:class:`Text`, which includes
published figures, never the centre's counts). :func:`suppress` applies the small-cell rule
(software.md 4.3: cells under 11 patients are suppressed in public-facing outputs; the
threshold is a setting):

1. every count under the threshold is withheld (zero included);
2. an estimate computed over a withheld count (the row's number of patients, or the count it
   names) is withheld too, so that a percentage or a median cannot give the count back;
3. where counts add up to a shown total (a column to the total row; within a row, events,
   competing events and censored to the transplants), a withheld count is never left alone:
   the next smallest count of the sum is withheld too (or the total, if there is no other),
   and a shown part whose unshown remainder is under the threshold is withheld, so that no
   withheld count can be worked out by subtraction.

What the rule cannot prevent: it works table by table, so groups that overlap across tables
(the pooled alternative donors of the published comparison beside the donor-type table) can
still be differenced; and an estimate from a group of 11 or more still moves in steps that
say how many events it saw. Public outputs of a rare disease may need more than this rule
(an expert determination, software.md 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Count:
    """A number of the centre's patients (or transplants)."""

    value: int


@dataclass(frozen=True)
class Number:
    """An estimate, a p-value or a day: shown unless the count it was computed over is withheld.

    ``of`` names the columns of the counts it was computed from (a share: numerator and
    denominator); empty: the table's ``n_column``.
    """

    value: float | None
    digits: int = 1
    percent: bool = False
    of: tuple[int, ...] = ()


@dataclass(frozen=True)
class Text:
    """Words or a published figure: never withheld."""

    value: str


@dataclass(frozen=True)
class Withheld:
    """A cell the small-cell rule withholds."""

    primary: bool  # under the threshold itself (False: withheld so it cannot be subtracted)


Cell = Count | Number | Text | Withheld


@dataclass(frozen=True)
class ResultTable:
    """A titled table of cells; the first column names the row.

    ``n_column`` is the column holding each row's number of patients; ``total_row`` the row
    whose counts are the sums of the other rows' in the ``additive`` columns. ``row_sums``
    lists, for every row, (total column, part columns, exact): the parts add up to the total
    (exact), or to at most the total, the remainder not being shown.
    """

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    n_column: int | None = None
    total_row: int | None = None
    additive: frozenset[int] = field(default_factory=frozenset)
    row_sums: tuple[tuple[int, tuple[int, ...], bool], ...] = ()
    note: str = ""
    suppressed_below: int = 0  # the threshold applied; 0 when no rule was applied

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.id}: a row has {len(row)} cells, not {len(self.columns)}"
                )

    def column(self, name: str) -> int:
        return self.columns.index(name)


def suppress(table: ResultTable, threshold: int) -> ResultTable:
    """The table with the small-cell rule applied at ``threshold`` (0 or 1: nothing withheld)."""
    if threshold <= 0:
        return replace(table, suppressed_below=0)
    rows = [list(r) for r in table.rows]
    for row in rows:
        for j, cell in enumerate(row):
            if isinstance(cell, Count) and cell.value < threshold:
                row[j] = Withheld(primary=True)
    changed = True
    while changed:  # withholding one cell may expose another sum: repeat until none does
        changed = False
        if table.total_row is not None:
            for j in sorted(table.additive):
                cells = [(i, j) for i in range(len(rows)) if i != table.total_row]
                changed |= _protect(
                    rows, (table.total_row, j), cells, exact=True, threshold=threshold
                )
        for total, parts, exact in table.row_sums:
            for i in range(len(rows)):
                cells = [(i, j) for j in parts]
                changed |= _protect(rows, (i, total), cells, exact=exact, threshold=threshold)
    for row in rows:
        for j, cell in enumerate(row):
            if isinstance(cell, Number):
                bases = cell.of or ((table.n_column,) if table.n_column is not None else ())
                if any(isinstance(row[b], Withheld) for b in bases):
                    row[j] = Withheld(primary=False)
    return replace(table, rows=tuple(tuple(r) for r in rows), suppressed_below=threshold)


def _protect(
    rows: list[list[Cell]],
    total: tuple[int, int],
    parts: Sequence[tuple[int, int]],
    *,
    exact: bool,
    threshold: int,
) -> bool:
    """Withhold one more cell if a withheld part of a shown sum could be worked out; True if so."""

    def cell(at: tuple[int, int]) -> Cell:
        return rows[at[0]][at[1]]

    head = cell(total)
    if not isinstance(head, Count):
        return False
    hidden = [p for p in parts if isinstance(cell(p), Withheld)]
    shown = [p for p in parts if isinstance(cell(p), Count)]
    if exact and len(hidden) != 1:
        return False
    if not exact:
        if hidden or not shown:
            return False
        remainder = head.value - sum(cell(p).value for p in shown)  # type: ignore[union-attr]
        if remainder >= threshold:
            return False
    if shown:
        smallest = min(shown, key=lambda p: (cell(p).value, p))  # type: ignore[union-attr]
        rows[smallest[0]][smallest[1]] = Withheld(primary=False)
    else:
        rows[total[0]][total[1]] = Withheld(primary=False)
    return True


def suppress_all(tables: Iterable[ResultTable], threshold: int) -> tuple[ResultTable, ...]:
    """Apply the small-cell rule to every table of a result."""
    return tuple(suppress(t, threshold) for t in tables)


def shown_counts(tables: Iterable[ResultTable]) -> list[int]:
    """Every count a set of tables shows (for checks that nothing small is shown)."""
    return [c.value for t in tables for r in t.rows for c in r if isinstance(c, Count)]
