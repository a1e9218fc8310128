"""Graft-versus-host disease: MAGIC acute staging and grade, chronic GVHD as entered."""

from engraft.core.gvhd.knowledge import GvhdKnowledge, build_gvhd_knowledge, load_gvhd_knowledge
from engraft.core.gvhd.magic import (
    AcuteGvhdGrade,
    AcuteGvhdInput,
    ChronicGvhd,
    GvhdInputError,
    OrganStage,
    chronic_gvhd,
    stage_acute_gvhd,
)

__all__ = [
    "AcuteGvhdGrade",
    "AcuteGvhdInput",
    "ChronicGvhd",
    "GvhdInputError",
    "GvhdKnowledge",
    "OrganStage",
    "build_gvhd_knowledge",
    "chronic_gvhd",
    "load_gvhd_knowledge",
    "stage_acute_gvhd",
]
