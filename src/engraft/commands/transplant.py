"""`engraft transplant evaluate EPISODE.json [--as-of D] [--format json|text]`.

Runs the pure transplant core on a documented episode file (docs/transplant.md,
``engraft/core/transplant/episode.schema.json``) and prints the engraftment days, the
graft-failure status and the chimerism classification with their reasons and citations, then
the surveillance: the alerts raised each day (hypercalcaemia, SOS/VOD, the pulmonary
hypertension prompt), the calcium schedule and risk, the SOS/VOD criteria of the as-of day, and
the acute GVHD stages and grade of each assessed day. A data manager uses it to check registry
forms, and a file of daily data can be checked outside the app.

Exit codes: 0 on success, 2 on invalid input (the message names the bad field).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from engraft.core.gvhd import GvhdInputError
from engraft.core.surveillance import render as surveillance_render
from engraft.core.surveillance.episode_file import read_episode_file
from engraft.core.surveillance.evaluate import evaluate_surveillance
from engraft.core.transplant import EpisodeFileError, evaluate_episode
from engraft.core.transplant.render import to_dict, to_text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="engraft transplant",
        description="The transplant core: engraftment, graft failure and chimerism from data.",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    evaluate = sub.add_parser(
        "evaluate",
        help="evaluate an episode file",
        description="Engraftment days, graft-failure status and chimerism of one episode "
        "file (ASTCT 2021), then the surveillance alerts by day and the acute GVHD grade, with "
        "reasons and citations. Needs a clinician's confirmation.",
    )
    evaluate.add_argument("episode", type=Path, help="episode JSON (see docs/transplant.md)")
    evaluate.add_argument("--format", choices=("json", "text"), default="text")
    evaluate.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="evaluation date (YYYY-MM-DD); default: today; data after it are ignored",
    )
    return parser


def run(argv: list[str]) -> int:
    """Run the command; returns the process exit code (argparse errors exit 2 too)."""
    args = _parser().parse_args(argv)
    try:
        text = args.episode.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"engraft transplant: cannot read {args.episode}: {exc.strerror}", file=sys.stderr)
        return 2
    # The clock is read here, at the edge, never in the core.
    today = date.today()
    as_of = args.as_of or today
    if as_of > today:
        print(
            f"engraft transplant: --as-of: {as_of.isoformat()} is in the future "
            f"(today is {today.isoformat()})",
            file=sys.stderr,
        )
        return 2
    try:
        episode, inputs = read_episode_file(text, today=today)
        surveillance = evaluate_surveillance(episode, inputs, as_of=as_of)
    except (EpisodeFileError, GvhdInputError) as exc:
        print(f"engraft transplant: invalid episode {args.episode}: {exc}", file=sys.stderr)
        return 2
    evaluation = evaluate_episode(episode, as_of)
    if args.format == "json":
        data = to_dict(evaluation) | {
            "surveillance": surveillance_render.to_dict(surveillance, episode.day0)
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(to_text(evaluation), end="")
        print("\n" + surveillance_render.to_text(surveillance, episode.day0), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
