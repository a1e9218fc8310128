"""Read an episode file (``episode.schema.json``) with errors that name the bad field.

The schema is checked first (jsonschema), then dates: each must be a real calendar date and
none may be after ``today`` (a date in the future is not a clinical fact). Every error is an
``EpisodeFileError`` whose message starts with the field's path, e.g.
``daily[3].anc: -1 is less than the minimum of 0``.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from engraft.core.schema_errors import schema_error_message
from engraft.core.transplant.conditioning import (
    RecordedAgent,
    RecordedConditioning,
    validate_conditioning,
)
from engraft.core.transplant.episode import (
    ANALYTE_UNITS,
    ChimerismResult,
    Episode,
    GraftSource,
    GrowthFactor,
    LabValue,
    Lineage,
    Transfusion,
)


class EpisodeFileError(ValueError):
    """The episode file is invalid; the message starts with the bad field's path."""


@cache
def episode_schema() -> dict[str, Any]:
    """The JSON Schema of an episode file, shipped in this package."""
    text = files("engraft.core.transplant").joinpath("episode.schema.json").read_text("utf-8")
    return json.loads(text)


def checked_date(value: str, where: str, today: date) -> date:
    """The date of ``value``; EpisodeFileError naming ``where`` if invalid or after ``today``."""
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise EpisodeFileError(f"{where}: {value!r} is not a valid date (YYYY-MM-DD)") from None
    if parsed > today:
        raise EpisodeFileError(
            f"{where}: {value} is in the future (today is {today.isoformat()}); "
            "a date in the future is not a clinical fact"
        )
    return parsed


def check_episode_schema(data: Any) -> None:
    """Raise EpisodeFileError naming the first field of ``data`` the schema refuses."""
    error = best_match(Draft202012Validator(episode_schema()).iter_errors(data))
    if error is not None:
        raise EpisodeFileError(schema_error_message(error, "(episode)"))


def episode_from_dict(data: Any, today: date) -> Episode:
    """Build an Episode from parsed JSON; EpisodeFileError names the first bad field."""
    check_episode_schema(data)
    values = []
    for i, row in enumerate(data.get("daily", ())):
        on = checked_date(row["date"], f"daily[{i}].date", today)
        values += [
            LabValue(on, analyte, float(row[analyte]))
            for analyte in ANALYTE_UNITS
            if analyte in row
        ]
    conditioning = data.get("conditioning")
    episode = Episode(
        episode_id=data["episode_id"],
        day0=checked_date(data["day0"], "day0", today),
        graft_source=GraftSource(data["graft_source"]),
        values=tuple(values),
        transfusions=tuple(
            Transfusion(
                checked_date(t["date"], f"transfusions[{i}].date", today),
                t["product"],
                t.get("volume_ml"),
            )
            for i, t in enumerate(data.get("transfusions", ()))
        ),
        growth_factors=tuple(
            GrowthFactor(checked_date(g["date"], f"growth_factors[{i}].date", today), g["agent"])
            for i, g in enumerate(data.get("growth_factors", ()))
        ),
        chimerism=tuple(
            ChimerismResult(
                checked_date(c["date"], f"chimerism[{i}].date", today),
                Lineage(c["lineage"]),
                float(c["donor_percent"]),
            )
            for i, c in enumerate(data.get("chimerism", ()))
        ),
        conditioning=RecordedConditioning(
            conditioning["regimen"],
            tuple(
                RecordedAgent(a["agent"], float(a["dose"]), a["unit"], tuple(a["days"]))
                for a in conditioning["agents"]
            ),
        )
        if conditioning
        else None,
        graft_cells=dict(data.get("graft_cells", {})),
        height_cm=data.get("height_cm"),
        notes=tuple(data.get("notes", ())),
    )
    if episode.conditioning is not None:
        # Errors (unknown agent, a unit the agent is never dosed in) are bad input; warnings
        # are shown with the evaluation.
        for problem in validate_conditioning(episode.conditioning):
            if problem.severity == "error":
                raise EpisodeFileError(f"{problem.path}: {problem.message}")
    return episode


def episode_json(text: str) -> Any:
    """The parsed JSON of an episode file; EpisodeFileError if it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise EpisodeFileError(f"(file): not valid JSON: {exc.msg} at line {exc.lineno}") from None


def episode_from_json(text: str, today: date) -> Episode:
    """Parse JSON text into an Episode; EpisodeFileError for bad JSON or an invalid field."""
    return episode_from_dict(episode_json(text), today)
