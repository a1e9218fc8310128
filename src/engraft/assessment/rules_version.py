"""The version of the rules an assessment was computed with: the code's and the data's."""

from __future__ import annotations

from importlib import metadata

import engraft
from engraft.core.knowledge import KNOWLEDGE_BASE_VERSION


def rules_version() -> str:
    """Engraft's package version and the knowledge base's, as one label.

    The one place the app names the rules version: swap it for the core's own constant when
    the core gains one (a result that carries ``rules_version`` already wins, see services).
    """
    code = getattr(engraft, "__version__", None) or metadata.version("engraft")
    return f"engraft {code} / knowledge base {KNOWLEDGE_BASE_VERSION}"
