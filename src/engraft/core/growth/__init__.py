"""Growth: height and weight SDS and centiles from rcpchgrowth, and the growth charts."""

from engraft.core.growth.centiles import CentileLine, centile_label, centile_lines
from engraft.core.growth.chart import TransplantMark, chart_ages, growth_chart_svg
from engraft.core.growth.knowledge import (
    GrowthKnowledge,
    GrowthReference,
    build_growth_knowledge,
    load_growth_knowledge,
)
from engraft.core.growth.transplant_phase import (
    TransplantDay0,
    TransplantPhase,
    transplant_phase,
)
from engraft.core.growth.zscores import (
    GrowthMeasurement,
    GrowthPoint,
    MeasurementKind,
    decimal_age,
    growth_points,
)

__all__ = [
    "CentileLine",
    "GrowthKnowledge",
    "GrowthMeasurement",
    "GrowthPoint",
    "GrowthReference",
    "MeasurementKind",
    "TransplantDay0",
    "TransplantMark",
    "TransplantPhase",
    "build_growth_knowledge",
    "centile_label",
    "centile_lines",
    "chart_ages",
    "decimal_age",
    "growth_chart_svg",
    "growth_points",
    "load_growth_knowledge",
    "transplant_phase",
]
