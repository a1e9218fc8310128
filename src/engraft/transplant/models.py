"""The transplant episode and its data: conditioning, graft, transfusions, chimerism, alerts.

Daily counts (ANC, WBC, Hb, platelets, calcium, bilirubin, ALT, creatinine) are the record's
lab results and the weight its body measurements, so `engraft import-labs` and the flowsheet
write the same rows with the same checks; nothing is typed twice. What is computed from them
(engraftment days, graft failure, chimerism class) is never stored as a typed value.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from engraft.donors.models import DonorSelection
from engraft.record.models import Patient, Voidable


class EpisodeStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "In progress"  # admitted or transplanted, followed on the ward
    CLOSED = "closed", "Closed"


class RetransplantReason(models.TextChoices):
    PRIMARY_GRAFT_FAILURE = "primary_graft_failure", "Primary graft failure"
    SECONDARY_GRAFT_FAILURE = "secondary_graft_failure", "Secondary graft failure"
    REJECTION = "rejection", "Graft rejection"
    FALLING_CHIMERISM = "falling_chimerism", "Falling donor chimerism"
    OTHER = "other", "Other"


class GraftSourceChoice(models.TextChoices):
    BONE_MARROW = "bone_marrow", "Bone marrow"
    PERIPHERAL_BLOOD = "peripheral_blood", "Peripheral blood stem cells"
    CORD_BLOOD = "cord_blood", "Cord blood"


class DonorType(models.TextChoices):
    MATCHED_SIBLING = "matched_sibling", "HLA-identical sibling"
    MATCHED_RELATED = "matched_related", "Other matched relative"
    HAPLOIDENTICAL = "haploidentical", "Haploidentical relative"
    MATCHED_UNRELATED = "matched_unrelated", "Matched unrelated donor"
    MISMATCHED_UNRELATED = "mismatched_unrelated", "Mismatched unrelated donor"
    CORD = "cord", "Unrelated cord blood"


class GraftManipulation(models.TextChoices):
    NONE = "none", "None"
    CD34_SELECTION = "cd34_selection", "CD34+ selection"
    TCR_AB_DEPLETION = "tcr_ab_depletion", "TCR alpha-beta / CD19 depletion"
    CD45RA_DEPLETION = "cd45ra_depletion", "CD45RA depletion"
    OTHER = "other", "Other"


class TransplantEpisode(models.Model):
    """One transplant of one child: admission, conditioning, day 0 (the infusion) and after.

    A second transplant is a new episode pointing to the one before, with its reason.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        Patient, related_name="transplant_episodes", on_delete=models.PROTECT
    )
    number = models.PositiveSmallIntegerField("transplant number", default=1)
    previous = models.ForeignKey(
        "self", null=True, blank=True, related_name="next_episodes", on_delete=models.PROTECT
    )
    retransplant_reason = models.CharField(
        max_length=30, choices=RetransplantReason.choices, blank=True
    )
    entered_as_history = models.BooleanField(
        default=False, help_text="entered afterwards by a physician or data manager"
    )
    status = models.CharField(
        max_length=10, choices=EpisodeStatus.choices, default=EpisodeStatus.PLANNED
    )
    admitted_on = models.DateField(null=True, blank=True)
    day0 = models.DateField("day 0 (infusion date)")
    discharged_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=300, blank=True)

    # Conditioning (the agents are rows of ConditioningAgent).
    regimen = models.CharField(max_length=40, help_text="a regimen key of transplant.json")
    gvhd_prophylaxis = models.CharField("GVHD prophylaxis", max_length=160, blank=True)
    defibrotide_prophylaxis = models.BooleanField(default=False)

    # The graft.
    graft_source = models.CharField(max_length=20, choices=GraftSourceChoice.choices)
    donor_selection = models.ForeignKey(
        DonorSelection, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    donor_type = models.CharField(max_length=24, choices=DonorType.choices)
    donor_label = models.CharField(max_length=160, blank=True)
    match_grade = models.CharField(max_length=40, blank=True)
    donor_cmv = models.CharField("donor CMV serostatus", max_length=10, blank=True)
    donor_abo = models.CharField("donor ABO group", max_length=10, blank=True)
    manipulation = models.CharField(
        max_length=20, choices=GraftManipulation.choices, default=GraftManipulation.NONE
    )
    tnc_total = models.FloatField("total nucleated cells (total)", null=True, blank=True)
    cd34_total = models.FloatField("CD34+ cells (total)", null=True, blank=True)
    cd3_total = models.FloatField("CD3+ cells (total)", null=True, blank=True)

    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking of the episode form (record.locking): who saved last, which version.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["patient", "number"]
        constraints = [
            # One episode in progress a child: a second transplant opens after the first closes.
            models.UniqueConstraint(
                fields=["patient"],
                condition=~models.Q(status="closed"),
                name="one_open_transplant_episode_per_patient",
            ),
            models.UniqueConstraint(
                fields=["patient", "number"], name="one_transplant_number_per_patient"
            ),
        ]

    def __str__(self) -> str:
        return f"transplant {self.number} of {self.patient}, day 0 {self.day0}"


class ConditioningAgent(models.Model):
    """One agent of the conditioning or serotherapy: dose, unit and days relative to day 0."""

    episode = models.ForeignKey(
        TransplantEpisode, related_name="conditioning_agents", on_delete=models.CASCADE
    )
    agent = models.CharField(max_length=40, help_text="an agent key of transplant.json")
    dose = models.DecimalField(max_digits=9, decimal_places=3)
    unit = models.CharField(max_length=20)
    first_day = models.SmallIntegerField(help_text="relative to day 0, e.g. -7")
    last_day = models.SmallIntegerField(help_text="relative to day 0, e.g. -4")

    class Meta:
        ordering = ["first_day", "agent"]

    def __str__(self) -> str:
        return f"{self.agent} {self.dose} {self.unit} days {self.first_day} to {self.last_day}"


class TransfusionProduct(models.TextChoices):
    PLATELETS = "platelets", "Platelets"
    RED_CELLS = "red_cells", "Red cells"


class Transfusion(Voidable):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(
        TransplantEpisode, related_name="transfusions", on_delete=models.CASCADE
    )
    given_on = models.DateField()
    product = models.CharField(max_length=12, choices=TransfusionProduct.choices)
    volume_ml = models.DecimalField(
        "volume (mL)", max_digits=6, decimal_places=1, null=True, blank=True
    )

    class Meta:
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_product_display()} on {self.given_on}"


