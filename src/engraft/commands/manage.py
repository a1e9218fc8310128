"""`engraft manage ...`: Django's management commands."""

import os


def run(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engraft.web.settings.development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["engraft manage", *argv])
    return 0
