"""Changes to the trials catalogue and to enrolments, each in a transaction and audited.

Services take the acting user (``actor``, None for the command line) and the client address
(``ip``) as keyword arguments; the web and ``engraft trials`` call the same ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.trials import RuleError, TrialRecord, parse_study, rule_from_dict
from engraft.core.trials.ctgov import TrialRecordError, parse_records
from engraft.core.trials.rules import rule_problems
from engraft.record.locking import save_if_unchanged
from engraft.record.models import Patient

from .models import (
    Enrolment,
    EnrolmentStatus,
    EnrolmentStep,
    NotEnrolledReason,
    SiteStatus,
    Trial,
)

Actor = Any  # the signed-in user, or None for the command line

# The columns an import writes from the record; the centre's own fields are never among them.
RECORD_COLUMNS = (
    "brief_title",
    "official_title",
    "overall_status",
    "phases",
    "conditions",
    "sponsor",
    "minimum_age",
    "maximum_age",
    "record_updated_on",
)


def _columns(record: TrialRecord) -> dict[str, Any]:
    e = record.eligibility
    return {
        "brief_title": record.brief_title[:400],
        "official_title": record.official_title or "",
        "overall_status": record.overall_status[:40],
        "phases": list(record.phases),
        "conditions": list(record.conditions),
        "sponsor": (record.sponsor or "")[:300],
        "minimum_age": e.minimum_age.text if e.minimum_age else "",
        "maximum_age": e.maximum_age.text if e.maximum_age else "",
        "record_updated_on": record.last_update.isoformat() if record.last_update else "",
    }


@dataclass
class ImportLine:
    """What an import did with one study record: created, updated, unchanged or refused."""

    where: str  # the file (and study index) it came from
    nct_id: str | None
    outcome: str  # "created", "updated", "unchanged", "refused"
    changes: list[str] = field(default_factory=list)  # the fields that changed
    message: str = ""  # why it was refused, or a warning

    def __str__(self) -> str:
        head = f"{self.where}: {self.nct_id or '(no NCT number)'} {self.outcome}"
        if self.changes:
            head += f" ({', '.join(self.changes)})"
        return f"{head}: {self.message}" if self.message else head


@dataclass
class ImportReport:
    lines: list[ImportLine] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def summary(self) -> str:
        parts = [f"{self.count(o)} {o}" for o in ("created", "updated", "unchanged", "refused")]
        return ", ".join(parts)


def _store_study(
    raw: dict[str, Any], record: TrialRecord, *, where: str, actor: Actor, ip: str | None
) -> ImportLine:
    now = timezone.now()
    columns = _columns(record)
    trial = Trial.objects.select_for_update().filter(nct_id=record.nct_id).first()
    if trial is None:
        trial = Trial.objects.create(
            nct_id=record.nct_id, record=raw, imported_at=now, updated_by=actor, **columns
        )
        audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=trial,
                    summary=f"imported {record.nct_id} from {where}")  # fmt: skip
        return ImportLine(where, record.nct_id, "created", message=_warnings(record))
    changed = [name for name, value in columns.items() if getattr(trial, name) != value]
    if raw != trial.record and not changed:
        changed = ["record"]
    if not changed:
        return ImportLine(where, record.nct_id, "unchanged")
    for name in RECORD_COLUMNS:
        setattr(trial, name, columns[name])
    trial.record, trial.imported_at, trial.updated_by = raw, now, actor
    trial.version += 1
    trial.save()
    summary = f"re-imported {record.nct_id} from {where}: {', '.join(changed)}"
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=trial, summary=summary)
    message = _warnings(record)
    if trial.rule:
        misfit = _rule_misfit(trial.rule, record)
        if misfit:
            message = "; ".join(filter(None, [message, "curated rule needs review: " + misfit]))
    return ImportLine(where, record.nct_id, "updated", changes=changed, message=message)


def _warnings(record: TrialRecord) -> str:
    return "; ".join(record.warnings)


def _rule_misfit(rule_data: dict[str, Any], record: TrialRecord) -> str:
    try:
        rule = rule_from_dict(rule_data)
    except RuleError as error:
        return str(error)
    ids = frozenset(i.id for i in record.eligibility.criteria_items)
    return "; ".join(rule_problems(rule, ids, record.nct_id))


def import_trial_records(
    *, documents: Iterable[tuple[str, Any]], actor: Actor, ip: str | None
) -> ImportReport:
    """Create or update trials from ClinicalTrials.gov v2 JSON documents.

    ``documents`` are (where, parsed JSON): one study, or a search response with
    ``studies``. Each study is stored in its own transaction: a malformed one is refused
    with the field named and the others are imported. An update rewrites the record and its
    columns only; the site's status, contact, plain summary and curated rule are kept.
    """
    report = ImportReport()
    for where, data in documents:
        try:
            good, bad = parse_records(data)
        except TrialRecordError as error:  # not a search page at all (e.g. "studies" not a list)
            report.lines.append(ImportLine(where, None, "refused", message=str(error)))
            continue
        raws = _raw_studies(data)
        for problem in bad:
            report.lines.append(
                ImportLine(f"{where} study {problem.index}", problem.nct_id, "refused",
                           message=str(problem.error))
            )  # fmt: skip
        for record in good:
            raw = raws.get(record.nct_id, data)
            with transaction.atomic():
                report.lines.append(_store_study(raw, record, where=where, actor=actor, ip=ip))
    return report


def _raw_studies(data: Any) -> dict[str, dict[str, Any]]:
    """Each study of a document by its NCT number, as published (to store it unchanged)."""
    studies = data.get("studies") if isinstance(data, dict) and "studies" in data else [data]
    out = {}
    for study in studies if isinstance(studies, list) else []:
        try:
            out[parse_study(study).nct_id] = study
        except (TrialRecordError, AttributeError, TypeError):
            continue
    return out


def update_trial_at_site(
    *, trial: Trial, version: int, actor: Actor, ip: str | None, **fields: Any
) -> Trial:
    """Save the centre's own fields of a trial (site status, protocol number, contact, summary).

    Refused with ConcurrentEditError if someone saved the trial after ``version``.
    """
    allowed = {
        "site_status", "local_protocol_number", "principal_investigator", "contact_name",
        "contact_phone", "contact_email", "plain_summary",
    }  # fmt: skip
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not a field of the centre: {sorted(unknown)}")
    if fields.get("site_status") not in SiteStatus.values:
        raise ValidationError({"site_status": "Choose the trial's status at this centre."})
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    with transaction.atomic():
        changed = [k for k, v in cleaned.items() if getattr(trial, k) != v]
        save_if_unchanged(trial, version=version, actor=actor, noun="trial", **cleaned)
        summary = f"site fields of {trial.nct_id}: {', '.join(changed) or 'none'}"
        audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=trial, summary=summary)
    return trial


def save_trial_rule(
    *, trial: Trial, rule_data: Any, version: int, actor: Actor, ip: str | None
) -> Trial:
    """Validate and store a curated rule for ``trial``; RuleError names the bad path.

    The rule must be for this trial's NCT number and cover only items the trial publishes.
    """
    rule = rule_from_dict(rule_data)
    if rule.nct_id != trial.nct_id:
        raise RuleError("nct_id", f"{rule.nct_id} is not this trial ({trial.nct_id})")
    record = parse_study(trial.record)
    ids = frozenset(i.id for i in record.eligibility.criteria_items)
    misfit = rule_problems(rule, ids, trial.nct_id)
    if misfit:
        where, _, message = misfit[0].partition(": ")  # "criteria leaf 'x': covers 'I9', ..."
        raise RuleError(where, message)
    with transaction.atomic():
        save_if_unchanged(
            trial, version=version, actor=actor, noun="trial", rule=rule_data,
            rule_curated_by=actor, rule_curated_at=timezone.now(),
        )  # fmt: skip
        audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=trial,
                    summary=f"curated eligibility rule of {trial.nct_id}")  # fmt: skip
    return trial


# Which step may follow which. "Not enrolled" ends a screening before consent; "withdrawn"
# ends a participation after it.
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    EnrolmentStatus.SCREENED: ("eligible", "not_enrolled"),
    EnrolmentStatus.ELIGIBLE: ("approached", "not_enrolled"),
    EnrolmentStatus.APPROACHED: ("consented", "not_enrolled"),
    EnrolmentStatus.CONSENTED: ("enrolled", "withdrawn", "not_enrolled"),
    EnrolmentStatus.ENROLLED: ("completed", "withdrawn"),
    EnrolmentStatus.WITHDRAWN: (),
    EnrolmentStatus.COMPLETED: (),
    EnrolmentStatus.NOT_ENROLLED: (),
}


def _label(status: str) -> str:
    return EnrolmentStatus(status).label.lower()


def _step_errors(
    status: str, on: date | None, previous_on: date | None, details: dict[str, str], trial: Trial
) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if on is None:
        errors["on"] = "Give the date of this step."
    elif on > today:
        errors["on"] = f"{on:%-d %b %Y} is in the future."
    elif previous_on and on < previous_on:
        errors["on"] = f"{on:%-d %b %Y} is before the previous step ({previous_on:%-d %b %Y})."
    if status == EnrolmentStatus.CONSENTED and not details.get("consent_version"):
        errors["consent_version"] = "Give the version of the consent form signed."
    if status == EnrolmentStatus.ENROLLED:
        arms = [a.label for a in parse_study(trial.record).arms]
        if not details.get("arm"):
            errors["arm"] = "Give the arm the child is enrolled in."
        elif arms and details["arm"] not in arms:
            errors["arm"] = f"{details['arm']!r} is not an arm of this trial: {', '.join(arms)}."
        if not details.get("study_subject_id"):
            errors["study_subject_id"] = "Give the study subject id the trial assigned."
    not_enrolled = status == EnrolmentStatus.NOT_ENROLLED
    if not_enrolled and details.get("not_enrolled_reason") not in NotEnrolledReason.values:
        errors["not_enrolled_reason"] = "Say why the child was not enrolled."
    if status == EnrolmentStatus.WITHDRAWN and not details.get("reason_text"):
        errors["reason_text"] = "Say why the child was withdrawn."
    return errors


@transaction.atomic
def record_enrolment_step(
    *, patient: Patient, trial: Trial, status: str, on: date | None, actor: Actor,
    ip: str | None, version: int | None = None, note: str = "", **details: str,
) -> Enrolment:  # fmt: skip
    """Record the next step of ``patient`` in ``trial`` (the first is "screened").

    ``details``: consent_version (consented), arm and study_subject_id (enrolled),
    not_enrolled_reason and reason_text (not enrolled), reason_text (withdrawn). A step out of
    order, a date in the future or before the previous step, or a missing detail is refused
    with the field named, and nothing is saved. ``version`` is the enrolment's version the
    form was opened on (ConcurrentEditError if someone recorded a step since).
    """
    details = {k: (v or "").strip() for k, v in details.items()}
    enrolment = Enrolment.objects.select_for_update().filter(patient=patient, trial=trial).first()
    if status not in EnrolmentStatus.values:
        raise ValidationError({"status": f"{status!r} is not an enrolment step."})
    if enrolment is None:
        if status != EnrolmentStatus.SCREENED:
            raise ValidationError({"status": "The first step is screening."})
        previous_on = None
    else:
        allowed = NEXT_STEPS[enrolment.status]
        if status not in allowed:
            then = " or ".join(_label(s) for s in allowed) or "nothing (this is the last step)"
            raise ValidationError(
                {"status": f"The child is {_label(enrolment.status)}; the next step can be "
                           f"{then}."}
            )  # fmt: skip
        previous_on = enrolment.status_on
    errors = _step_errors(status, on, previous_on, details, trial)
    if errors:
        raise ValidationError(errors)
    assert on is not None
    facts: dict[str, Any] = {"status": status, "status_on": on}
    if status == EnrolmentStatus.CONSENTED:
        facts |= {"consented_on": on, "consent_version": details["consent_version"][:60]}
    if status == EnrolmentStatus.ENROLLED:
        facts |= {"arm": details["arm"][:200], "study_subject_id": details["study_subject_id"][:60]}
    if status == EnrolmentStatus.NOT_ENROLLED:
        facts["not_enrolled_reason"] = details["not_enrolled_reason"]
    if status in (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.NOT_ENROLLED):
        facts["reason_text"] = details.get("reason_text", "")[:300]
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            patient=patient, trial=trial, screened_on=on, updated_by=actor, **facts
        )
    else:
        save_if_unchanged(
            enrolment, version=enrolment.version if version is None else version,
            actor=actor, noun="enrolment", **facts,
        )  # fmt: skip
    EnrolmentStep.objects.create(
        enrolment=enrolment, status=status, on=on, note=note.strip()[:500],
        details={k: v for k, v in details.items() if v}, recorded_by=actor,
    )  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
                summary=f"trial {trial.nct_id}: {_label(status)} on {on}")  # fmt: skip
    return enrolment
