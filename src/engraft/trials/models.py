"""The trials catalogue and each child's enrolment, step by step.

A trial keeps its ClinicalTrials.gov record as published (``record``, API v2 JSON) beside the
columns the catalogue sorts and filters by, and the centre's own fields, which an import never
overwrites: the site's status, the investigator and contact, the plain-language summary and
the curated eligibility rule. An enrolment holds a child's current step in one trial; every
step taken is a row of ``EnrolmentStep``, never edited.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from engraft.record.models import Patient


class SiteStatus(models.TextChoices):
    OPEN = "open", "Open to accrual here"
    SUSPENDED = "suspended", "Suspended here"
    CLOSED = "closed", "Closed here"


class Trial(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nct_id = models.CharField("NCT number", max_length=11, unique=True)
    local_protocol_number = models.CharField(max_length=60, blank=True)
    brief_title = models.CharField(max_length=400)
    official_title = models.TextField(blank=True)
    overall_status = models.CharField(max_length=40, db_index=True)
    phases = models.JSONField(default=list)
    conditions = models.JSONField(default=list)
    sponsor = models.CharField(max_length=300, blank=True)
    minimum_age = models.CharField(max_length=40, blank=True)
    maximum_age = models.CharField(max_length=40, blank=True)
    record = models.JSONField("ClinicalTrials.gov API v2 record, as published")
    record_updated_on = models.CharField("last update posted", max_length=10, blank=True)
    imported_at = models.DateTimeField()
    # The centre's own fields: never touched by an import.
    site_status = models.CharField(
        max_length=10, choices=SiteStatus.choices, default=SiteStatus.CLOSED, db_index=True
    )
    principal_investigator = models.CharField(max_length=160, blank=True)
    contact_name = models.CharField(max_length=160, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    plain_summary = models.TextField("plain-language summary for families", blank=True)
    rule = models.JSONField("curated eligibility rule (trial_rule.schema.json)", null=True)
    rule_curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule_curated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nct_id"]

    def __str__(self) -> str:
        return f"{self.nct_id}: {self.brief_title}"


class EnrolmentStatus(models.TextChoices):
    SCREENED = "screened", "Screened"
    ELIGIBLE = "eligible", "Eligible"
    APPROACHED = "approached", "Approached"
    CONSENTED = "consented", "Consented"
    ENROLLED = "enrolled", "Enrolled"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Completed"
    NOT_ENROLLED = "not_enrolled", "Not enrolled"


class NotEnrolledReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    DECLINED = "declined", "Family declined"
    CLINICIAN_DECISION = "clinician_decision", "Clinician's decision"
    TRIAL_CLOSED = "trial_closed", "Trial closed or full"
    OTHER = "other", "Other"


class Enrolment(models.Model):
    """One child in one trial: the step reached, and the facts each step recorded."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="enrolments", on_delete=models.PROTECT)
    trial = models.ForeignKey(Trial, related_name="enrolments", on_delete=models.PROTECT)
    status = models.CharField(max_length=20, choices=EnrolmentStatus.choices, db_index=True)
    status_on = models.DateField("date of the current step")
    screened_on = models.DateField()
    consented_on = models.DateField(null=True, blank=True)
    consent_version = models.CharField(max_length=60, blank=True)
    arm = models.CharField(max_length=200, blank=True)
    study_subject_id = models.CharField(max_length=60, blank=True)
    not_enrolled_reason = models.CharField(
        max_length=20, choices=NotEnrolledReason.choices, blank=True
    )
    reason_text = models.CharField("reason, in words", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["trial__nct_id", "-screened_on"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "trial"], name="one_enrolment_per_trial")
        ]

    def __str__(self) -> str:
        return f"{self.trial.nct_id}: {self.get_status_display()}"


class EnrolmentStep(models.Model):
    """One step taken, as it was recorded: who, when, and what it said."""

    enrolment = models.ForeignKey(Enrolment, related_name="steps", on_delete=models.PROTECT)
    status = models.CharField(max_length=20, choices=EnrolmentStatus.choices)
    on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.on}"
