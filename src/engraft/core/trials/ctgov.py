"""Parse ClinicalTrials.gov API v2 study records into plain, typed trial records.

Input is the JSON of ``GET /api/v2/studies/{nctId}`` (one study) or of ``GET /api/v2/studies``
(``{"studies": [...], "nextPageToken": ...}``); the structure is software.md section 3.5. Only
the fields Engraft uses are read; the rest is ignored. A malformed field raises
:class:`TrialRecordError` whose message starts with its JSON path, e.g.
``protocolSection.eligibilityModule.minimumAge: '6 Moons' is not an age``. An
``overallStatus`` outside the v2 values is kept as published and flagged
(``TrialRecord.status_is_known`` is False), because the registry adds values over time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from engraft.core.trials.ages import AgeLimit, AgeStringError, LimitKind, parse_age_limit
from engraft.core.trials.criteria_text import CriteriaItem, split_criteria
from engraft.core.trials.knowledge import trials_knowledge
from engraft.core.trials.partial_date import PartialDate, PartialDateError, parse_partial_date

NCT_ID = re.compile(r"^NCT\d{8}$")
# Statuses under which a trial may take new participants (the open-to-accrual filter).
RECRUITING_STATUSES = frozenset({"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"})


class TrialRecordError(ValueError):
    """A study record is malformed; ``path`` is the JSON path of the bad field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class TrialSex(StrEnum):
    """The sexes a study takes (eligibilityModule.sex)."""

    ALL = "ALL"
    FEMALE = "FEMALE"
    MALE = "MALE"


@dataclass(frozen=True)
class Intervention:
    """One intervention: its v2 type (DRUG, PROCEDURE, ...) and name."""

    type: str | None
    name: str


@dataclass(frozen=True)
class Arm:
    """One arm or group: label, v2 type (EXPERIMENTAL, ...) and description."""

    label: str
    type: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Contact:
    """A contact person (central or at a site); any field may be absent in the record."""

    name: str | None = None
    role: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Location:
    """A site of the study with its recruitment status and contacts."""

    facility: str | None = None
    status: str | None = None
    city: str | None = None
    country: str | None = None
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class Eligibility:
    """The structured part (age, sex, healthy volunteers) and the free text as published."""

    minimum_age: AgeLimit | None = None  # None: no lower limit
    maximum_age: AgeLimit | None = None  # None: no upper limit
    sex: TrialSex | None = None  # None: not stated
    healthy_volunteers: bool | None = None  # None: not stated
    criteria_text: str = ""
    criteria_items: tuple[CriteriaItem, ...] = ()


@dataclass(frozen=True)
class TrialRecord:
    """One ClinicalTrials.gov study as Engraft reads it."""

    nct_id: str
    brief_title: str
    official_title: str | None
    overall_status: str  # as published; see status_is_known
    status_is_known: bool  # False: not one of the v2 values (kept, flagged)
    phases: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    sponsor: str | None = None
    arms: tuple[Arm, ...] = ()
    central_contacts: tuple[Contact, ...] = ()
    locations: tuple[Location, ...] = ()
    eligibility: Eligibility = Eligibility()
    start_date: PartialDate | None = None
    primary_completion_date: PartialDate | None = None
    last_update: PartialDate | None = None

    @property
    def is_recruiting(self) -> bool:
        """Whether the registry status lets the trial take participants now or soon."""
        return self.overall_status in RECRUITING_STATUSES

    @property
    def warnings(self) -> tuple[str, ...]:
        """What a human should know about the record itself (e.g. an unknown status)."""
        if self.status_is_known:
            return ()
        return (f"overall status {self.overall_status!r} is not a ClinicalTrials.gov v2 value",)


@dataclass(frozen=True)
class RecordProblem:
    """A study of a search response that could not be read: where and why."""

    index: int
    nct_id: str | None
    error: TrialRecordError


