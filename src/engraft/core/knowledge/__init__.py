"""The assessment knowledge base: versioned, cited clinical facts read from data files.

Use :func:`load_knowledge_base`; every assessment records :data:`KNOWLEDGE_BASE_VERSION`
and :func:`rules_version` (code and data together).
"""

from engraft.core.knowledge.loader import (
    KNOWLEDGE_BASE_VERSION,
    Citation,
    DonorOutcome,
    Fact,
    HctCiRiskGroup,
    KnowledgeBase,
    KnowledgeBaseError,
    Marker,
    Note,
    Rule,
    Subtype,
    WorkupItem,
    load_knowledge_base,
    read_data_file,
)
from engraft.core.knowledge.version import RULES_VERSION, rules_version

__all__ = [
    "KNOWLEDGE_BASE_VERSION",
    "RULES_VERSION",
    "Citation",
    "DonorOutcome",
    "Fact",
    "HctCiRiskGroup",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Marker",
    "Note",
    "Rule",
    "Subtype",
    "WorkupItem",
    "load_knowledge_base",
    "read_data_file",
    "rules_version",
]
