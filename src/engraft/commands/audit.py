"""`engraft audit verify`: recompute the audit trail's hash chain, name the first broken link.

Exit codes: 0 when every link holds, 1 when one does not (the message names its sequence
number and event id and what is wrong), 2 on bad arguments.
"""

from __future__ import annotations

import argparse

from .django_setup import setup_django


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="engraft audit", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    verify = sub.add_parser("verify", help="check every link of the hash chain")
    verify.add_argument(
        "--link-pending",
        action="store_true",
        help="first link committed events a crashed process left unlinked",
    )
    return parser


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    setup_django()
    from engraft.audit.chain import link_pending, verify_chain
    from engraft.audit.services import audit_event

    if args.link_pending:
        print(f"linked {link_pending()} pending event(s)")
    report = verify_chain()
    print(report)
    # Reading the trail is itself a read of personal data: audited, by the OS account.
    audit_event(
        actor=None,
        ip=None,
        action="view",
        target="audit.AuditEvent",
        summary="engraft audit verify: " + ("intact" if report.intact else "broken"),
    )
    return 0 if report.intact else 1
