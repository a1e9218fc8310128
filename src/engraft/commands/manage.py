"""`engraft manage ...`: Django's management commands.

A command that can read or change patient data outside the app's pages (a dump, a shell, a
database shell, a load) is audited before it runs, named by the operating-system account
(``audit_event`` with no actor), with its arguments.
"""

import os
import sys

# Django's commands that read or write the database's personal data wholesale.
AUDITED_COMMANDS = frozenset(
    {"dumpdata", "loaddata", "shell", "dbshell", "flush", "sqlflush", "changepassword",
     "createsuperuser", "remove_stale_contenttypes"}
)  # fmt: skip


def _audit(argv: list[str]) -> None:
    import django

    django.setup()
    from django.db import DatabaseError

    from engraft.audit.models import AuditAction
    from engraft.audit.services import audit_event

    try:
        audit_event(actor=None, ip=None, action=AuditAction.EXPORT, target="manage",
                    summary="engraft manage " + " ".join(argv))  # fmt: skip
    except DatabaseError as error:
        # No audit table yet (an unmigrated database): it holds no patient data to protect.
        print(f"engraft manage: not audited ({error})", file=sys.stderr)


def run(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engraft.web.settings.development")
    from django.core.management import execute_from_command_line

    if argv and argv[0] in AUDITED_COMMANDS:
        _audit(argv)
    execute_from_command_line(["engraft manage", *argv])
    return 0
