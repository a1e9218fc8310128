"""Read the outcomes knowledge: the analysis conventions and the published series.

``outcomes_analysis.json`` holds how a centre's outcomes are measured (software.md section 4):
each endpoint with its events, competing events, reporting days and numbers-at-risk days; the
strata; the small-cell threshold; the age-at-transplant threshold of the vision window
(Driessen 2003) and the in-house day counts of a year and a month. ``published_series.json``
holds the figures of clinical.md section 3, each with its n and source. Both files are
validated against their JSON Schemas on load, and every source key must exist in
``sources.json`` or in the file's own sources.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

from engraft.core.knowledge.loader import Citation, Fact, KnowledgeBaseError

_PACKAGE = "engraft.core.knowledge"


@dataclass(frozen=True)
class Endpoint:
    """An endpoint: what counts as its event, what competes with it, when it is reported."""

    id: str
    name: str
    kind: str  # "survival" (Kaplan-Meier) or "incidence" (Aalen-Johansen)
    events: tuple[str, ...]
    competing: tuple[str, ...]
    report_days: tuple[int, ...]
    risk_days: tuple[int, ...]
    curve_until: int | None  # incidence curves are estimated up to this day (None: the end)
    text: str
    citations: tuple[Citation, ...]

    @property
    def is_survival(self) -> bool:
        return self.kind == "survival"


@dataclass(frozen=True)
class Stratum:
    """A characteristic the results can be split by (donor type, era, ...)."""

    id: str
    name: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class AnalysisConventions:
    """Everything outcomes_analysis.json holds, with citations resolved."""

    year_days: Fact
    month_days: Fact
    suppression: Fact
    age_group: Fact
    programme_age_limits: Fact
    confidence: Fact
    endpoints: dict[str, Endpoint]
    strata: dict[str, Stratum]

    def endpoint(self, endpoint_id: str) -> Endpoint:
        """The endpoint with this id; KeyError lists the known ones."""
        try:
            return self.endpoints[endpoint_id]
        except KeyError:
            known = ", ".join(self.endpoints)
            raise KeyError(f"unknown endpoint {endpoint_id!r}; one of {known}") from None

    @property
    def suppress_below(self) -> int:
        """The default small-cell threshold: counts under it are withheld in shared outputs."""
        return int(self.suppression.value)

    @property
    def age_threshold_days(self) -> float:
        """Age at transplant under this many days is "under 3 months"."""
        return float(self.age_group.value) * float(self.month_days.value)

    def months_in_days(self, months: float) -> float:
        return months * float(self.month_days.value)

    def day_label(self, day: int) -> str:
        """``365`` -> "1 year", ``1826`` -> "5 years", ``28`` -> "day 28"."""
        years = day / float(self.year_days.value)
        whole = round(years)
        if whole >= 1 and int(whole * float(self.year_days.value)) == day:
            return "1 year" if whole == 1 else f"{whole} years"
        return f"day {day}"


@dataclass(frozen=True)
class FigureGroup:
    """Which transplants a published figure is about (absent filters: any)."""

    label: str
    donor_type: tuple[str, ...] = ()
    graft_source: tuple[str, ...] = ()
    conditioning_intensity: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None


@dataclass(frozen=True)
class PublishedFigure:
    """One published figure: the measure, the value, when, for whom, from how many."""

    id: str
    series_id: str
    study: str
    series_n: int
    era: str
    measure: str
    endpoint: str
    percent: float
    time_days: int | None
    group: FigureGroup
    n: int | None  # the group's n where the notes give it
    definition_note: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class PublishedSeries:
    """A published series with its population and figures."""

    id: str
    study: str
    population: str
    era: str
    n: int
    citations: tuple[Citation, ...]
    figures: tuple[PublishedFigure, ...]


def _read(name: str) -> Any:
    return json.loads(files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def _shared_sources() -> dict[str, str]:
    return {k: v["reference"] for k, v in _read("sources.json")["sources"].items()}


def _validate(data: Any, schema_name: str, file_name: str) -> None:
    error = next(iter(Draft202012Validator(_read(schema_name)).iter_errors(data)), None)
    if error is not None:
        raise KnowledgeBaseError(f"{file_name} {error.json_path}: {error.message}")


class _Citer:
    def __init__(self, references: dict[str, str], file_name: str) -> None:
        self._references = references
        self._file = file_name

    def __call__(self, raw: dict[str, Any], where: str) -> tuple[Citation, ...]:
        out = []
        for key in raw["sources"]:
            if key not in self._references:
                raise KnowledgeBaseError(f"{self._file} {where}: unknown source {key!r}")
            evidence = "in-house" if key == "in-house" else raw["evidence"]
            out.append(Citation(key, self._references[key], evidence))
        return tuple(out)

    def fact(self, raw: dict[str, Any], where: str) -> Fact:
        value = raw["value"]
        return Fact(
            tuple(value) if isinstance(value, list) else value, raw["text"], self(raw, where)
        )


def build_analysis_conventions(data: Any, shared_sources: dict[str, str]) -> AnalysisConventions:
    """Validate ``data`` (outcomes_analysis.json's content) and resolve its citations.

    Raises KnowledgeBaseError naming the first problem (schema, a source key defined in both
    files, an unknown source, a duplicated endpoint id).
    """
    name = "outcomes_analysis.json"
    _validate(data, "outcomes_analysis.schema.json", name)
    own = {k: v["reference"] for k, v in data["sources"].items()}
    clash = sorted(own.keys() & shared_sources.keys())
    if clash:
        raise KnowledgeBaseError(f"{name} redefines sources.json keys {clash}")
    cite = _Citer(shared_sources | own, name)
    endpoints: dict[str, Endpoint] = {}
    for raw in data["endpoints"]:
        if raw["id"] in endpoints:
            raise KnowledgeBaseError(f"{name}: endpoint {raw['id']!r} is defined twice")
        if raw["kind"] == "incidence" and len(raw["events"]) != 1:
            raise KnowledgeBaseError(f"{name}: incidence endpoint {raw['id']!r} needs one event")
        endpoints[raw["id"]] = Endpoint(
            id=raw["id"],
            name=raw["name"],
            kind=raw["kind"],
            events=tuple(raw["events"]),
            competing=tuple(raw["competing"]),
            report_days=tuple(sorted(raw["report_days"])),
            risk_days=tuple(sorted(raw["risk_days"])),
            curve_until=raw["curve_until"],
            text=raw["text"],
            citations=cite(raw, f"endpoint {raw['id']}"),
        )
    return AnalysisConventions(
        year_days=cite.fact(data["year_days"], "year_days"),
        month_days=cite.fact(data["month_days"], "month_days"),
        suppression=cite.fact(data["suppression"], "suppression"),
        age_group=cite.fact(data["age_group"], "age_group"),
        programme_age_limits=cite.fact(data["programme_age_limits"], "programme_age_limits"),
        confidence=cite.fact(data["confidence"], "confidence"),
        endpoints=endpoints,
        strata={
            s["id"]: Stratum(s["id"], s["name"], s["text"], cite(s, f"stratum {s['id']}"))
            for s in data["strata"]
        },
    )


def build_published_series(
    data: Any, shared_sources: dict[str, str]
) -> tuple[PublishedSeries, ...]:
    """Validate ``data`` (published_series.json's content) and resolve its citations.

    Raises KnowledgeBaseError for a schema error, an unknown source or a repeated figure id.
    """
    name = "published_series.json"
    _validate(data, "published_series.schema.json", name)
    cite = _Citer(shared_sources, name)
    seen: set[str] = set()
    out = []
    for raw in data["series"]:
        citations = cite(raw, f"series {raw['id']}")
        figures = []
        for fig in raw["figures"]:
            if fig["id"] in seen:
                raise KnowledgeBaseError(f"{name}: figure {fig['id']!r} is listed twice")
            seen.add(fig["id"])
            group = fig["group"]
            years = group.get("years", {"from": None, "to": None})
            figures.append(
                PublishedFigure(
                    id=fig["id"],
                    series_id=raw["id"],
                    study=raw["study"],
                    series_n=raw["n"],
                    era=raw["era"],
                    measure=fig["measure"],
                    endpoint=fig["endpoint"],
                    percent=float(fig["percent"]),
                    time_days=fig["time_days"],
                    group=FigureGroup(
                        label=group["label"],
                        donor_type=tuple(group.get("donor_type", ())),
                        graft_source=tuple(group.get("graft_source", ())),
                        conditioning_intensity=tuple(group.get("conditioning_intensity", ())),
                        year_from=years["from"],
                        year_to=years["to"],
                    ),
                    n=fig["n"],
                    definition_note=fig.get("definition_note", ""),
                    citations=citations,
                )
            )
        out.append(
            PublishedSeries(
                raw["id"],
                raw["study"],
                raw["population"],
                raw["era"],
                raw["n"],
                citations,
                tuple(figures),
            )
        )
    return tuple(out)


@cache
def analysis_conventions() -> AnalysisConventions:
    """The shipped analysis conventions, read and validated once."""
    return build_analysis_conventions(_read("outcomes_analysis.json"), _shared_sources())


@cache
def published_series() -> tuple[PublishedSeries, ...]:
    """The shipped published series, read and validated once."""
    return build_published_series(_read("published_series.json"), _shared_sources())
