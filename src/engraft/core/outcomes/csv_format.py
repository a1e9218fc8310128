"""The registry-style outcomes CSV: one row per transplant, read as a stream, and written.

Format (docs/outcomes.md): UTF-8 (a byte-order mark is allowed), comma-separated, a header
row, then one transplant per row. Row numbers are the file's line numbers (the header is row
1), as a spreadsheet shows them.

==========================  ========  ==================================================
column                      required  content
==========================  ========  ==================================================
transplant_id               yes       the registry's or centre's id of the transplant
transplant_date             yes       day 0, YYYY-MM-DD; not in the future
last_contact_day            yes*      days from day 0 to the last contact (the day of
                                      death for a child who died; *may be left empty then)
age_at_transplant_days      no        the child's age on day 0, in days
donor_type                  no        MSD, MRD, MUD, MMRD (or haplo), MMUD, UCB
graft_source                no        bone_marrow, peripheral_blood, cord_blood
conditioning                no        a regimen id of transplant.json, or ``other``
gene                        no        the causative gene (a gene of genes.json)
<event>_day                 no        neutrophil_engraftment, graft_failure,
                                      second_transplant, agvhd_2_4, cgvhd, vod,
                                      hypercalcaemia, death: the day of the event, ``no``
                                      if it did not happen, empty (or ``unknown``) if not
                                      known
death_cause                 no        graft_failure, infection, vod, pulmonary, gvhd, other
==========================  ========  ==================================================

An empty cell means "not known", never "no event". Columns the format does not name are
ignored. Each row is checked on its own (every cell, then the row's consistency), and a bad
row does not stop the others: every problem is reported with its row and column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from engraft.core.assessment.case import DonorType
from engraft.core.outcomes.records import (
    EVENT_FIELDS,
    DeathCause,
    Event,
    EventStatus,
    TransplantOutcome,
    consistency_problems,
)
from engraft.core.transplant.episode import GraftSource

REQUIRED_COLUMNS = ("transplant_id", "transplant_date", "last_contact_day")
EVENT_COLUMNS = tuple(f"{name}_day" for name in EVENT_FIELDS)
COLUMNS = (
    "transplant_id",
    "transplant_date",
    "age_at_transplant_days",
    "donor_type",
    "graft_source",
    "conditioning",
    "gene",
    *EVENT_COLUMNS,
    "death_cause",
    "last_contact_day",
)
MAX_ID_LENGTH = 64
MAX_DAY = 36_525  # a hundred years of follow-up: anything longer is a typing error
NO_EVENT = "no"
UNKNOWN_WORDS = frozenset({"", "unknown"})
DONOR_ALIASES = {"haplo": DonorType.MMRD, "haploidentical": DonorType.MMRD}
SOURCE_ALIASES = {
    "bm": GraftSource.BONE_MARROW,
    "pb": GraftSource.PERIPHERAL_BLOOD,
    "pbsc": GraftSource.PERIPHERAL_BLOOD,
    "cb": GraftSource.CORD_BLOOD,
}
OTHER_CONDITIONING = "other"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")


@dataclass(frozen=True)
class OutcomeCsvError:
    """A refused cell, row or header: the row number, the column and why."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass
class OutcomeCsvReport:
    """Every good transplant and every problem of one file."""

    outcomes: list[TransplantOutcome] = field(default_factory=list)
    errors: list[OutcomeCsvError] = field(default_factory=list)


@cache
def _regimen_ids() -> frozenset[str]:
    from engraft.core.transplant.knowledge import load_transplant_knowledge

    return frozenset(load_transplant_knowledge().regimens) | {OTHER_CONDITIONING}


@cache
def _genes() -> frozenset[str]:
    from engraft.core.knowledge.loader import load_knowledge_base

    return load_knowledge_base().genes


