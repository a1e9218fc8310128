"""The rules version: which code and which knowledge-base data an assessment was computed with.

An assessment stores this string so that a result can be traced to the exact rules behind it,
and so that a change of either the rule code or a data file is visible even when the
knowledge-base version number was not bumped (a content hash covers both).
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files

from engraft.core.knowledge.loader import KNOWLEDGE_BASE_VERSION, read_manifest

# The folders of engraft.core whose source files are the rules: the assessment engine and its
# data. Read as files of engraft.core, so hashing never imports (and cycles back into) them.
_RULE_CODE_FOLDERS = ("assessment", "knowledge")


def package_version() -> str:
    """The installed engraft distribution's version ("unknown" when run from a bare tree)."""
    try:
        return version("engraft")
    except PackageNotFoundError:
        return "unknown"


@cache
def content_hash() -> str:
    """SHA-256 (first 16 hex digits) over the knowledge-base files and the rule code."""
    digest = hashlib.sha256()
    names = ["manifest.json", "knowledge.schema.json", *read_manifest()["files"]]
    kb = files("engraft.core.knowledge")
    for name in sorted(names):
        digest.update(name.encode() + b"\0" + kb.joinpath(name).read_bytes() + b"\0")
    core = files("engraft.core")
    for folder in _RULE_CODE_FOLDERS:
        for entry in sorted(core.joinpath(folder).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                digest.update(f"{folder}/{entry.name}".encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()[:16]


@cache
def rules_version() -> str:
    """E.g. ``engraft 0.1.0; knowledge base 1.0.0; sha256 3f2a...``: code and data together."""
    return (
        f"engraft {package_version()}; knowledge base {KNOWLEDGE_BASE_VERSION}; "
        f"sha256 {content_hash()}"
    )


RULES_VERSION: str = rules_version()
