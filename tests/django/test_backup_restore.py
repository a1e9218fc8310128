"""`engraft backup` and `engraft restore` round-trip a populated instance: every table's rows
and every uploaded file come back identical, in a fresh process on an empty instance.

On SQLite (the SQLite pass) the instances are files; in the PostgreSQL pass they are two
new databases on the test server, backed up with pg_dump and restored with pg_restore."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ENGRAFT = [sys.executable, "-m", "engraft.cli"]

SERVER = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = SERVER.startswith("postgres")


def _database_for(data_dir: Path) -> str | None:
    """A new, empty PostgreSQL database for this instance (None: SQLite in data_dir)."""
    if not ON_POSTGRESQL:
        return None
    import psycopg

    name = f"engraft_{data_dir.parent.name}_{data_dir.name}".lower().replace("-", "_")[-60:]
    with psycopg.connect(SERVER, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    return SERVER.rsplit("/", 1)[0] + f"/{name}"


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if str(data_dir) not in _env.urls:
        _env.urls[str(data_dir)] = _database_for(data_dir)
    url = _env.urls[str(data_dir)]
    if url:
        env["DATABASE_URL"] = url
    env |= {
        "ENGRAFT_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "engraft.web.settings.development",
    }
    return env


_env.urls = {}


def _engraft(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*ENGRAFT, *args], cwd=REPO, env=_env(data_dir), capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


def _populate(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    script = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.core.files.base import ContentFile
from engraft.web.demo import ensure_demo_accounts
from engraft.record.demo import load_demo_cohort
from engraft.record.models import Document, Patient
from django.db import transaction
with transaction.atomic():  # as prepare_demo runs them
    ensure_demo_accounts(); load_demo_cohort(size=8)
patient = Patient.objects.order_by("pk").first()
doc = Document(patient=patient, title="Referral letter", kind="referral letter",
               content_type="application/pdf", original_name="letter.pdf", size=25)
doc.file.save("letter.pdf", ContentFile(b"%PDF-1.4 synthetic letter"), save=False)
doc.save()
"""
    subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=_env(data_dir), check=True, timeout=600
    )


def _tables(data_dir: Path) -> dict[str, list[tuple]]:
    url = _env(data_dir).get("DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url) as db:
            names = [r[0] for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]  # fmt: skip
            return {
                n: sorted(db.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)  # noqa: S608
                for n in names
            }
    with sqlite3.connect(data_dir / "engraft.sqlite3") as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        # Table names come from sqlite_master itself, not from input.
        return {
            n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)  # noqa: S608
            for n in names
        }


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_populated_instance_round_trips_table_by_table_and_file_by_file(tmp_path):
    live, backup_dir, fresh = tmp_path / "live", tmp_path / "backup", tmp_path / "fresh"
    _populate(live)
    done = _engraft(live, "backup", str(backup_dir))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    engine, dump = (
        ("postgresql", "database.dump") if ON_POSTGRESQL else ("sqlite", "database.sqlite3")
    )
    assert manifest["engine"] == engine and dump in manifest["files"]
    assert any(name.startswith("uploads/") for name in manifest["files"])

    restored = _engraft(fresh, "restore", str(backup_dir))
    assert restored.returncode == 0, restored.stderr
    before, after = _tables(live), _tables(fresh)
    # Backing up and restoring are audited themselves (object "backup"), after the copy.
    for tables in (before, after):
        tables["audit_auditevent"] = [
            r for r in tables["audit_auditevent"] if "backup" not in r and "manage" not in r
        ]
    assert set(before) == set(after)
    for table in before:
        if table in ("audit_auditchainhead",):
            continue  # the head moves with the backup's own audit event
        assert before[table] == after[table], table
    assert _files(live / "uploads") == _files(fresh / "uploads")
    assert len(before["record_patient"]) == 8


def test_a_changed_file_or_a_live_instance_is_refused(tmp_path):
    live, backup_dir = tmp_path / "live", tmp_path / "backup"
    _populate(live)
    assert _engraft(live, "backup", str(backup_dir)).returncode == 0
    into_live = _engraft(live, "restore", str(backup_dir))
    assert into_live.returncode == 1 and "restore only into an empty one" in into_live.stderr
    upload = next(p for p in (backup_dir / "uploads").rglob("*") if p.is_file())
    upload.write_bytes(b"tampered")
    refused = _engraft(tmp_path / "fresh", "restore", str(backup_dir))
    assert refused.returncode == 1 and "checksum does not match" in refused.stderr
