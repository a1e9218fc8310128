"""Fault test (loopback only): kill -9 the app server and a lab import mid-write.

Started by ``benchmarks/fault_kill9.sh``. Part 1: ``--clients`` threads post the public
request form as fast as they can; after ``--kill-after`` seconds gunicorn's master and
workers are killed with SIGKILL. Every request whose POST was answered (the redirect, the
acknowledgement a family sees) must be in the database, and every request stored must be
whole: its two queued emails and its audit event, written in the same transaction.
Part 2: ``engraft import-labs`` of a large file is killed with SIGKILL mid-file; every lab
row stored must be whole and its patient's import audited. Prints the counts; exits 1 if a
check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psycopg
from load_request_form import CSRF_INPUT, FORM_PATH, NAME_PREFIX, RECEIVED_PATH, _form_data
from loopback import require_loopback


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def kill_server(master: int) -> None:
    for pid in [master, *_children(master)]:
        with contextlib.suppress(ProcessLookupError):  # a worker may have died already
            os.kill(pid, signal.SIGKILL)


def forms(url: str, clients: int, kill_after: float, master: int) -> set[str]:
    acknowledged: set[str] = set()
    lock = threading.Lock()
    counter = iter(range(1, 10**6))
    stop = threading.Event()

    def client() -> None:
        with httpx.Client(base_url=url, timeout=10) as http:
            while not stop.is_set():
                with lock:
                    number = next(counter)
                try:
                    token = CSRF_INPUT.search(http.get(FORM_PATH).text).group(1)
                    answer = http.post(FORM_PATH, data=_form_data(number, token))
                except (httpx.HTTPError, AttributeError):
                    return  # the server is gone
                if answer.status_code == 302 and answer.headers.get("location") == RECEIVED_PATH:
                    with lock:
                        acknowledged.add(f"{NAME_PREFIX}{number:04d}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(kill_after)
    kill_server(master)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return acknowledged


def check_forms(database_url: str, acknowledged: set[str]) -> list[str]:
    with psycopg.connect(database_url) as db:
        rows = db.execute(
            "SELECT r.guardian_name, r.email,"
            " (SELECT count(*) FROM notifications_outgoingemail e WHERE e.recipient = r.email"
            "  OR e.reply_to = r.email),"
            " (SELECT count(*) FROM audit_auditevent a WHERE a.object_type ="
            "  'information.InformationRequest' AND a.object_id = r.public_id::text)"
            " FROM information_informationrequest r WHERE r.guardian_name LIKE %s",
            (NAME_PREFIX + "%",),
        ).fetchall()
    stored = {name for name, *_ in rows}
    problems = [f"acknowledged but not stored: {n}" for n in sorted(acknowledged - stored)]
    problems += [f"{name}: {emails} email(s), {audits} audit event(s)"
                 for name, _, emails, audits in rows if emails != 2 or audits != 1]  # fmt: skip
    late = len(stored - acknowledged)
    print(f"forms: {len(acknowledged)} acknowledged, {len(stored)} stored ({late} stored "
          "as the server died, never acknowledged)")  # fmt: skip
    return problems


def labs(env: dict[str, str], lab_file: Path, kill_after: float) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "engraft.cli", "import-labs", str(lab_file), "--quiet"], env=env
    )
    time.sleep(kill_after)
    process.send_signal(signal.SIGKILL)
    process.wait()


def check_labs(database_url: str) -> list[str]:
    with psycopg.connect(database_url) as db:
        stored = db.execute("SELECT count(*) FROM record_labresult").fetchone()[0]
        unaudited = db.execute(
            "SELECT count(DISTINCT p.public_id) FROM record_labresult l"
            " JOIN record_patient p ON p.id = l.patient_id WHERE NOT EXISTS ("
            "  SELECT 1 FROM audit_auditevent a WHERE a.object_id = p.public_id::text"
            "  AND a.summary LIKE 'lab results imported from %%')"
        ).fetchone()[0]
        incomplete = db.execute(
            "SELECT count(*) FROM record_labresult WHERE unit = '' OR analyte = ''"
        ).fetchone()[0]
    print(f"labs: {stored} rows stored before the kill; {unaudited} patient(s) with "
          f"unaudited rows; {incomplete} incomplete row(s)")  # fmt: skip
    problems = [f"{unaudited} patient(s) have imported rows without an audit event"] * bool(
        unaudited
    )
    return problems + [f"{incomplete} incomplete lab row(s)"] * bool(incomplete)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--gunicorn-pid", type=int, required=True)
    parser.add_argument("--lab-file", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--kill-after", type=float, default=6)
    args = parser.parse_args()
    require_loopback(args.url, "--url")
    require_loopback(args.database_url, "--database-url")
    problems = check_forms(args.database_url, forms(args.url, args.clients, args.kill_after,
                                                    args.gunicorn_pid))  # fmt: skip
    labs(dict(os.environ), args.lab_file, kill_after=4)
    problems += check_labs(args.database_url)
    for problem in problems[:20]:
        print(f"FAIL {problem}")
    print("PASS" if not problems else f"FAIL: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
