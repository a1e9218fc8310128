"""`engraft outcomes analyse FILE.csv --endpoint ... [--by ...] [--format json|text]`.

Runs the pure outcomes core on a registry-style CSV (docs/outcomes.md), without the database:
one endpoint (overall or event-free survival, or the cumulative incidence of engraftment,
graft failure, acute or chronic GVHD, VOD, hypercalcaemia), whole or split by one
characteristic, beside the published series, with the small-cell rule applied (counts under
11 withheld unless ``--suppress-below`` says otherwise; 0 turns it off, for checking against
other tools inside the care team). ``--chart FILE.svg`` also writes the curves.

Exit codes: 0 on success; 2 on invalid input, every problem named by row and column, and
nothing analysed.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

PROG = "engraft outcomes"
ENDPOINTS = ("os", "efs", "engraftment", "graft_failure", "agvhd", "cgvhd", "vod", "hypercalcaemia")
STRATA = ("donor_type", "graft_source", "conditioning", "genotype", "era", "age_group")
MAX_ERRORS_SHOWN = 50


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Outcomes analytics.")
    sub = parser.add_subparsers(dest="action", required=True)
    analyse = sub.add_parser(
        "analyse",
        help="analyse one endpoint of a registry-style outcomes CSV",
        description="Kaplan-Meier (OS, EFS) or exact Aalen-Johansen cumulative incidence, with "
        "95 %% log-log intervals, numbers at risk, the log-rank test between groups and the "
        "published series beside the centre's figures.",
    )
    analyse.add_argument(
        "file", type=Path, nargs="?", default=None, help="outcomes CSV (see docs/outcomes.md)"
    )
    analyse.add_argument(
        "--from-db",
        action="store_true",
        help="analyse the transplant episodes of the database instead of a file (audited)",
    )
    analyse.add_argument("--endpoint", choices=ENDPOINTS, required=True)
    analyse.add_argument("--by", choices=STRATA, default=None, help="split the results by")
    analyse.add_argument(
        "--era-breaks",
        default="",
        help="with --by era: first years of the eras, comma-separated (default: decades)",
    )
    analyse.add_argument("--format", choices=("json", "text"), default="text")
    analyse.add_argument(
        "--suppress-below",
        type=int,
        default=None,
        help="withhold counts under this many patients (default 11; 0: no rule, not for sharing)",
    )
    analyse.add_argument("--chart", type=Path, default=None, help="also write the curves as SVG")
    return parser


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def _analyse(args: argparse.Namespace) -> int:
    from engraft.core.outcomes import analysis_conventions
    from engraft.core.outcomes.csv_format import iter_outcomes_csv
    from engraft.core.outcomes.records import TransplantOutcome

    today = date.today()  # the clock is read here, at the edge, never in the core
    threshold = (
        analysis_conventions().suppress_below
        if args.suppress_below is None
        else args.suppress_below
    )
    if threshold < 0:
        return _fail("--suppress-below: 0 or more")
    try:
        breaks = tuple(int(y) for y in args.era_breaks.split(",") if y.strip())
    except ValueError:
        return _fail(f"--era-breaks: {args.era_breaks!r} is not a list of years such as 1995,2010")
    if breaks and args.by != "era":
        return _fail("--era-breaks: only with --by era")
    if args.from_db == (args.file is not None):
        return _fail("give either FILE.csv or --from-db")
    if args.from_db:
        outcomes = _from_db(today)
        if not outcomes:
            return _fail("the database holds no transplant that can be analysed")
        return _report(args, outcomes, breaks, threshold)
    outcomes: list[TransplantOutcome] = []
    errors = 0
    try:
        with args.file.open(encoding="utf-8-sig", newline="") as handle:
            for item in iter_outcomes_csv(handle, today=today):
                if isinstance(item, TransplantOutcome):
                    outcomes.append(item)
                    continue
                errors += 1
                if errors <= MAX_ERRORS_SHOWN:
                    print(f"{PROG}: {args.file} {item}", file=sys.stderr)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror}")
    except UnicodeDecodeError as exc:
        return _fail(f"{args.file} is not UTF-8 text (byte {exc.start})")
    if errors:
        more = f" ({errors - MAX_ERRORS_SHOWN} more not shown)" if errors > MAX_ERRORS_SHOWN else ""
        return _fail(f"{errors} problem(s){more} in {args.file}; nothing analysed")
    if not outcomes:
        return _fail(f"{args.file} holds no transplant")
    return _report(args, outcomes, breaks, threshold)


def _from_db(today: date) -> list:
    """Every transplant episode of the database, read by the outcomes app (and audited)."""
    from .django_setup import setup_django

    setup_django()
    from engraft.audit.models import AuditAction
    from engraft.audit.services import audit_event
    from engraft.outcomes.selectors import transplant_cohort

    cohort = transplant_cohort(today)
    for left in cohort.left_out:
        print(f"{PROG}: left out: {left}", file=sys.stderr)
    audit_event(
        actor=None, ip=None, action=AuditAction.VIEW, target="transplant.TransplantEpisode",
        summary=f"engraft outcomes analyse --from-db: {len(cohort.outcomes)} transplant(s), "
        f"{len(cohort.left_out)} left out",
    )  # fmt: skip
    return list(cohort.outcomes)


def _report(
    args: argparse.Namespace, outcomes: list, breaks: tuple[int, ...], threshold: int
) -> int:
    from engraft.core.outcomes import analyse, compare_with_published
    from engraft.core.outcomes.render import analysis_json, analysis_text

    analysis = analyse(outcomes, args.endpoint, by=args.by, era_breaks=breaks)
    comparisons = compare_with_published(outcomes, args.endpoint, suppress_below=threshold)
    render = analysis_json if args.format == "json" else analysis_text
    output = render(analysis, comparisons, suppress_below=threshold)
    print(output, end="" if output.endswith("\n") else "\n")
    if args.chart is not None:
        from engraft.core.outcomes.charts import curves_chart_svg

        try:
            args.chart.write_text(
                curves_chart_svg(analysis, suppress_below=threshold), encoding="utf-8"
            )
        except OSError as exc:
            return _fail(f"cannot write {args.chart}: {exc.strerror}")
    return 0


ACTIONS = {"analyse": _analyse}


def run(argv: list[str]) -> int:
    """Run the command; returns the process exit code (argparse errors exit 2 too)."""
    args = _parser().parse_args(argv)
    return ACTIONS[args.action](args)


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
