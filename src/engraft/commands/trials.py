"""`engraft trials match PATIENT.json --trials DIR` and `engraft trials import --dry-run`.

``match`` runs the pure trials core on files, without the database: a patient file (the
assessment's case format extended for trials; docs/trials.md) against every trial record in
DIR, each with its curated rule beside it (``NCT12345678.rule.json``). It prints each trial's
overall result with its reasons. ``import --dry-run`` parses ClinicalTrials.gov records and
reports per record what was read or what is wrong; storing them is the Django app's job.

Exit codes: 0 on success, 2 on invalid input (the message names the file and the field);
``import --dry-run`` exits 1 when some record was refused.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from engraft.core.trials import (
    PatientFileError,
    load_trial_directory,
    match_patient,
    patient_from_json,
)
from engraft.core.trials.render import matches_to_json, matches_to_text

PROG = "engraft trials"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Clinical trials: records and matching."
    )
    sub = parser.add_subparsers(dest="action", required=True)
    match = sub.add_parser(
        "match",
        help="match a patient file against trial records",
        description="Each trial's result for one patient, with reasons. "
        "Decision support: a research coordinator confirms eligibility.",
    )
    match.add_argument("patient", type=Path, help="patient JSON (see docs/trials.md)")
    match.add_argument(
        "--trials",
        type=Path,
        required=True,
        help="directory of ClinicalTrials.gov v2 records and NCT*.rule.json files",
    )
    match.add_argument("--format", choices=("json", "text"), default="text")
    match.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="screening date (YYYY-MM-DD); default: today",
    )
    imp = sub.add_parser(
        "import",
        help="check ClinicalTrials.gov records (--dry-run)",
        description="Parse records and report; only --dry-run is available without the trials app.",
    )
    imp.add_argument("path", type=Path, help="a record file or a directory of them")
    imp.add_argument("--dry-run", action="store_true", help="parse and report, store nothing")
    return parser


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def _match(args: argparse.Namespace) -> int:
    today = date.today()  # the clock is read here, at the edge, never in the core
    as_of = args.as_of or today
    if as_of > today:
        return _fail(
            f"--as-of: {as_of.isoformat()} is in the future (today is {today.isoformat()})"
        )
    try:
        text = args.patient.read_text(encoding="utf-8")
    except OSError as exc:
        return _fail(f"cannot read {args.patient}: {exc.strerror}")
    try:
        patient = patient_from_json(text, today=today)
    except PatientFileError as exc:
        return _fail(f"invalid patient {args.patient}: {exc}")
    if not args.trials.is_dir():
        return _fail(f"--trials: {args.trials} is not a directory")
    trials, problems = load_trial_directory(args.trials)
    if problems:
        for problem in problems:
            print(f"{PROG}: invalid trial file {problem.file}: {problem.message}", file=sys.stderr)
        return 2
    matches = [match_patient(patient, t.record, t.rule, today=as_of) for t in trials]
    if args.format == "json":
        print(matches_to_json(patient.patient_id, matches))
    else:
        print(matches_to_text(patient.patient_id, matches), end="")
    return 0


def _import(args: argparse.Namespace) -> int:
    if not args.dry_run:
        return _fail("import: storing trials needs the trials app; use --dry-run to check files")
    if args.path.is_dir():
        trials, problems = load_trial_directory(args.path)
    elif args.path.is_file():
        import shutil
        import tempfile  # one file: read it as a directory of one, same rules and messages

        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(args.path, Path(tmp) / args.path.name)
            trials, problems = load_trial_directory(Path(tmp))
    else:
        return _fail(f"cannot read {args.path}")
    for trial in trials:
        record = trial.record
        rule = "curated rule" if trial.rule else "no curated rule"
        flag = "" if record.status_is_known else " (unknown status, flagged)"
        print(
            f"ok {record.nct_id} {record.overall_status}{flag}: {record.brief_title} "
            f"[{trial.source}; {len(record.eligibility.criteria_items)} criteria items; {rule}]"
        )
    for problem in problems:
        print(f"refused {problem.file}: {problem.message}")
    print(f"{len(trials)} record(s) read, {len(problems)} problem(s); nothing stored (dry run)")
    return 1 if problems else 0


def run(argv: list[str]) -> int:
    """Run the command; returns the process exit code (argparse errors exit 2 too)."""
    args = _parser().parse_args(argv)
    return _match(args) if args.action == "match" else _import(args)


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
