"""The assessment knowledge base: versioned, cited clinical facts read from data files.

Use :func:`load_knowledge_base`; every assessment records :data:`KNOWLEDGE_BASE_VERSION`.
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
)

__all__ = [
    "KNOWLEDGE_BASE_VERSION",
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
]
