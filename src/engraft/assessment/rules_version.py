"""The version of the rules an assessment was computed with: the code's and the data's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engraft.core.knowledge import rules_version as core_rules_version


def rules_version(result: Mapping[str, Any] | None = None) -> str:
    """The rules version to store with a result: the one the core computed it with.

    The core names code and data together (package, knowledge-base version and a content
    hash of both), so a changed rule or data file shows even without a version bump. A result
    without one (computed before the core carried it) gets the core's current version.
    """
    if result and result.get("rules_version"):
        return str(result["rules_version"])
    return core_rules_version()
