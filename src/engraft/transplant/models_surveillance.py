"""What the ward records for the complication surveillance: observations, GVHD, adverse events.

Each row is a clinical fact of one episode, voided with a reason (never deleted). The
surveillance rules read them as plain values (`selectors_surveillance.py`); what the rules
compute (the PH prompt, the MAGIC grade) is never stored as a typed value.
"""

from __future__ import annotations

import uuid

from django.db import models

from engraft.record.models import Voidable


class WardObservation(Voidable):
    """A nurse's observation: SpO2, heart rate and the signs the PH prompt reads."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(
        "transplant.TransplantEpisode", related_name="observations", on_delete=models.CASCADE
    )
    observed_on = models.DateField("date")
    spo2_percent = models.DecimalField(
        "SpO2 (%)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    heart_rate = models.PositiveSmallIntegerField("heart rate (/min)", null=True, blank=True)
    acute_dyspnoea = models.BooleanField("acute dyspnoea", default=False)
    heart_rate_abnormal = models.BooleanField(
        "bradycardia or tachycardia for age", default=False,
        help_text="As judged at the bedside: Engraft does not compute it from the rate.",
    )  # fmt: skip
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["observed_on", "id"]

    def __str__(self) -> str:
        return f"observation of {self.observed_on}"


class UpperGi(models.TextChoices):
    NOT_ASSESSED = "", "Not assessed"
    NO = "no", "No"
    YES = "yes", "Yes: persistent nausea, vomiting or anorexia"


class GvhdAssessment(Voidable):
    """One day's acute GVHD organ findings; the liver is staged from the day's bilirubin."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(
        "transplant.TransplantEpisode", related_name="gvhd_assessments", on_delete=models.CASCADE
    )
    assessed_on = models.DateField("date")
    rash_bsa_percent = models.DecimalField(
        "rash (% body surface)", max_digits=4, decimal_places=1, null=True, blank=True,
        help_text="Leave empty if the skin was not assessed; 0 for no rash.",
    )  # fmt: skip
    bullae_bsa_percent = models.DecimalField(
        "bullae (% body surface)", max_digits=4, decimal_places=1, default=0
    )
    stool_ml = models.PositiveIntegerField(
        "stool output of the day (mL)", null=True, blank=True,
        help_text="The 24-hour total; divided by the weight (mL/kg/day) for the staging.",
    )  # fmt: skip
    stool_episodes = models.PositiveSmallIntegerField(
        "stool episodes of the day", null=True, blank=True,
        help_text="Used only when the volume is not measured.",
    )  # fmt: skip
    upper_gi = models.CharField(
        "persistent upper GI symptoms", max_length=3, choices=UpperGi.choices, blank=True
    )
    severe_abdominal_pain_or_ileus = models.BooleanField(
        "severe abdominal pain, with or without ileus", default=False
    )
    grossly_bloody_stool = models.BooleanField("grossly bloody stool", default=False)

    class Meta:
        ordering = ["assessed_on", "id"]

    def __str__(self) -> str:
        return f"acute GVHD assessment of {self.assessed_on}"


class ChronicGvhdSeverity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class ChronicGvhdDiagnosis(Voidable):
    """Chronic GVHD as the physician diagnosed it: onset and the NIH global severity."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(
        "transplant.TransplantEpisode", related_name="chronic_gvhd", on_delete=models.CASCADE
    )
    onset = models.DateField("onset")
    severity = models.CharField(
        "NIH global severity", max_length=10, choices=ChronicGvhdSeverity.choices
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["onset", "id"]

    def __str__(self) -> str:
        return f"chronic GVHD ({self.severity}) from {self.onset}"


class AdverseEventKind(models.TextChoices):
    CMV = "cmv", "CMV reactivation"
    EBV = "ebv", "EBV reactivation"
    ADENOVIRUS = "adenovirus", "Adenovirus reactivation"
    BACTERAEMIA = "bacteraemia", "Bacteraemia"
    FUNGAL = "fungal", "Fungal infection"
    OTHER = "other", "Other (say what)"


class AdverseEvent(Voidable):
    """A dated infection or other adverse event with its grade (1-5, CTCAE-style, entered)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(
        "transplant.TransplantEpisode", related_name="adverse_events", on_delete=models.CASCADE
    )
    onset_on = models.DateField("onset")
    kind = models.CharField("event", max_length=12, choices=AdverseEventKind.choices)
    grade = models.PositiveSmallIntegerField(
        "grade (1-5)", help_text="CTCAE-style: 1 mild, 2 moderate, 3 severe, 4 life-threatening, "
        "5 death related to the event.",
    )  # fmt: skip
    description = models.CharField(max_length=300, blank=True)
    resolved_on = models.DateField("resolved", null=True, blank=True)

    class Meta:
        ordering = ["onset_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (grade {self.grade}) from {self.onset_on}"
