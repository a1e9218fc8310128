"""Syntax check of HGVS variant descriptions (HGVS nomenclature, varnomen.hgvs.org).

Written by hand on purpose: the ``hgvs`` package (biocommons) parses and validates against
transcripts, but it needs a UTA database (a PostgreSQL server or a large download) and
SeqRepo. The record only needs to refuse mistyped descriptions at entry, offline, so this
module checks syntax only; it does not check that the reference base matches the transcript.

Covered: an optional reference (``NM_006019.4:`` or ``NM_006019.4(TCIRG1):``), the c., n.,
g., m. and p. types; substitutions, deletions, duplications, insertions, deletion-insertions,
inversions and ``=``; intronic offsets (``c.1674-1``) and UTR positions (``c.-12``,
``c.*34``); ranges; p. with three-letter or one-letter amino acids, ``Ter``/``*``, frame
shifts, and predicted changes in parentheses. Each error names the character position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REFERENCE = re.compile(
    r"(?:(?:NM|NR|NC|NG|NT|NW|NP|XM|XR|XP)_\d+\.\d+|LRG_\d+(?:t\d+|p\d+)?|ENS[TGP]\d{11}\.\d+)"
    r"(?:\([A-Za-z0-9-]+\))?"
)
_NUCLEOTIDES = "ACGTN"
_AMINO_3 = (
    "Ala",
    "Arg",
    "Asn",
    "Asp",
    "Cys",
    "Gln",
    "Glu",
    "Gly",
    "His",
    "Ile",
    "Leu",
    "Lys",
    "Met",
    "Phe",
    "Pro",
    "Ser",
    "Thr",
    "Trp",
    "Tyr",
    "Val",
    "Sec",
    "Pyl",
    "Xaa",
    "Ter",
)
_AMINO_1 = set("ACDEFGHIKLMNPQRSTVWYUO*")


class HgvsError(ValueError):
    """The description is not valid HGVS; ``position`` is the 0-based character offset."""

    def __init__(self, description: str, position: int, message: str) -> None:
        near = description[position : position + 12] or "end of text"
        super().__init__(
            f"invalid HGVS {description!r} at character {position + 1}: {message} (near {near!r})"
        )
        self.description = description
        self.position = position
        self.reason = message


@dataclass(frozen=True)
class HgvsVariant:
    """A syntactically valid description split into its reference, type and change."""

    description: str
    reference: str | None
    coordinate_type: str  # c, n, g, m or p
    change: str


class _Cursor:
    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.i = start

    def fail(self, message: str, at: int | None = None) -> HgvsError:
        return HgvsError(self.text, self.i if at is None else at, message)

    def peek(self, literal: str) -> bool:
        return self.text.startswith(literal, self.i)

    def take(self, literal: str) -> bool:
        if self.peek(literal):
            self.i += len(literal)
            return True
        return False

    def take_re(self, pattern: re.Pattern[str]) -> str | None:
        match = pattern.match(self.text, self.i)
        if not match or not match.group(0):
            return None
        self.i = match.end()
        return match.group(0)

    @property
    def done(self) -> bool:
        return self.i >= len(self.text)


_INT = re.compile(r"[1-9]\d*")
_OFFSET = re.compile(r"[+-][1-9]\d*")
_SEQ = re.compile(rf"[{_NUCLEOTIDES}]+")
_AA3 = re.compile("|".join(_AMINO_3))
_DIGITS = re.compile(r"\d+")


def parse_hgvs(description: str) -> HgvsVariant:
    """Check the syntax of ``description`` and split it; raise :class:`HgvsError` if invalid."""
    text = description.strip()
    if not text:
        raise HgvsError(description, 0, "description is empty")
    cur = _Cursor(text, 0)
    reference = None
    if ":" in text:
        reference = cur.take_re(_REFERENCE)
        if reference is None or not cur.peek(":"):
            raise cur.fail("reference sequence is not a versioned accession such as NM_006019.4", 0)
        cur.take(":")
    kind_at = cur.i
    kind = text[cur.i : cur.i + 1]
    if kind not in ("c", "n", "g", "m", "p") or not text.startswith(".", cur.i + 1):
        raise cur.fail("expected a coordinate type c., n., g., m. or p.", kind_at)
    cur.i += 2
    change_at = cur.i
    if cur.done:
        raise cur.fail("the change is missing")
    if kind == "p":
        _protein(cur)
    else:
        _nucleotide(cur, kind)
    if not cur.done:
        raise cur.fail("unexpected text after the change")
    return HgvsVariant(text, reference, kind, text[change_at:])


def is_valid_hgvs(description: str) -> bool:
    """True when ``description`` is syntactically valid HGVS."""
    try:
        parse_hgvs(description)
    except HgvsError:
        return False
    return True


def _position(cur: _Cursor, kind: str) -> tuple[str, int, int]:
    """One nucleotide position; returns (prefix, number, offset)."""
    start = cur.i
    prefix = ""
    if kind in ("c",) and cur.peek("*"):
        prefix = "*"
        cur.i += 1
    elif kind in ("c", "n") and cur.peek("-"):
        prefix = "-"
        cur.i += 1
    number = cur.take_re(_INT)
    if number is None:
        raise cur.fail("expected a position number (1 or more)", start)
    offset = 0
    if kind in ("c", "n"):
        off = cur.take_re(_OFFSET)
        if off is not None:
            offset = int(off)
    return prefix, int(number), offset


def _interval(cur: _Cursor, kind: str) -> bool:
    """A position or a range ``start_end``; returns True for a range."""
    start_at = cur.i
    first = _position(cur, kind)
    if not cur.take("_"):
        return False
    second = _position(cur, kind)
    if first[0] == second[0] == "" and first[2] == second[2] == 0 and second[1] <= first[1]:
        raise cur.fail("the range must go from the lower to the higher position", start_at)
    return True


def _nucleotide(cur: _Cursor, kind: str) -> None:
    if cur.take("="):
        return
    is_range = _interval(cur, kind)
    edit_at = cur.i
    if cur.take("delins"):
        if cur.take_re(_SEQ) is None:
            raise cur.fail("delins needs the inserted bases (A, C, G, T)")
    elif cur.take("del") or cur.take("dup"):
        cur.take_re(_SEQ)  # the deleted or duplicated bases may be given
    elif cur.take("ins"):
        if not is_range:
            raise cur.fail("an insertion needs the two flanking positions (e.g. 76_77ins)", edit_at)
        if cur.take_re(_SEQ) is None:
            raise cur.fail("ins needs the inserted bases (A, C, G, T)")
    elif cur.take("inv"):
        if not is_range:
            raise cur.fail("an inversion needs a range", edit_at)
    elif cur.take("="):
        return
    else:
        ref_at = cur.i
        ref = cur.take_re(re.compile(rf"[{_NUCLEOTIDES}]"))
        if ref is None:
            raise cur.fail("expected an edit: a substitution (A>G), del, dup, ins, delins or inv")
        if is_range:
            raise cur.fail("a substitution is at a single position, not a range", edit_at)
        if not cur.take(">"):
            raise cur.fail("a substitution needs '>' between the bases")
        alt = cur.take_re(re.compile(rf"[{_NUCLEOTIDES}]"))
        if alt is None:
            raise cur.fail("expected the new base after '>'")
        if alt == ref:
            raise cur.fail("a substitution must change the base (use '=' for no change)", ref_at)


def _protein(cur: _Cursor) -> None:
    if cur.text[cur.i :] in ("?", "0", "=", "(?)", "0?", "(=)"):
        cur.i = len(cur.text)
        return
    predicted = cur.take("(")
    # the first amino acid decides the style; mixing one- and three-letter codes is an error
    three = _AA3.match(cur.text, cur.i) is not None
    _protein_change(cur, three)
    if predicted and not cur.take(")"):
        raise cur.fail("missing ')' after a predicted change")


def _amino(cur: _Cursor, three: bool, what: str = "an amino acid") -> str:
    if three:
        aa = cur.take_re(_AA3) or (cur.take("*") and "*")
    else:
        ch = cur.text[cur.i : cur.i + 1]
        aa = ch if ch in _AMINO_1 and ch != "" else None
        if aa:
            cur.i += 1
    if not aa:
        style = "three-letter (e.g. Arg)" if three else "one-letter (e.g. R)"
        raise cur.fail(f"expected {what} in {style} code")
    return aa


def _amino_position(cur: _Cursor, three: bool) -> None:
    _amino(cur, three)
    if cur.take_re(_INT) is None:
        raise cur.fail("expected the amino-acid position")


def _amino_run(cur: _Cursor, three: bool) -> None:
    _amino(cur, three, "an inserted amino acid")
    while not cur.done and not cur.peek(")") and (cur.peek("*") or cur.text[cur.i].isalpha()):
        _amino(cur, three, "an inserted amino acid")


def _protein_change(cur: _Cursor, three: bool) -> None:
    _amino_position(cur, three)
    is_range = cur.take("_")
    if is_range:
        _amino_position(cur, three)
    edit_at = cur.i
    if cur.take("delins"):
        _amino_run(cur, three)
    elif cur.take("del") or cur.take("dup") or cur.take("="):
        pass
    elif cur.take("ins"):
        if not is_range:
            raise cur.fail("an insertion needs the two flanking amino acids", edit_at)
        if cur.take_re(_DIGITS) is None:
            _amino_run(cur, three)
    elif is_range:
        raise cur.fail("expected del, dup, ins or delins after a range")
    elif cur.take("fs"):
        _frameshift_tail(cur, three)
    elif cur.take("ext"):
        cur.take_re(re.compile(r"(?:Ter|\*)?-?\d+|\*\?|Ter\?"))
    else:
        _amino(cur, three, "the new amino acid")
        if cur.take("fs"):
            _frameshift_tail(cur, three)


def _frameshift_tail(cur: _Cursor, three: bool) -> None:
    has_stop = cur.take("Ter") or cur.take("*")
    if has_stop and cur.take_re(_INT) is None and not cur.take("?"):
        raise cur.fail("expected the length of the new reading frame after Ter/*")