def iter_outcomes_csv(
    lines: Iterable[str], *, today: date
) -> Iterator[TransplantOutcome | OutcomeCsvError]:
    """Yield each row as a :class:`TransplantOutcome`, or one error per problem it has.

    ``today`` refuses dates in the future (a transplant, or a last contact, after it). The
    rows are read one at a time; only the ids already seen are kept, to refuse a repeat.
    """
    reader = csv.DictReader(lines)
    try:
        header = [h.strip().lstrip("\ufeff") for h in (reader.fieldnames or [])]
    except csv.Error as error:
        yield OutcomeCsvError(1, "header", f"not readable as CSV: {error}")
        return
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        yield OutcomeCsvError(1, ", ".join(missing), "missing column(s) in the header row")
        return
    repeated = sorted({h for h in header if h in COLUMNS and header.count(h) > 1})
    if repeated:
        yield OutcomeCsvError(1, ", ".join(repeated), "named twice in the header row")
        return
    reader.fieldnames = header
    seen: dict[str, int] = {}
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield OutcomeCsvError(reader.line_num, "row", f"not readable as CSV: {error}")
            return
        row_number = reader.line_num
        if None in raw:
            yield OutcomeCsvError(row_number, "row", "more values than columns in the header")
            continue
        cells = {k: (v or "").strip() for k, v in raw.items() if k in COLUMNS}
        result = read_row(row_number, cells, today=today)
        if isinstance(result, TransplantOutcome):
            first = seen.get(result.transplant_id)
            if first is not None:
                yield OutcomeCsvError(
                    row_number, "transplant_id", f"{result.transplant_id!r} is also on row {first}"
                )
                continue
            seen[result.transplant_id] = row_number
            yield result
        else:
            yield from result


def read_outcomes_csv(lines: Iterable[str], *, today: date) -> OutcomeCsvReport:
    """Read a whole file into its transplants and its problems."""
    report = OutcomeCsvReport()
    for item in iter_outcomes_csv(lines, today=today):
        if isinstance(item, OutcomeCsvError):
            report.errors.append(item)
        else:
            report.outcomes.append(item)
    return report


