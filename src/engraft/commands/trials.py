"""`engraft trials match`, `engraft trials import` and `engraft trials fetch`.

``match`` runs the pure trials core on files, without the database: a patient file (the
assessment's case format extended for trials; docs/trials.md) against every trial record in
DIR, each with its curated rule beside it (``NCT12345678.rule.json``). It prints each trial's
overall result with its reasons. ``import`` reads ClinicalTrials.gov records (a file or a
directory) into the catalogue through the trials app's service, reporting per record what
changed; ``--dry-run`` only parses. ``fetch`` does the same from the live API v2 search.

Exit codes: 0 on success, 2 on invalid input (the message names the file and the field);
``import`` and ``fetch`` exit 1 when some record was refused.
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
        help="import ClinicalTrials.gov records into the catalogue",
        description="Create or update trials by NCT number; the centre's own fields (site "
        "status, contact, plain summary, curated rule) are kept. Rule files are not imported: "
        "curate rules on the trial's page.",
    )
    imp.add_argument("path", type=Path, help="a record file or a directory of them")
    imp.add_argument("--dry-run", action="store_true", help="parse and report, store nothing")
    fetch = sub.add_parser(
        "fetch",
        help="fetch records from the ClinicalTrials.gov API v2 and import them",
        description="Search ClinicalTrials.gov by condition, page by page, and import every "
        "study found (as `import` does).",
    )
    fetch.add_argument("--condition", required=True, help='e.g. "osteopetrosis"')
    fetch.add_argument(
        "--status",
        default="RECRUITING,NOT_YET_RECRUITING",
        help="overall statuses, comma-separated (filter.overallStatus); empty for all",
    )
    fetch.add_argument("--page-size", type=int, default=100, help="studies per page (max 1000)")
    fetch.add_argument("--max-pages", type=int, default=50)
    fetch.add_argument("--base-url", default=None, help="API root (default: ClinicalTrials.gov)")
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


def _store(documents, unreadable: list[str] | None = None) -> int:
    """Import (where, JSON) documents through the trials app; print the report.

    ``unreadable`` are the lines of files that could not be read as JSON (refused too).
    """
    from .django_setup import setup_django

    setup_django()
    from engraft.trials.services import import_trial_records

    report = import_trial_records(documents=documents, actor=None, ip=None)
    for line in report.lines:
        print(line)
    for line in unreadable or ():
        print(line)
    extra = f", {len(unreadable)} file(s) not readable" if unreadable else ""
    print(f"{report.summary}{extra}")
    return 1 if report.count("refused") or unreadable else 0


def _record_documents(path: Path, unreadable: list[str]):
    """(where, parsed JSON) of every record file at ``path``; rule files are skipped, and a
    file that is not readable JSON is named in ``unreadable``."""
    import json

    from tqdm import tqdm

    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    for file in tqdm(files, desc="import", unit=" file", file=sys.stderr, disable=len(files) < 5):
        if file.name.endswith(".rule.json"):
            print(f"skipped {file.name}: a rule file (curate rules on the trial's page)")
            continue
        try:
            yield file.name, json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            unreadable.append(f"{file.name}: (no NCT number) refused: not readable JSON ({exc})")


def _import(args: argparse.Namespace) -> int:
    if not args.path.exists():
        return _fail(f"cannot read {args.path}: no such file or directory")
    if not args.dry_run:
        unreadable: list[str] = []
        documents = list(_record_documents(args.path, unreadable))
        return _store(documents, unreadable)
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


def _fetch(args: argparse.Namespace) -> int:
    from engraft.core.trials.ctgov_fetch import DEFAULT_BASE_URL, FetchError, fetch_pages

    if not 1 <= args.page_size <= 1000:
        return _fail("--page-size: between 1 and 1000")
    statuses = [s.strip().upper() for s in args.status.split(",") if s.strip()]
    documents = []
    try:
        for page in fetch_pages(
            args.base_url or DEFAULT_BASE_URL, condition=args.condition, statuses=statuses,
            page_size=args.page_size, max_pages=args.max_pages,
        ):  # fmt: skip
            print(f"page {page.number}: {len(page.data['studies'])} studies", file=sys.stderr)
            documents.append((f"page {page.number}", page.data))
    except FetchError as error:
        print(f"{PROG}: fetch: {error}", file=sys.stderr)
        if not documents:
            return 2
        print(f"{PROG}: importing the {len(documents)} page(s) fetched", file=sys.stderr)
    return _store(documents)


ACTIONS = {"match": _match, "import": _import, "fetch": _fetch}


def run(argv: list[str]) -> int:
    """Run the command; returns the process exit code (argparse errors exit 2 too)."""
    args = _parser().parse_args(argv)
    return ACTIONS[args.action](args)


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
