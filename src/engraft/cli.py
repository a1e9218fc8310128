"""The `engraft` command: one entry point for the main job and the tools.

Each subcommand lives in `engraft.commands.<name>` as `run(argv) -> exit code`, so a
capability adds its tool without touching this dispatcher beyond one line.
"""

from __future__ import annotations

import importlib
import sys

SUBCOMMANDS = {
    "demo": ("demo", "prepare the demo (migrate, synthetic data, accounts) and serve it"),
    "manage": ("manage", "Django's management commands, e.g. `engraft manage migrate`"),
    "assess": ("assess", "assess a case: subtype, severity, candidacy and urgency"),
    "donors": ("donors", "import, generate and search donor registries"),
    "import-labs": ("import_labs", "import lab results from a laboratory's CSV file"),
    "transplant": (
        "transplant",
        "evaluate a transplant episode: engraftment, graft failure, chimerism",
    ),
    "trials": ("trials", "import or fetch ClinicalTrials.gov records; match a patient file"),
    "audit": ("audit", "verify the audit trail's hash chain"),
    "backup": ("backup", "back up the database and the uploaded files, with checksums"),
    "restore": ("restore", "restore a backup into an empty instance"),
    "outcomes": ("outcomes", "analyse outcomes: survival and cumulative incidence by group"),
}


def usage() -> str:
    lines = ["usage: engraft COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<8} {text}" for name, (_, text) in SUBCOMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        print(f"engraft: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"engraft.commands.{SUBCOMMANDS[name][0]}")
    return int(module.run(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