class _Row:
    """Reads the cells of one row, collecting an error per bad cell."""

    def __init__(self, number: int, cells: dict[str, str]) -> None:
        self.number = number
        self.cells = cells
        self.errors: list[OutcomeCsvError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(OutcomeCsvError(self.number, column, message))

    def text(self, column: str) -> str:
        value = self.cells.get(column, "")
        if "\x00" in value:
            self.fail(column, "holds a NUL character")
            return ""
        return value

    def day(self, column: str, *, required: bool = False) -> int | None:
        text = self.text(column)
        if not text:
            if required:
                self.fail(column, "is empty")
            return None
        if not re.fullmatch(r"[0-9]+", text):
            self.fail(column, f"{text!r} is not a whole number of days (0 or more)")
            return None
        value = int(text)
        if value > MAX_DAY:
            self.fail(column, f"{value} days is more than 100 years")
            return None
        return value

    def event(self, column: str) -> Event:
        text = self.text(column).lower()
        if text in UNKNOWN_WORDS:
            return Event(EventStatus.UNKNOWN)
        if text == NO_EVENT:
            return Event(EventStatus.NONE)
        if not re.fullmatch(r"[0-9]+", text):
            self.fail(
                column,
                f"{text!r} is not a day number, 'no' (did not happen) or empty (not known)",
            )
            return Event(EventStatus.UNKNOWN)
        value = int(text)
        if value > MAX_DAY:
            self.fail(column, f"{value} days is more than 100 years")
            return Event(EventStatus.UNKNOWN)
        return Event.on(value)

    def choice(self, column: str, values: dict[str, object], what: str) -> object | None:
        text = self.text(column)
        if not text:
            return None
        found = values.get(text.lower())
        if found is None:
            self.fail(column, f"{text!r} is not {what}")
        return found


def read_row(
    number: int, cells: dict[str, str], *, today: date
) -> TransplantOutcome | list[OutcomeCsvError]:
    """One row's transplant, or every problem found in it."""
    row = _Row(number, cells)
    transplant_id = row.text("transplant_id")
    if not transplant_id:
        row.fail("transplant_id", "is empty")
    elif len(transplant_id) > MAX_ID_LENGTH:
        row.fail(
            "transplant_id", f"is {len(transplant_id)} characters long; at most {MAX_ID_LENGTH}"
        )
    elif not _ID.match(transplant_id):
        row.fail(
            "transplant_id",
            f"{transplant_id!r}: use letters, digits and . _ : / - only (no spaces)",
        )
    day0 = _transplant_date(row, today)
    age = row.day("age_at_transplant_days")
    donor = row.choice(
        "donor_type",
        {d.value.lower(): d for d in DonorType} | DONOR_ALIASES,
        "a donor type (MSD, MRD, MUD, MMRD or haplo, MMUD, UCB)",
    )
    source = row.choice(
        "graft_source",
        {s.value: s for s in GraftSource} | SOURCE_ALIASES,
        "a graft source (bone_marrow, peripheral_blood, cord_blood)",
    )
    conditioning = row.text("conditioning").lower() or None
    if conditioning is not None and conditioning not in _regimen_ids():
        row.fail(
            "conditioning",
            f"{conditioning!r} is not a regimen of the list ({', '.join(sorted(_regimen_ids()))})",
        )
    gene = row.text("gene").upper() or None
    if gene is not None and gene not in _genes():
        row.fail(
            "gene", f"{gene!r} is not a gene of the knowledge base ({', '.join(sorted(_genes()))})"
        )
    events = {name: row.event(f"{name}_day") for name in EVENT_FIELDS}
    cause = row.choice(
        "death_cause",
        {c.value: c for c in DeathCause},
        "a cause of death (" + ", ".join(c.value for c in DeathCause) + ")",
    )
    last = row.day("last_contact_day", required=not events["death"].occurred)
    if last is None and events["death"].occurred and not row.text("last_contact_day"):
        last = events["death"].day
    if donor is DonorType.UCB and source not in (None, GraftSource.CORD_BLOOD):
        row.fail("graft_source", f"is {source}, but the donor type is unrelated cord blood (UCB)")
    if row.errors or day0 is None or last is None or not transplant_id:
        return row.errors or [OutcomeCsvError(number, "row", "incomplete")]
    outcome = TransplantOutcome(
        transplant_id=transplant_id,
        transplant_date=day0,
        last_contact_day=last,
        age_at_transplant_days=age,
        donor_type=donor,  # type: ignore[arg-type]
        graft_source=source,  # type: ignore[arg-type]
        conditioning=conditioning,
        gene=gene,
        death_cause=cause,  # type: ignore[arg-type]
        **events,
    )
    problems = [OutcomeCsvError(number, p.field, p.message) for p in consistency_problems(outcome)]
    last_date = day0 + timedelta(days=last)
    if last_date > today:
        problems.append(
            OutcomeCsvError(
                number,
                "last_contact_day",
                f"day {last} is {last_date.isoformat()}, in the future "
                f"(today is {today.isoformat()})",
            )
        )
    return problems or outcome


def _transplant_date(row: _Row, today: date) -> date | None:
    text = row.text("transplant_date")
    if not text:
        row.fail("transplant_date", "is empty")
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        day0 = date.fromisoformat(text)
    except ValueError:
        row.fail("transplant_date", f"{text!r} is not a date written YYYY-MM-DD")
        return None
    if day0 > today:
        row.fail("transplant_date", f"{text} is in the future (today is {today.isoformat()})")
        return None
    return day0


def _event_cell(event: Event) -> str:
    if event.status is EventStatus.OCCURRED:
        return str(event.day)
    return NO_EVENT if event.status is EventStatus.NONE else ""


def outcome_to_row(outcome: TransplantOutcome) -> dict[str, str]:
    """The CSV cells of one transplant (the inverse of reading a row)."""
    cells = {
        "transplant_id": outcome.transplant_id,
        "transplant_date": outcome.transplant_date.isoformat(),
        "age_at_transplant_days": ""
        if outcome.age_at_transplant_days is None
        else str(outcome.age_at_transplant_days),
        "donor_type": outcome.donor_type.value if outcome.donor_type else "",
        "graft_source": outcome.graft_source.value if outcome.graft_source else "",
        "conditioning": outcome.conditioning or "",
        "gene": outcome.gene or "",
        "death_cause": outcome.death_cause.value if outcome.death_cause else "",
        "last_contact_day": str(outcome.last_contact_day),
    }
    for name in EVENT_FIELDS:
        cells[f"{name}_day"] = _event_cell(outcome.event(name))
    return {column: cells[column] for column in COLUMNS}


def write_outcomes_csv(outcomes: Iterable[TransplantOutcome]) -> Iterator[str]:
    """The CSV text of ``outcomes``, a line at a time (header first)."""

    class _Line:
        value = ""

        def write(self, text: str) -> None:
            self.value = text

    line = _Line()
    writer = csv.DictWriter(line, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    yield line.value
    for outcome in outcomes:
        writer.writerow(outcome_to_row(outcome))
        yield line.value
