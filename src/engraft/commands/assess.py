"""`engraft assess CASE.json [--format json|text] [--as-of YYYY-MM-DD]`: assess one case.

CASE.json is a case in the documented format (docs/assessment.md) or a FHIR R4 Bundle of one
patient as `engraft` exports it (the record's export, or a referring hospital's).

Only data dated on or before the as-of date count; what came later is left out and listed
("Ignored" in the text, ``ignored`` in the JSON). Data dated after today is refused, as are
lab values the record would refuse (core/record/lab_value.py).

Exit codes: 0 on success, 2 on invalid input (the message names the bad field).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from engraft.core.assessment import CaseError, assess, case_from_json
from engraft.core.assessment.case import Case
from engraft.core.assessment.from_record import case_from_bundle
from engraft.core.assessment.render import to_json, to_text
from engraft.core.assessment.timeline import dated_after


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="engraft assess",
        description="Decision support at diagnosis: subtype, severity, HSCT candidacy and "
        "urgency, with reasons and citations. Needs clinician sign-off.",
    )
    parser.add_argument(
        "case", type=Path, help="case JSON (see docs/assessment.md) or a FHIR R4 Bundle"
    )
    parser.add_argument("--format", choices=("json", "text"), default="text")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="assessment date (YYYY-MM-DD); default: today",
    )
    return parser


def run(argv: list[str]) -> int:
    """Run the command; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        text = args.case.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"engraft assess: cannot read {args.case}: {exc.strerror}", file=sys.stderr)
        return 2
    # The clock is read here, at the edge, never in the core.
    today = date.today()
    as_of = args.as_of or today
    try:
        case = case_from_bundle(text, today=today) if _is_bundle(text) else case_from_json(text)
        refuse_future(case, today)
        assessment = assess(case, as_of)
    except (CaseError, ValueError) as exc:
        print(f"engraft assess: invalid case {args.case}: {exc}", file=sys.stderr)
        return 2
    print(to_json(assessment) if args.format == "json" else to_text(assessment), end="")
    if args.format == "json":
        print()
    return 0


def refuse_future(case: Case, today: date) -> None:
    """Raise CaseError naming every field dated after today: not a clinical fact."""
    future = list(dated_after(case, today))
    if case.date_of_birth > today:
        future.insert(0, ("date_of_birth", case.date_of_birth))
    if future:
        named = "; ".join(f"{where}: {on.isoformat()} is after today" for where, on in future)
        raise CaseError(f"{named} ({today.isoformat()}); a date in the future is not a fact")


def _is_bundle(text: str) -> bool:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return False  # case_from_json reports the JSON error
    return isinstance(data, dict) and data.get("resourceType") == "Bundle"


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
