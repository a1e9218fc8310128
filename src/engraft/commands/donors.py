"""``engraft donors``: import, generate and search donor stores."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engraft.core.hla.hla_typing import HlaTypingError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="engraft donors", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import a GL (ID%%GL) or CSV file into a store")
    imp.add_argument("file", type=Path)
    imp.add_argument("--store", type=Path, required=True)
    gen = sub.add_parser("generate", help="generate a synthetic registry")
    gen.add_argument("--haplotypes", type=Path, required=True)
    gen.add_argument("--count", type=int, required=True)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--ambiguous-share", type=float, default=0.0)
    gen.add_argument("--cord-share", type=float, default=0.0)
    gen.add_argument("--seed", type=int, default=0)
    sea = sub.add_parser("search", help="search a store (and family) for a patient")
    sea.add_argument("--store", type=Path)
    sea.add_argument("--patient", help="a patient's public id: typing, family, antibodies, "
                     "CMV, ABO and latest weight are read from the record")  # fmt: skip
    sea.add_argument("--patient-typing")
    sea.add_argument("--family", type=Path, help="JSON: [{name, role, typing}]")
    sea.add_argument("--min-grade")
    sea.add_argument("--top", type=int, default=100)
    sea.add_argument("--patient-cmv", choices=["negative", "positive", "unknown"])
    sea.add_argument("--patient-abo", choices=["O", "A", "B", "AB", "unknown"])
    sea.add_argument("--patient-weight-kg", type=float)
    return parser


def _fail(message: str) -> int:
    print(f"engraft donors: error: {message}", file=sys.stderr)
    return 2


def run(argv: list[str]) -> int:
    """Entry point; returns the exit status (2 for bad input)."""
    args = _parser().parse_args(argv)
    from engraft.core.hla.nomenclature import get_nomenclature

    nom = get_nomenclature()
    if args.command == "import":
        from engraft.core.donor_search.importers import import_file

        if not args.file.exists():
            return _fail(f"file not found: {args.file}")
        report = import_file(nom, args.file, args.store, progress=sys.stderr.isatty())
        print(json.dumps({
            "rows_read": report.rows_read, "added": report.added, "updated": report.updated,
            "errors": [e.__dict__ for e in report.errors], "imgt_release": nom.imgt_release,
        }, indent=2))  # fmt: skip
        return 2 if report.errors else 0
    if args.command == "generate":
        from engraft.core.donor_search.generator import generate_registry

        if args.count <= 0:
            return _fail("--count must be positive")
        try:
            n = generate_registry(nom, args.haplotypes, args.count, args.out,
                                  args.ambiguous_share, args.seed, args.cord_share)  # fmt: skip
        except (ValueError, FileNotFoundError) as error:
            return _fail(str(error))
        print(json.dumps({"generated": n, "store": str(args.out)}))
        return 0
    from engraft.core.donor_search.engine import PatientTypingTooAmbiguous
    from engraft.core.donor_search.search import as_json_ready, search
    from engraft.core.donor_search.store import open_store
    from engraft.core.hla.family import FamilyMember
    from engraft.core.hla.hla_typing import parse_typing
    from engraft.core.hla.ranking import PatientContext

    if args.patient:
        given = [f"--{n.replace('_', '-')}" for n in ("patient_typing", "patient_cmv",
                 "patient_abo", "patient_weight_kg", "family") if getattr(args, n) is not None]  # fmt: skip  # noqa: E501
        if given:
            return _fail(f"--patient reads these from the record: drop {', '.join(given)}")
        return _search_record(args)
    if not args.patient_typing:
        return _fail("give --patient-typing, or --patient to read the record")
    try:
        patient = parse_typing(nom, args.patient_typing)
        family = None
        if args.family:
            data = json.loads(args.family.read_text(encoding="utf-8"))
            family = [FamilyMember(m["name"], m["role"], parse_typing(nom, m["typing"]))
                      for m in data]  # fmt: skip
        store = open_store(args.store) if args.store else None
        context = PatientContext(args.patient_cmv or "unknown", args.patient_abo or "unknown",
                                 args.patient_weight_kg)  # fmt: skip
        result = search(nom, store, patient, context, family, args.min_grade, args.top).to_json()
    except HlaTypingError as error:
        return _fail(str(error))
    except (PatientTypingTooAmbiguous, ValueError, KeyError, FileNotFoundError) as error:
        return _fail(str(error))
    print(json.dumps(result, indent=2, default=as_json_ready))
    return 0


def _search_record(args: argparse.Namespace) -> int:
    """Search for a recorded patient: everything the web search reads, from the record."""
    from .django_setup import setup_django

    setup_django()
    from engraft.core.donor_search.search import as_json_ready
    from engraft.donors.cli_search import RecordSearchError, search_for_record

    try:
        result = search_for_record(args.patient, store=args.store, min_grade=args.min_grade,
                                   top=args.top)  # fmt: skip
    except RecordSearchError as error:
        return _fail(str(error))
    print(json.dumps(result, indent=2, default=as_json_ready))
    return 0
