"""`engraft demo`: migrate, load the synthetic demo data, create demo accounts, serve."""

from __future__ import annotations

import argparse
import sys

from .django_setup import setup_django


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="engraft demo", description="Prepare and serve Engraft with synthetic demo data."
    )
    parser.add_argument("--no-serve", action="store_true", help="prepare only, do not serve")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from engraft.web.demo import DEMO_PASSWORD, DemoRefused, prepare_demo, refuse_real_data

    try:
        refuse_real_data()
    except DemoRefused as refused:
        print(f"engraft demo: {refused}", file=sys.stderr)
        return 2

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    accounts = prepare_demo()
    print("Engraft demo is ready. Synthetic data only: no real patient is in it.")
    print(f"Sign in at http://127.0.0.1:{args.port}/staff/login/ with password {DEMO_PASSWORD!r}")
    for username, role in accounts:
        print(f"  {username:<14} {role}")
    if args.no_serve:
        return 0
    print(f"Serving on http://127.0.0.1:{args.port}/ (Ctrl+C to stop)")
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    return 0
