"""Vital status on the record, and which cohort figures the data manager publishes.

Vital status is kept here, in the outcomes stage, not in the record: it is what the
analytics read for death and the last contact. Every recording is a new row, never edited;
the latest recorded is the child's current status, so the history says who said what when.
Events (engraftment, graft failure, second transplant, GVHD, VOD) are never typed here: they
come from the transplant episodes (``selectors.py``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from engraft.core.outcomes.records import DeathCause
from engraft.record.models import Patient


class Vital(models.TextChoices):
    ALIVE = "alive", "Alive"
    DEAD = "dead", "Dead"


CAUSE_LABELS = {
    DeathCause.GRAFT_FAILURE: "Graft failure",
    DeathCause.INFECTION: "Infection",
    DeathCause.VOD: "Veno-occlusive disease (SOS/VOD)",
    DeathCause.PULMONARY: "Pulmonary (incl. pulmonary hypertension)",
    DeathCause.GVHD: "Graft-versus-host disease",
    DeathCause.OTHER: "Other",
}
CAUSE_CHOICES = [(c.value, label) for c, label in CAUSE_LABELS.items()]


class VitalStatus(models.Model):
    """Alive at the last contact, or dead on a date with the coded cause."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="vital_statuses", on_delete=models.PROTECT)
    status = models.CharField(max_length=5, choices=Vital.choices)
    last_contact_on = models.DateField(
        "last contact", help_text="The last day the child was known alive; for a death, the day."
    )
    died_on = models.DateField("date of death", null=True, blank=True)
    cause = models.CharField("cause of death", max_length=20, choices=CAUSE_CHOICES, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        get_latest_by = ["recorded_at", "id"]
        verbose_name_plural = "vital statuses"

    def __str__(self) -> str:
        if self.status == Vital.DEAD:
            return f"died on {self.died_on} ({self.get_cause_display()})"
        return f"alive at the last contact on {self.last_contact_on}"


class PublishedFigure(models.Model):
    """A figure of the outcomes page the data manager chose to show on the public site.

    ``key`` names one entry of ``publishing.PUBLISHABLE`` (endpoint, day and group); the value
    is computed when the public page is shown, from the data as they stand, and only ever
    shown there after the small-cell rule.
    """

    key = models.CharField(max_length=60, unique=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
