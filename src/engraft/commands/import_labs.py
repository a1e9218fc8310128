"""`engraft import-labs FILE`: lab results from a laboratory system's CSV export.

Streams the file with a progress bar, stores good rows, reports bad rows by line and
column, and skips rows already imported, so importing the same file again changes nothing.
The columns are documented in docs/record.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .django_setup import setup_django


def count_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as handle:
        return max(0, sum(1 for _ in handle) - 1)


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="engraft import-labs",
        description="Import lab results from a CSV file (columns in docs/record.md).",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--report", type=Path, help="write the per-row error report here")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"engraft import-labs: no such file: {args.file}", file=sys.stderr)
        return 2

    setup_django()
    from django.utils import timezone
    from tqdm import tqdm

    from engraft.core.record.lab_csv import iter_lab_csv
    from engraft.record.lab_import import import_lab_rows, patient_directory

    directory, patients = patient_directory()
    total = count_rows(args.file)
    with args.file.open(encoding="utf-8-sig", newline="", errors="replace") as handle:
        rows = tqdm(
            iter_lab_csv(handle, patients=directory, today=timezone.localdate()),
            total=total,
            unit="row",
            desc="Importing lab results",
            disable=args.quiet,
            file=sys.stderr,
        )
        outcome = import_lab_rows(
            items=rows, patients=patients, actor=None, ip=None, source=args.file.name
        )
    errors = outcome.errors
    print(
        f"{outcome.added} added, {outcome.unchanged} already imported, {len(errors)} refused "
        f"({total} rows in {args.file.name})"
    )
    report = "\n".join(str(error) for error in errors)
    if args.report:
        args.report.write_text(report + ("\n" if report else ""), encoding="utf-8")
        print(f"error report written to {args.report}")
    elif errors:
        print("Refused rows:\n" + report, file=sys.stderr)
    return 1 if errors else 0
