"""Stage 5 as stored: HLA typings, anti-HLA antibodies, searches, selections, confirmatory
typing. Grading and search are the core's (``engraft.core.hla``, ``engraft.core.donor_search``)."""

import uuid

from django.conf import settings
from django.db import models

from engraft.record.models import Patient, Relative, Voidable


class TypingMethod(models.TextChoices):
    NGS = "ngs", "NGS (sequencing)"
    SBT = "sbt", "Sanger sequencing (SBT)"
    SSO = "sso", "SSO"
    SSP = "ssp", "SSP"
    SEROLOGY = "serology", "Serology"
    OTHER = "other", "Other"


class HlaTyping(Voidable):
    """A typing of the patient or of one of their relatives (``relative`` empty = the patient).

    A wrong typing is voided with a reason (it leaves the search) and a new one recorded.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="hla_typings", on_delete=models.CASCADE)
    relative = models.ForeignKey(
        Relative, related_name="hla_typings", null=True, blank=True, on_delete=models.CASCADE
    )
    gl_string = models.TextField("typing as entered (GL string)")
    normalised = models.TextField("typing at ARD (lgx) resolution")
    typed_on = models.DateField()
    method = models.CharField(max_length=10, choices=TypingMethod.choices)
    laboratory = models.CharField(max_length=160)
    imgt_release = models.CharField("IPD-IMGT/HLA release", max_length=16)

    class Meta:
        ordering = ["-typed_on", "-id"]

    def __str__(self) -> str:
        return f"HLA typing of {self.subject_name} ({self.typed_on})"

    @property
    def subject_name(self) -> str:
        return str(self.relative) if self.relative_id else self.patient.display_name


class AntiHlaAntibody(Voidable):
    """One specificity of the patient's anti-HLA antibodies (single-antigen bead MFI); voided
    with a reason, never deleted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        Patient, related_name="anti_hla_antibodies", on_delete=models.CASCADE
    )
    specificity = models.CharField(max_length=40, help_text="An allele (A*02:01) or antigen (A2)")
    mfi = models.PositiveIntegerField("MFI")
    tested_on = models.DateField()
    laboratory = models.CharField(max_length=160)

    class Meta:
        ordering = ["-tested_on", "-mfi", "id"]

    def __str__(self) -> str:
        return f"anti-{self.specificity} MFI {self.mfi}"


class DonorSearch(models.Model):
    """One search run and a snapshot of what it found, as the team saw it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="donor_searches", on_delete=models.CASCADE)
    run_at = models.DateTimeField(auto_now_add=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    patient_typing = models.ForeignKey(HlaTyping, on_delete=models.PROTECT, related_name="+")
    store_path = models.CharField(max_length=400, blank=True)
    store_count = models.PositiveIntegerField(default=0)
    imgt_release = models.CharField(max_length=16)
    min_grade = models.CharField(max_length=8, blank=True)
    results = models.JSONField()

    class Meta:
        ordering = ["-run_at", "-id"]

    def __str__(self) -> str:
        return f"Donor search for {self.patient} at {self.run_at:%Y-%m-%d %H:%M}"


class DonorSource(models.TextChoices):
    FAMILY = "family", "Family"
    REGISTRY = "registry", "Unrelated registry"
    CORD = "cord", "Cord blood unit"


class DonorSelection(models.Model):
    """The team's choice of a primary or backup donor; a later choice supersedes."""

    class Role(models.TextChoices):
        PRIMARY = "primary", "Primary"
        BACKUP = "backup", "Backup"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="donor_selections", on_delete=models.CASCADE)
    source = models.CharField(max_length=10, choices=DonorSource.choices)
    donor_id = models.CharField("registry donor id, relative id or cord unit id", max_length=64)
    relative = models.ForeignKey(Relative, null=True, blank=True, on_delete=models.PROTECT)
    donor_label = models.CharField(max_length=160)
    role = models.CharField(max_length=10, choices=Role.choices)
    search = models.ForeignKey(DonorSearch, null=True, blank=True, on_delete=models.SET_NULL)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["withdrawn_at", "role", "-chosen_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} donor {self.donor_label}"


class ConfirmatoryTypingRequest(models.Model):
    """Confirmatory typing asked of a donor, and its result when received."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        RECEIVED = "received", "Received"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        Patient, related_name="confirmatory_requests", on_delete=models.CASCADE
    )
    source = models.CharField(max_length=10, choices=DonorSource.choices)
    donor_id = models.CharField(max_length=64)
    donor_label = models.CharField(max_length=160)
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    result_gl = models.TextField("result (GL string)", blank=True)
    result_normalised = models.TextField(blank=True)
    result_imgt_release = models.CharField(max_length=16, blank=True)
    result_grade = models.CharField(max_length=40, blank=True)
    received_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-requested_at"]

    def __str__(self) -> str:
        return f"Confirmatory typing of {self.donor_label} ({self.status})"