class GrowthFactorDose(Voidable):
    """A growth factor given (e.g. G-CSF): support that counts for secondary graft failure."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(
        TransplantEpisode, related_name="growth_factors", on_delete=models.CASCADE
    )
    given_on = models.DateField()
    agent = models.CharField(max_length=40, default="G-CSF")

    class Meta:
        ordering = ["given_on", "id"]


class ChimerismLineage(models.TextChoices):
    WHOLE_BLOOD = "whole_blood", "Whole blood"
    CD3 = "cd3", "T cells (CD3)"
    MYELOID = "myeloid", "Myeloid (CD15/CD33)"


class ChimerismResult(Voidable):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(
        TransplantEpisode, related_name="chimerism_results", on_delete=models.CASCADE
    )
    sampled_on = models.DateField()
    lineage = models.CharField(max_length=12, choices=ChimerismLineage.choices)
    donor_percent = models.DecimalField(max_digits=5, decimal_places=1)
    method = models.CharField(max_length=60, blank=True, help_text="e.g. STR-PCR")
    laboratory = models.CharField(max_length=160, blank=True)

    class Meta:
        ordering = ["sampled_on", "lineage", "id"]

    def __str__(self) -> str:
        return f"{self.get_lineage_display()} {self.donor_percent} % donor on {self.sampled_on}"


class TransplantAlert(models.Model):
    """An alert a rule raised from the data; acknowledged by a clinician, never cleared."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(TransplantEpisode, related_name="alerts", on_delete=models.CASCADE)
    rule = models.CharField(max_length=60, help_text="the rule id that raised it")
    raised_for = models.DateField(help_text="the date of the data that raised it")
    title = models.CharField(max_length=200)
    reasons = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    raised_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_note = models.TextField(blank=True)

    class Meta:
        ordering = ["acknowledged_at", "-raised_at"]
        constraints = [
            # A rule raises one alert for one finding of the data, however often it is computed.
            models.UniqueConstraint(
                fields=["episode", "rule", "raised_for"], name="one_alert_per_rule_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.rule}, {self.raised_for})"


# The surveillance's entries live in their own module; Django finds models imported here.
from .models_surveillance import (  # noqa: E402
    AdverseEvent,
    AdverseEventKind,
    ChronicGvhdDiagnosis,
    ChronicGvhdSeverity,
    GvhdAssessment,
    UpperGi,
    WardObservation,
)

__all__ = [
    "AdverseEvent",
    "AdverseEventKind",
    "ChimerismResult",
    "ChronicGvhdDiagnosis",
    "ChronicGvhdSeverity",
    "ConditioningAgent",
    "GrowthFactorDose",
    "GvhdAssessment",
    "Transfusion",
    "TransplantAlert",
    "TransplantEpisode",
    "UpperGi",
    "WardObservation",
]
