"""The pure core of the transplant: day +N, body surface area and cell doses, conditioning,
engraftment and graft failure (ASTCT 2021), chimerism, and the episode file.

Dataclasses in, dataclasses out; no Django. Thresholds, choices and regimens are data in
``engraft/core/knowledge/transplant.json``. Start with :func:`evaluate_episode`.
"""

from engraft.core.transplant.body_surface import (
    BodyMeasureError,
    BodySurfaceArea,
    CellDose,
    body_surface_area,
    cell_doses_per_kg,
    weight_on_infusion_date,
)
from engraft.core.transplant.chimerism import (
    ChimerismClass,
    ChimerismEvaluation,
    classify_chimerism,
    evaluate_chimerism,
)
from engraft.core.transplant.conditioning import (
    RecordedAgent,
    RecordedConditioning,
    cord_blood_under_ric_warning,
    validate_conditioning,
)
from engraft.core.transplant.days import date_of_day, day_label, day_label_of, transplant_day
from engraft.core.transplant.engraftment import (
    EngraftmentResult,
    EngraftmentStatus,
    Measurement,
    neutrophil_engraftment,
    platelet_engraftment,
)
from engraft.core.transplant.episode import (
    ChimerismResult,
    Episode,
    GraftSource,
    GrowthFactor,
    LabValue,
    Lineage,
    Transfusion,
)
from engraft.core.transplant.episode_file import (
    EpisodeFileError,
    episode_from_dict,
    episode_from_json,
)
from engraft.core.transplant.evaluate import Alert, EpisodeEvaluation, evaluate_episode
from engraft.core.transplant.graft_failure import GraftFailureResult, GraftStatus, graft_failure
from engraft.core.transplant.knowledge import TransplantKnowledge, load_transplant_knowledge

__all__ = [
    "Alert",
    "BodyMeasureError",
    "BodySurfaceArea",
    "CellDose",
    "ChimerismClass",
    "ChimerismEvaluation",
    "ChimerismResult",
    "EngraftmentResult",
    "EngraftmentStatus",
    "Episode",
    "EpisodeEvaluation",
    "EpisodeFileError",
    "GraftFailureResult",
    "GraftSource",
    "GraftStatus",
    "GrowthFactor",
    "LabValue",
    "Lineage",
    "Measurement",
    "RecordedAgent",
    "RecordedConditioning",
    "Transfusion",
    "TransplantKnowledge",
    "body_surface_area",
    "cell_doses_per_kg",
    "classify_chimerism",
    "cord_blood_under_ric_warning",
    "date_of_day",
    "day_label",
    "day_label_of",
    "episode_from_dict",
    "episode_from_json",
    "evaluate_chimerism",
    "evaluate_episode",
    "graft_failure",
    "load_transplant_knowledge",
    "neutrophil_engraftment",
    "platelet_engraftment",
    "transplant_day",
    "validate_conditioning",
    "weight_on_infusion_date",
]
