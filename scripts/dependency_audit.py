"""The dependency audit of the test command: pip-audit over the hashed lock file.

pip-audit asks PyPI's vulnerability data for each locked package. Where that database cannot
be reached (an offline machine, a mirror without the JSON API), pip-audit reports every
package as skipped and "no known vulnerabilities", which would be a false all-clear: this
says instead that the audit was skipped, and why. A known vulnerability fails the step.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROBE = "https://pypi.org/pypi/django/json"  # the API pip-audit's default service reads


def reachable() -> str | None:
    """None when PyPI's JSON API answers; else why not (checked once, in 5 s at most)."""
    try:
        with urllib.request.urlopen(PROBE, timeout=5) as response:
            json.loads(response.read())
    except (OSError, ValueError) as error:
        return str(getattr(error, "reason", error))
    return None


def main() -> int:
    why = reachable()
    if why is not None:
        print(f"dependency audit skipped: the vulnerability database is not reachable ({why})")
        return 0
    command = [
        str(REPO / ".venv/bin/pip-audit"), "-r", str(REPO / "requirements.lock"),
        "--require-hashes", "--disable-pip", "--progress-spinner", "off", "-f", "json",
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)  # noqa: S603
        report = json.loads(done.stdout or "{}")
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
        print(f"dependency audit skipped: pip-audit could not run ({error})")
        return 0
    packages = report.get("dependencies", [])
    skipped = [p for p in packages if p.get("skip_reason")]
    audited = [p for p in packages if not p.get("skip_reason")]
    if packages and not audited:
        print(
            f"dependency audit skipped: the vulnerability database is not reachable from this "
            f"machine ({len(skipped)} locked packages could not be looked up)"
        )
        return 0
    found = [(p["name"], p["version"], v) for p in audited for v in p.get("vulns", [])]
    for name, version, vuln in found:
        fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
        print(f"{name} {version}: {vuln['id']} (fixed in {fixed})")
    print(
        f"dependency audit: {len(audited)} package(s) audited, {len(skipped)} not found, "
        f"{len(found)} known vulnerabilit{'y' if len(found) == 1 else 'ies'}"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
