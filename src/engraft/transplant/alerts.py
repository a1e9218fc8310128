"""Alerts of the transplant: stored when the core's rules raise them, acknowledged, never cleared.

`refresh_alerts` runs the core's evaluations for a date and stores one TransplantAlert for each
alert they raise: the transplant's (rule 10's "plan re-transplant" for graft failure or falling
chimerism, the in-house loss-of-counts alert) and the surveillance rules' (hypercalcaemia,
SOS/VOD, the pulmonary hypertension prompt). It is called on every load of the ward and of the
patient's transplant page, so an alert appears on the first page load after the data that
raise it. An alert is keyed by (episode, rule, the date of the data that raised it):
computing the same finding again on a later day stores nothing new, while new data that raise
it again do, so an acknowledged alert returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.surveillance.alert import SurveillanceAlert
from engraft.core.surveillance.evaluate import SurveillanceEvaluation
from engraft.core.transplant.chimerism import ChimerismClass
from engraft.core.transplant.evaluate import Alert, EpisodeEvaluation, evaluate_episode
from engraft.core.transplant.graft_failure import GraftStatus

from .models import TransplantAlert, TransplantEpisode
from .selectors import core_episode
from .surveillance import episode_surveillance

NOTE_MAX_LENGTH = 2000


def raised_for(alert: Alert, evaluation: EpisodeEvaluation) -> date:
    """The date of the data that raised ``alert``: its key, stable however often it is computed.

    Primary graft failure: the first day past the limit (day +31 or +43, when the criterion is
    met); secondary failure or loss of counts: the last low count of the run; chimerism: the
    latest result of a falling lineage or of one below the rejection threshold. An alert
    combining several findings takes the latest of their dates.
    """
    graft = evaluation.graft
    dates: list[date] = []
    if alert.rule_id in ("plan_retransplant", "count_loss"):
        if graft.status is GraftStatus.PRIMARY_GRAFT_FAILURE:
            dates.append(graft.limit_date + timedelta(days=1))
        elif graft.status in (
            GraftStatus.SECONDARY_GRAFT_FAILURE,
            GraftStatus.COUNT_LOSS_WITHOUT_SUPPORT,
        ):
            dates.append(graft.qualifying[-1].date)
    if alert.rule_id == "plan_retransplant":
        for trend in evaluation.chimerism.lineages:
            below = trend.latest.klass is ChimerismClass.BELOW_REJECTION_THRESHOLD
            if trend.falling or below:
                dates.append(trend.latest.date)
    # A rule without dated findings is keyed by the evaluation's date (one a day at most).
    return max(dates) if dates else evaluation.as_of


def refresh_alerts(
    *,
    episode: TransplantEpisode,
    actor: models.Model | None,
    ip: str | None,
    as_of: date | None = None,
    evaluation: EpisodeEvaluation | None = None,
    surveillance: SurveillanceEvaluation | None = None,
) -> list[TransplantAlert]:
    """Store the alerts the core raises for ``as_of`` that are not stored yet; return the new.

    ``evaluation`` and ``surveillance`` may be passed when the caller has computed them
    already (the ward computes every episode's once); the surveillance rules are evaluated
    here when not given. The episode's existing alerts are read from
    ``episode.alerts.all()``, so a caller that prefetched them pays no query when nothing new
    is raised. Each new alert is audited; one stored by a simultaneous request is taken as
    already raised.
    """
    as_of = as_of or timezone.localdate()
    evaluation = evaluation or evaluate_episode(core_episode(episode, as_of), as_of)
    surveillance = surveillance or episode_surveillance(episode, as_of)
    stored = {(a.rule, a.raised_for) for a in episode.alerts.all()}
    wanted: list[tuple[Alert | SurveillanceAlert, date]] = [
        (alert, raised_for(alert, evaluation)) for alert in evaluation.alerts
    ]
    wanted += [(alert, alert.data_date) for alert in surveillance.alerts]
    new = [(alert, on) for alert, on in wanted if (alert.rule_id, on) not in stored]
    created: list[TransplantAlert] = []
    for alert, on in new:
        try:
            with transaction.atomic():
                row = TransplantAlert.objects.create(
                    episode=episode,
                    rule=alert.rule_id,
                    raised_for=on,
                    title=alert.title[:200],
                    reasons=list(alert.reasons),
                    sources=[c.to_dict() for c in dict.fromkeys(alert.citations)],
                )
                audit_event(
                    actor=actor,
                    ip=ip,
                    action=AuditAction.CREATE,
                    target=row,
                    summary=f"alert raised: {alert.title} ({alert.rule_id}, data of "
                    f"{on.isoformat()}) for transplant {episode.number} of patient "
                    f"{episode.patient.public_id}",
                )
        except IntegrityError:
            continue  # raised by a simultaneous page load: one alert per rule and date
        created.append(row)
    if created and "alerts" in getattr(episode, "_prefetched_objects_cache", {}):
        del episode._prefetched_objects_cache["alerts"]  # let the page read the new ones
    return created


def acknowledge_alert(
    *, alert: TransplantAlert, actor: models.Model, ip: str | None, note: str
) -> TransplantAlert:
    """Record who acknowledged the alert, when, and their note; the alert stays listed.

    The open alerts of the same rule and episode raised by earlier data are acknowledged with
    it (the clinician has seen the latest: a run of high calcium values is one decision), each
    audited. Refused (ValidationError naming the field) without a note, or when it is
    acknowledged already (the first acknowledgement is kept, never overwritten).
    """
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Write a note: what was done or decided about this alert."})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"The note is longer than {NOTE_MAX_LENGTH} characters."})
    with transaction.atomic():
        locked = TransplantAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.acknowledged_at is not None:
            who = locked.acknowledged_by.get_username() if locked.acknowledged_by else "someone"
            raise ValidationError(
                f"This alert was already acknowledged by {who} on "
                f"{timezone.localtime(locked.acknowledged_at):%d %b %Y %H:%M}."
            )
        earlier = TransplantAlert.objects.select_for_update().filter(
            episode_id=locked.episode_id,
            rule=locked.rule,
            raised_for__lte=locked.raised_for,
            acknowledged_at__isnull=True,
        )
        now = timezone.now()
        for row in [locked, *earlier.exclude(pk=locked.pk)]:
            row.acknowledged_by, row.acknowledged_at = actor, now
            row.acknowledgement_note = (
                note
                if row.pk == locked.pk
                else (f"{note} (with the alert of {locked.raised_for:%d %b %Y})")[:NOTE_MAX_LENGTH]
            )
            row.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note"])
            audit_event(
                actor=actor,
                ip=ip,
                action=AuditAction.CHANGE,
                target=row,
                summary=f"alert acknowledged: {row.title} ({row.rule}, data of "
                f"{row.raised_for.isoformat()}); note: {row.acknowledgement_note}",
            )
    return locked


@dataclass(frozen=True)
class AlertGroup:
    """The open alerts of one rule: the latest, and how many earlier ones it stands for."""

    latest: TransplantAlert
    earlier: int


def open_alert_groups(alerts: list[TransplantAlert]) -> tuple[AlertGroup, ...]:
    """Open alerts by rule, latest data first: the ward shows one line a rule."""
    groups: dict[str, list[TransplantAlert]] = {}
    for alert in sorted(alerts, key=lambda a: (-a.raised_for.toordinal(), -a.pk)):
        if alert.acknowledged_at is None:
            groups.setdefault(alert.rule, []).append(alert)
    return tuple(AlertGroup(rows[0], len(rows) - 1) for rows in groups.values())


def episode_alerts(episode: TransplantEpisode) -> list[TransplantAlert]:
    """The episode's alerts, open first (newest data first), then the acknowledged ones."""
    if "alerts" in getattr(episode, "_prefetched_objects_cache", {}):
        rows = list(episode.alerts.all())
    else:
        rows = list(episode.alerts.select_related("acknowledged_by"))
    return sorted(
        rows,
        key=lambda a: (a.acknowledged_at is not None, -a.raised_for.toordinal(), -a.pk),
    )
