"""Stored assessments, physicians' sign-offs and the multidisciplinary meeting's decisions.

Rows are written once and never edited: a changed record gives a new stored assessment, a
second opinion a new sign-off, a later meeting a new decision. History is the rows in order.
"""

import uuid

from django.conf import settings
from django.db import models

from engraft.core.assessment.result import Candidacy, Urgency
from engraft.record.models import Patient


def choices(enum) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum]


class StoredAssessment(models.Model):
    """The core's assessment of one patient's record as it stood, with what it was made from."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="assessments", on_delete=models.PROTECT)
    computed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Whose page view found the record changed; None when computed outside a request.
    computed_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField()
    knowledge_base_version = models.CharField(max_length=20)
    # The code and the data the rules came from; blank on rows stored before it was recorded.
    rules_version = models.CharField(max_length=100, blank=True)
    input_fingerprint = models.CharField("SHA-256 of the case JSON", max_length=64)
    case = models.JSONField("case JSON (case.schema.json)")
    result = models.JSONField("Assessment.to_dict()")
    subtype = models.CharField(max_length=80)
    candidacy = models.CharField(max_length=20, choices=choices(Candidacy), db_index=True)
    urgency = models.CharField(max_length=20, choices=choices(Urgency), db_index=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = ["computed_at", "id"]

    def __str__(self) -> str:
        return f"Assessment of {self.patient} as of {self.as_of} ({self.candidacy})"


class SignOff(models.Model):
    """A physician's review of one stored assessment: agree, or override with a reason."""

    class Decision(models.TextChoices):
        AGREE = "agree", "Agree with the assessment"
        OVERRIDE = "override", "Override candidacy or urgency"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(
        StoredAssessment, related_name="sign_offs", on_delete=models.PROTECT
    )
    physician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    # Set only for an override: the physician's candidacy and urgency.
    candidacy = models.CharField(max_length=20, choices=choices(Candidacy), blank=True)
    urgency = models.CharField(max_length=20, choices=choices(Urgency), blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.physician}"

    @property
    def is_override(self) -> bool:
        return self.decision == self.Decision.OVERRIDE


class MeetingDecision(models.Model):
    """What the multidisciplinary team meeting decided for a patient."""

    class Outcome(models.TextChoices):
        PROCEED = "proceed_to_workup", "Proceed to transplant work-up"
        NOT_A_CANDIDATE = "not_a_candidate", "Not a transplant candidate"
        DEFER = "defer", "Defer the decision"
        MORE_TESTS = "more_tests", "More tests needed first"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="meeting_decisions", on_delete=models.PROTECT)
    # The assessment in front of the meeting (the latest stored one when it was recorded).
    assessment = models.ForeignKey(
        StoredAssessment,
        null=True,
        blank=True,
        related_name="meeting_decisions",
        on_delete=models.PROTECT,
    )
    meeting_on = models.DateField("meeting date")
    outcome = models.CharField("decision", max_length=20, choices=Outcome.choices)
    details = models.TextField("decision in words", blank=True)
    attendees = models.TextField("attendees")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.meeting_on})"
