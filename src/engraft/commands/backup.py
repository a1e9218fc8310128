"""`engraft backup DIR` and `engraft restore DIR`: the database and the uploaded files, checked.

A backup is a directory: ``database.sqlite3`` (SQLite's online backup API, a consistent copy
while the app runs) or ``database.dump`` (``pg_dump --format=custom`` for PostgreSQL), the
uploaded files under ``uploads/``, and ``manifest.json`` with the SHA-256 and size of every
file, the database engine, the latest migration of each app and the time it was taken.

``restore`` checks every checksum first and refuses a backup that does not match, then
restores into an EMPTY instance only (no table, or tables with no rows): it never mixes a
backup with live data. Exit codes: 0 done, 1 refused or failed (the message says why), 2 bad
arguments.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from .django_setup import setup_django

MANIFEST = "manifest.json"
FORMAT = "engraft-backup/1"


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database():
    from django.db import connection

    return connection


def _backup_database(target: Path) -> str:
    connection = _database()
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        out = target / "database.sqlite3"
        source = sqlite3.connect(settings["NAME"])
        copy = sqlite3.connect(out)
        with copy:
            source.backup(copy)  # SQLite's online backup: consistent while others write
        copy.close()
        source.close()
        return out.name
    if connection.vendor == "postgresql":
        out = target / "database.dump"
        # A fixed argument list, no shell: the only variable parts are our own settings.
        subprocess.run(  # noqa: S603
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--file={out}",
                _pg_url(settings),
            ],
            check=True,
            capture_output=True,
        )
        return out.name
    raise BackupError(f"no backup method for the {connection.vendor} database")


def _pg_tool(name: str) -> str:
    """The absolute path of pg_dump or pg_restore (on PATH, or Debian's versioned bin dir)."""
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None
    )
    if found is None:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client tools")
    return found


def _pg_url(settings: dict) -> str:
    user, password = settings.get("USER") or "", settings.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings.get("HOST") or "localhost", settings.get("PORT") or 5432
    return f"postgresql://{auth}{host}:{port}/{settings['NAME']}"


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def backup(target: Path) -> dict:
    """Write a backup into ``target`` (a new or empty directory); returns the manifest."""
    from django.conf import settings

    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give a new directory")
    target.mkdir(parents=True, exist_ok=True)
    database = _backup_database(target)
    uploads = Path(settings.MEDIA_ROOT)
    if uploads.exists():
        shutil.copytree(uploads, target / "uploads")
    files = {
        str(path.relative_to(target)): {"sha256": _sha256(path), "bytes": path.stat().st_size}
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "format": FORMAT,
        "taken_at": datetime.now(UTC).isoformat(),
        "engine": _database().vendor,
        "database": database,
        "migrations": _migrations(),
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def check_backup(source: Path) -> dict:
    """The manifest, once every file's checksum and size match; BackupError names a mismatch."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise BackupError(f"{source / MANIFEST}: cannot be read ({error})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: not an Engraft backup ({manifest.get('format')!r})")
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"{name}: missing from the backup")
        if path.stat().st_size != expected["bytes"] or _sha256(path) != expected["sha256"]:
            raise BackupError(f"{name}: its checksum does not match the manifest")
    listed = set(manifest["files"]) | {MANIFEST}
    extra = [str(p.relative_to(source)) for p in source.rglob("*") if p.is_file()]
    unknown = sorted(set(extra) - listed)
    if unknown:
        raise BackupError(f"{unknown[0]}: in the backup but not in its manifest")
    return manifest


# What a site's own data is: accounts, children, families' requests, the audit trail. The
# rows migrations seed (page texts, the work-up template) do not make an instance non-empty.
SITE_DATA = ("access.User", "record.Patient", "information.InformationRequest",
             "audit.AuditEvent")  # fmt: skip


def _instance_is_empty() -> bool:
    from django.apps import apps
    from django.conf import settings
    from django.db import DatabaseError

    if _database().vendor == "sqlite" and not Path(settings.DATABASES["default"]["NAME"]).exists():
        return True
    for label in SITE_DATA:
        try:
            if apps.get_model(label)._default_manager.exists():
                return False
        except DatabaseError:  # not migrated: no table, no data
            return True
    return True


def restore(source: Path) -> dict:
    """Restore ``source`` into this (empty) instance; returns the manifest."""
    from django.conf import settings

    manifest = check_backup(source)
    connection = _database()
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database; this instance uses "
            f"{connection.vendor}"
        )
    if not _instance_is_empty():
        raise BackupError(
            "this instance already holds accounts, patients, requests or audit events: "
            "restore only into an empty one"
        )
    uploads = Path(settings.MEDIA_ROOT)
    if uploads.exists() and any(uploads.rglob("*")):
        raise BackupError(f"{uploads} already holds files: restore only into an empty one")
    dump = source / manifest["database"]
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        connection.close()
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        backup_db = sqlite3.connect(dump)
        live = sqlite3.connect(name)
        with live:
            backup_db.backup(live)
        live.close()
        backup_db.close()
    else:
        connection.close()
        subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
             f"--dbname={_pg_url(connection.settings_dict)}", str(dump)],
            check=True, capture_output=True,
        )  # fmt: skip
    if (source / "uploads").is_dir():
        uploads.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source / "uploads", uploads, dirs_exist_ok=True)
    return manifest


def _audit(summary: str) -> None:
    from engraft.audit.models import AuditAction
    from engraft.audit.services import audit_event

    # The operating-system account is named by audit_event for the command line.
    audit_event(actor=None, ip=None, action=AuditAction.EXPORT, target="backup", summary=summary)


def run(argv: list[str], *, action: str = "backup") -> int:
    parser = argparse.ArgumentParser(prog=f"engraft {action}", description=__doc__)
    parser.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    setup_django()
    try:
        if action == "backup":
            manifest = backup(args.directory)
            _audit(f"backup to {args.directory}: {len(manifest['files'])} file(s)")
            print(f"backup written to {args.directory}: {len(manifest['files'])} file(s), "
                  f"{manifest['engine']} database, manifest {MANIFEST}")  # fmt: skip
        else:
            manifest = restore(args.directory)
            _audit(f"restored from {args.directory} (taken {manifest['taken_at']})")
            print(f"restored from {args.directory}: taken {manifest['taken_at']}, "
                  f"{len(manifest['files'])} file(s) checked")  # fmt: skip
    except (BackupError, subprocess.CalledProcessError, OSError, sqlite3.Error) as error:
        detail = getattr(error, "stderr", b"") or b""
        text = detail.decode(errors="replace").strip() if isinstance(detail, bytes) else ""
        print(f"engraft {action}: {error}{': ' + text if text else ''}", file=sys.stderr)
        return 1
    return 0


def run_restore(argv: list[str]) -> int:
    return run(argv, action="restore")


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[2:], action=sys.argv[1]) if len(sys.argv) > 1 else 2)
