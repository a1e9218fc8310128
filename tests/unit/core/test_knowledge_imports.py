"""Modules that read the knowledge base import cleanly on their own, in a fresh process
(the knowledge base's rules version reads the assessment's files without importing them)."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = (
    "engraft.core.record.analytes",
    "engraft.core.record.lab_value",
    "engraft.core.workup.schedule",
    "engraft.core.knowledge",
    "engraft.core.assessment.from_record",
)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first_in_a_fresh_process(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
