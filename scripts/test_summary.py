"""Add up the JUnit reports of every suite into one closing line."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for report in sorted(Path(sys.argv[1]).glob("*.xml")):
    root = ET.parse(report).getroot()  # noqa: S314 - our own pytest reports
    for suite in root.iter("testsuite"):
        counts = {key: int(suite.get(key, 0)) for key in totals}
        print(
            f"{report.stem:<20} {counts['tests']:>5} tests, "
            f"{counts['failures'] + counts['errors']} failed, {counts['skipped']} skipped"
        )
        for key in totals:
            totals[key] += counts[key]
failed = totals["failures"] + totals["errors"]
passed = totals["tests"] - failed - totals["skipped"]
print(f"all: {passed} passed, {failed} failed, {totals['skipped']} skipped")
sys.exit(1 if failed or not totals["tests"] else 0)