class _Reader:
    """Typed access to nested JSON that names the path of whatever is wrong."""

    def __init__(self, data: Any, path: str) -> None:
        self.data, self.path = data, path

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def obj(self, key: str, *, required: bool = False) -> _Reader:
        value = self.data.get(key)
        if value is None:
            if required:
                raise TrialRecordError(self._at(key), "required field is missing")
            return _Reader({}, self._at(key))
        if not isinstance(value, dict):
            raise TrialRecordError(self._at(key), f"expected an object, got {_kind(value)}")
        return _Reader(value, self._at(key))

    def str(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None or (required and value == ""):
            if required:
                raise TrialRecordError(self._at(key), "required field is missing")
            return None
        if not isinstance(value, str):
            raise TrialRecordError(self._at(key), f"expected a string, got {_kind(value)}")
        return value

    def bool(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise TrialRecordError(self._at(key), f"expected true or false, got {_kind(value)}")

    def items(self, key: str) -> list[_Reader]:
        return [_Reader(v, p) for v, p in self._list(key, dict, "an object")]

    def strings(self, key: str) -> tuple[str, ...]:
        return tuple(v for v, _ in self._list(key, str, "a string"))

    def _list(self, key: str, kind: type, word: str) -> list[tuple[Any, str]]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise TrialRecordError(self._at(key), f"expected a list, got {_kind(value)}")
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                raise TrialRecordError(f"{self._at(key)}[{i}]", f"expected {word}")
            out.append((item, f"{self._at(key)}[{i}]"))
        return out


def _kind(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _date(module: _Reader, key: str) -> PartialDate | None:
    struct = module.obj(key)
    text = struct.str("date")
    if text is None:
        return None
    try:
        return parse_partial_date(text, struct.str("type"))
    except PartialDateError as error:
        raise TrialRecordError(f"{struct.path}.date", str(error)) from None


def _age(module: _Reader, key: str, kind: LimitKind) -> AgeLimit | None:
    try:
        return parse_age_limit(module.str(key), kind)
    except AgeStringError as error:
        raise TrialRecordError(f"{module.path}.{key}", str(error)) from None


def _contact(item: _Reader) -> Contact:
    return Contact(item.str("name"), item.str("role"), item.str("phone"), item.str("email"))


def _eligibility(module: _Reader) -> Eligibility:
    sex_text = module.str("sex")
    if sex_text is not None and sex_text not in TrialSex.__members__.values():
        raise TrialRecordError(
            f"{module.path}.sex", f"{sex_text!r} is not one of ALL, FEMALE, MALE"
        )
    minimum = _age(module, "minimumAge", LimitKind.MINIMUM)
    maximum = _age(module, "maximumAge", LimitKind.MAXIMUM)
    if minimum and maximum and minimum.exact_days > maximum.exact_days:
        raise TrialRecordError(
            f"{module.path}.minimumAge",
            f"{minimum.text!r} is above the maximum age {maximum.text!r}",
        )
    text = module.str("eligibilityCriteria") or ""
    return Eligibility(
        minimum_age=minimum,
        maximum_age=maximum,
        sex=TrialSex(sex_text) if sex_text else None,
        healthy_volunteers=module.bool("healthyVolunteers"),
        criteria_text=text,
        criteria_items=split_criteria(text),
    )


def parse_study(data: Any) -> TrialRecord:
    """Read one API v2 study record; TrialRecordError names the first malformed field."""
    if not isinstance(data, dict):
        raise TrialRecordError("(record)", f"expected an object, got {_kind(data)}")
    root = _Reader(data, "")
    protocol = root.obj("protocolSection", required=True)
    ident = protocol.obj("identificationModule", required=True)
    nct_id = ident.str("nctId", required=True)
    assert nct_id is not None
    if not NCT_ID.match(nct_id):
        raise TrialRecordError(f"{ident.path}.nctId", f"{nct_id!r} is not an NCT number")
    status = protocol.obj("statusModule", required=True)
    overall = status.str("overallStatus", required=True)
    assert overall is not None
    conditions = protocol.obj("conditionsModule")
    arms_module = protocol.obj("armsInterventionsModule")
    places = protocol.obj("contactsLocationsModule")
    return TrialRecord(
        nct_id=nct_id,
        brief_title=ident.str("briefTitle", required=True) or "",
        official_title=ident.str("officialTitle"),
        overall_status=overall,
        status_is_known=overall in trials_knowledge().overall_statuses,
        phases=protocol.obj("designModule").strings("phases"),
        conditions=conditions.strings("conditions"),
        keywords=conditions.strings("keywords"),
        interventions=tuple(
            Intervention(item.str("type"), item.str("name", required=True) or "")
            for item in arms_module.items("interventions")
        ),
        sponsor=protocol.obj("sponsorCollaboratorsModule").obj("leadSponsor").str("name"),
        arms=tuple(
            Arm(item.str("label", required=True) or "", item.str("type"), item.str("description"))
            for item in arms_module.items("armGroups")
        ),
        central_contacts=tuple(_contact(c) for c in places.items("centralContacts")),
        locations=tuple(
            Location(
                facility=site.str("facility"),
                status=site.str("status"),
                city=site.str("city"),
                country=site.str("country"),
                contacts=tuple(_contact(c) for c in site.items("contacts")),
            )
            for site in places.items("locations")
        ),
        eligibility=_eligibility(protocol.obj("eligibilityModule")),
        start_date=_date(status, "startDateStruct"),
        primary_completion_date=_date(status, "primaryCompletionDateStruct"),
        last_update=_date(status, "lastUpdatePostDateStruct"),
    )


def _nct_of(data: Any) -> str | None:
    try:
        value = data["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) else None


def parse_search_response(
    data: Any,
) -> tuple[tuple[TrialRecord, ...], tuple[RecordProblem, ...], str | None]:
    """Read a search response: (good records, one problem per bad study, nextPageToken).

    A bad study does not stop the others; its problem carries its index and NCT id (when the
    id itself is readable) and paths relative to the study (``protocolSection...``). A
    response that is not ``{"studies": [...]}`` raises TrialRecordError.
    """
    if not isinstance(data, dict) or not isinstance(data.get("studies"), list):
        raise TrialRecordError("studies", "a search response needs a list of studies")
    token = data.get("nextPageToken")
    if token is not None and not isinstance(token, str):
        raise TrialRecordError("nextPageToken", f"expected a string, got {_kind(token)}")
    records, problems = [], []
    for index, study in enumerate(data["studies"]):
        try:
            records.append(parse_study(study))
        except TrialRecordError as error:
            problems.append(RecordProblem(index, _nct_of(study), error))
    return tuple(records), tuple(problems), token


def parse_records(data: Any) -> tuple[tuple[TrialRecord, ...], tuple[RecordProblem, ...]]:
    """Read either one study or a search response (the shape decides); for files on disk."""
    if isinstance(data, dict) and "studies" in data:
        records, problems, _ = parse_search_response(data)
        return records, problems
    try:
        return (parse_study(data),), ()
    except TrialRecordError as error:
        return (), (RecordProblem(0, _nct_of(data), error),)
