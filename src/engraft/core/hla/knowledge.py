"""The donor search's clinical constants, read from the knowledge base (``donors.json``).

The DSA cut-off, the cord cell-dose thresholds, the ranking order and the DPB1 TCE ranks live
in the versioned knowledge base with their citations; values hla.md gives no number for are
labelled in-house there, and :attr:`Constant.label` carries that label to the screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from engraft.core.knowledge.loader import KNOWLEDGE_BASE_VERSION, KnowledgeBaseError

_FILE = "donors.json"


@dataclass(frozen=True)
class Constant:
    """One cited value: the number, why, and the references as the screen shows them."""

    value: float
    text: str
    evidence: str
    references: tuple[str, ...]

    @property
    def label(self) -> str:
        """'in-house default' or the evidence, then the sources: what a result says of it."""
        lead = "in-house default" if self.evidence == "in-house" else f"evidence {self.evidence}"
        return f"{lead}; {'; '.join(self.references)} (knowledge base {KNOWLEDGE_BASE_VERSION})"


@dataclass(frozen=True)
class RankField:
    """One field of the ranking key as the knowledge base states it, for the page."""

    name: str
    bits: int
    text: str
    evidence: str

    @property
    def in_house(self) -> bool:
        """An Engraft choice, not from a published source."""
        return self.evidence == "in-house"


@dataclass(frozen=True)
class DonorConstants:
    """Everything donor search reads from the knowledge base."""

    dsa_mfi_threshold: Constant
    cord_min_tnc_per_kg: Constant
    cord_min_cd34_per_kg: Constant
    weight_max_age_days: int
    cord_osteopetrosis_caution: str
    sibling_first: str
    rank_fields: tuple[tuple[str, int], ...]
    tce_rank: dict[str, int]
    ranking_source: str
    #: Every field with its text and evidence (in-house ones labelled so on the page).
    rank_field_texts: tuple[RankField, ...]
    tie_breaks: str
    weight_kg_range: tuple[float, float]
    height_cm_range: tuple[float, float]


def _read(name: str) -> Any:
    return json.loads(files("engraft.core.knowledge").joinpath(name).read_text("utf-8"))


def _references(keys: list[str], sources: dict[str, dict[str, str]]) -> tuple[str, ...]:
    unknown = [k for k in keys if k not in sources]
    if unknown:
        raise KnowledgeBaseError(f"{_FILE} cites unknown source keys {unknown}")
    return tuple(sources[k]["reference"] for k in keys)


@cache
def donor_constants() -> DonorConstants:
    """Read ``donors.json`` once, checking every source key it cites."""
    data, sources = _read(_FILE), _read("sources.json")["sources"]

    def constant(key: str) -> Constant:
        raw = data[key]
        refs = _references(raw["sources"], sources)
        return Constant(float(raw["value"]), raw["text"], raw["evidence"], refs)

    ranking = data["ranking"]
    for entry in ranking["fields"]:
        _references(entry["sources"], sources)
    _references(ranking["tie_breaks"]["sources"], sources)
    ranges = data["body_measurement_ranges"]
    _references(data["cord_osteopetrosis_caution"]["sources"], sources)
    _references(data["hla_identical_sibling_first"]["sources"], sources)
    return DonorConstants(
        dsa_mfi_threshold=constant("dsa_mfi_threshold"),
        cord_min_tnc_per_kg=constant("cord_min_tnc_per_kg"),
        cord_min_cd34_per_kg=constant("cord_min_cd34_per_kg"),
        weight_max_age_days=int(constant("cord_dose_weight_max_age_days").value),
        cord_osteopetrosis_caution=data["cord_osteopetrosis_caution"]["text"],
        sibling_first=data["hla_identical_sibling_first"]["text"],
        rank_fields=tuple((f["name"], int(f["bits"])) for f in ranking["fields"]),
        tce_rank=dict(ranking["tce_rank"]),
        ranking_source=(
            f"{ranking['text']} Sources: {'; '.join(_references(ranking['sources'], sources))}"
            f" (knowledge base {KNOWLEDGE_BASE_VERSION})"
        ),
        rank_field_texts=tuple(
            RankField(f["name"], int(f["bits"]), f["text"], f["evidence"])
            for f in ranking["fields"]
        ),
        tie_breaks=f"{ranking['tie_breaks']['text']} (in-house)",
        weight_kg_range=(float(ranges["weight_kg"][0]), float(ranges["weight_kg"][1])),
        height_cm_range=(float(ranges["height_cm"][0]), float(ranges["height_cm"][1])),
    )
