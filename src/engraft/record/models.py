"""The patient record as stored. Clinical facts are voided with a reason, never deleted."""

import uuid

from django.conf import settings
from django.db import models

from engraft.core.cohort.shares import PathwayStage
from engraft.core.record.findings import FindingKind, Trend
from engraft.core.record.patient import Relationship
from engraft.core.record.studies import STUDY_SPECS, StudyResult
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity


def choices(enum) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum]


class Consanguinity(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


def default_issuing_hospital() -> str:
    """The assigning authority of this centre's hospital numbers (ENGRAFT_ISSUING_HOSPITAL)."""
    return settings.ENGRAFT_ISSUING_HOSPITAL


class CmvSerostatus(models.TextChoices):
    NEGATIVE = "negative", "Negative"
    POSITIVE = "positive", "Positive"
    UNKNOWN = "unknown", "Unknown"


class AboGroup(models.TextChoices):
    O = "O", "O"  # noqa: E741
    A = "A", "A"
    B = "B", "B"
    AB = "AB", "AB"
    UNKNOWN = "unknown", "Unknown"


class RhD(models.TextChoices):
    POSITIVE = "positive", "Rh(D) positive"
    NEGATIVE = "negative", "Rh(D) negative"
    UNKNOWN = "unknown", "Unknown"


class Patient(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hospital_number = models.CharField(max_length=40, blank=True, db_index=True)
    # A hospital number means a child only with the hospital that issued it (FHIR
    # Identifier.system); two hospitals may issue the same number to different children.
    issuing_hospital = models.CharField(
        "issuing hospital",
        max_length=200,
        default=default_issuing_hospital,
        help_text="The hospital (assigning authority) that issued the hospital number.",
    )
    family_name = models.CharField(max_length=80)
    given_names = models.CharField(max_length=120)
    birth_date = models.DateField()
    sex = models.CharField(max_length=10, choices=choices(Sex))
    consanguinity = models.CharField(
        "parents related by blood",
        max_length=10,
        choices=Consanguinity.choices,
        default=Consanguinity.UNKNOWN,
    )
    clinical_form = models.CharField(
        max_length=20, choices=choices(ClinicalForm), default=ClinicalForm.UNKNOWN
    )
    diagnosed_on = models.DateField(null=True, blank=True)
    genotype_pending = models.BooleanField(default=True)
    # Transplant context read by the donor search (CMV and ABO rank donors, hla.md).
    cmv_serostatus = models.CharField(
        "CMV serostatus", max_length=10, choices=CmvSerostatus.choices,
        default=CmvSerostatus.UNKNOWN,
    )  # fmt: skip
    abo_group = models.CharField(
        "ABO group", max_length=10, choices=AboGroup.choices, default=AboGroup.UNKNOWN
    )
    rh_d = models.CharField("Rh(D)", max_length=10, choices=RhD.choices, default=RhD.UNKNOWN)
    pathway_stage = models.CharField(
        max_length=20,
        choices=choices(PathwayStage),
        default=PathwayStage.REFERRED,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking of the shared forms (record/locking.py): who saved last, and a
    # version that each save advances.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["family_name", "given_names", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_hospital", "hospital_number"],
                condition=~models.Q(hospital_number=""),
                name="one_patient_per_hospital_number",
                violation_error_message="This hospital number of this hospital is already "
                "given to another patient.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()}, {self.given_names}"

    @property
    def display_name(self) -> str:
        return f"{self.given_names} {self.family_name}"


class Referral(models.Model):
    class DiagnosisStatus(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed (radiological and/or genetic)"
        SUSPECTED = "suspected", "Suspected"
        UNKNOWN = "unknown", "Not stated"

    class StatedUrgency(models.TextChoices):
        ROUTINE = "routine", "Routine"
        SOON = "soon", "Soon (weeks)"
        URGENT = "urgent", "Urgent (days)"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="referrals", on_delete=models.PROTECT)
    information_request = models.ForeignKey(
        "information.InformationRequest", null=True, blank=True, on_delete=models.SET_NULL
    )
    received_on = models.DateField()
    referring_clinician = models.CharField(max_length=120)
    referring_institution = models.CharField(max_length=160)
    diagnosis_status = models.CharField(max_length=10, choices=DiagnosisStatus.choices)
    reason = models.TextField("reason for referral, as stated")
    stated_urgency = models.CharField(
        "urgency, as stated", max_length=10, choices=StatedUrgency.choices
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            # A family's request is about one child: it becomes at most one referral, so
            # the same referral submitted twice at once cannot create two patients.
            models.UniqueConstraint(
                fields=["information_request"],
                condition=models.Q(information_request__isnull=False),
                name="one_referral_per_information_request",
            )
        ]

    def __str__(self) -> str:
        return f"Referral of {self.patient} from {self.referring_institution}"


class Relative(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="relatives", on_delete=models.CASCADE)
    relationship = models.CharField(max_length=12, choices=choices(Relationship))
    family_name = models.CharField(max_length=80)
    given_names = models.CharField(max_length=120)
    sex = models.CharField(max_length=10, choices=choices(Sex), default=Sex.UNKNOWN)
    birth_date = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["relationship", "birth_date", "id"]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name} ({self.relationship})"


class Voidable(models.Model):
    """A clinical fact that may be voided with a reason; voided facts stay, marked."""

    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    void_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class GeneticResult(Voidable):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="genetic_results", on_delete=models.CASCADE)
    gene = models.CharField(max_length=20)
    zygosity = models.CharField(max_length=24, choices=choices(Zygosity))
    testing_lab = models.CharField(max_length=160)
    reported_on = models.DateField()
    # The item's id in the FHIR Bundle it was imported from; a re-import that changes the
    # item finds this row by it, voids it and adds the new version with the same source id.
    source_id = models.CharField(max_length=100, blank=True, default="", editable=False)

    class Meta:
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.gene} ({self.zygosity})"


class Variant(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    result = models.ForeignKey(GeneticResult, related_name="variants", on_delete=models.CASCADE)
    hgvs = models.CharField("HGVS (cDNA)", max_length=200)
    protein_hgvs = models.CharField("HGVS (protein)", max_length=120, blank=True)
    classification = models.CharField(max_length=24, choices=choices(VariantClassification))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.hgvs


class Finding(Voidable):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="findings", on_delete=models.CASCADE)
    kind = models.CharField(max_length=32, choices=choices(FindingKind))
    observed_on = models.DateField()
    source = models.CharField(max_length=160)
    present = models.BooleanField(null=True, blank=True)
    quantity = models.FloatField(null=True, blank=True)
    category = models.CharField(max_length=40, blank=True)
    trend = models.CharField(max_length=10, choices=choices(Trend), blank=True)
    note = models.TextField(blank=True)
    # The item's id in the FHIR Bundle it was imported from; a re-import that changes the
    # item finds this row by it, voids it and adds the new version with the same source id.
    source_id = models.CharField(max_length=100, blank=True, default="", editable=False)

    class Meta:
        ordering = ["observed_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.observed_on}"


class LabResult(Voidable):
    """A value in the analyte's canonical UCUM unit, with the value as entered kept too."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="lab_results", on_delete=models.CASCADE)
    analyte = models.CharField(max_length=32, db_index=True)
    collected_at = models.DateTimeField(db_index=True)
    value = models.FloatField()
    unit = models.CharField(max_length=20)
    entered_value = models.CharField(max_length=40, blank=True)
    entered_unit = models.CharField(max_length=20, blank=True)
    flags = models.CharField(max_length=60, blank=True)
    lab = models.CharField(max_length=120, blank=True)
    # The item's id in the FHIR Bundle it was imported from; a re-import that changes the
    # item finds this row by it, voids it and adds the new version with the same source id.
    source_id = models.CharField(max_length=100, blank=True, default="", editable=False)
    # Set for rows from a laboratory file, so that importing the same file again adds nothing.
    import_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["collected_at", "id"]
        indexes = [models.Index(fields=["patient", "analyte", "collected_at"])]

    def __str__(self) -> str:
        return f"{self.analyte} {self.value:g} {self.unit}"


# What an abnormal brain MRI showed, in words (the codes are core/record/studies.py's).
BRAIN_MRI_FINDING_WORDS = {
    "hydrocephalus": "Hydrocephalus",
    "raised_icp": "Raised intracranial pressure",
    "chiari_tonsillar_herniation": "Chiari malformation / tonsillar herniation",
    "foramen_magnum_stenosis": "Foramen magnum stenosis",
    "optic_canal_narrowing": "Optic canal narrowing",
    "cerebral_atrophy": "Cerebral atrophy",
    "white_matter_abnormality": "White matter abnormality",
    "cns_malformation": "CNS malformation",
    "cerebral_calcification": "Cerebral calcification",
    "other": "Other (say what in the conclusion)",
}
# The same for the other studies with a coded result (one word list: a code means one thing).
STUDY_FINDING_WORDS = BRAIN_MRI_FINDING_WORDS | {
    "hepatomegaly": "Hepatomegaly",
    "ascites": "Ascites",
    "splenomegaly": "Splenomegaly",
    "pulmonary_hypertension": "Pulmonary hypertension",
}


class Study(Voidable):
    """An imaging study, procedure or consult, structured, with its report if attached."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="studies", on_delete=models.CASCADE)
    code = models.CharField(
        "study", max_length=32, choices=[(c, s.display) for c, s in STUDY_SPECS.items()]
    )
    performed_on = models.DateField()
    performed_by = models.CharField(max_length=160, help_text="Clinician, department or hospital.")
    conclusion = models.TextField(help_text="The report's conclusion in a few lines.")
    report = models.ForeignKey(
        "Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The coded result the assessment reads (a brain MRI only; core/record/studies.py):
    # blank is "not coded"; an abnormal result lists what was abnormal.
    result = models.CharField(
        "coded result",
        max_length=10,
        blank=True,
        choices=[(r.value, r.value.capitalize()) for r in StudyResult],
        help_text="Brain MRI, abdominal ultrasound, echocardiogram: normal, or abnormal with "
        "what was abnormal.",
    )
    result_findings = models.JSONField(
        "what was abnormal",
        default=list,
        blank=True,
        help_text="What an abnormal result showed (codes of core/record/studies.py).",
    )

    class Meta:
        ordering = ["performed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_code_display()} on {self.performed_on}"

    def result_in_words(self) -> str:
        """The coded result as read on the record, e.g. "abnormal: Hydrocephalus"; "" if none."""
        if not self.result:
            return ""
        found = ", ".join(STUDY_FINDING_WORDS.get(f, f) for f in self.result_findings)
        return f"{self.result}: {found}" if found else self.result


def document_path(instance: "Document", filename: str) -> str:
    # Stored under MEDIA_ROOT (outside the web root) by random name; served only by a view.
    return f"documents/{instance.patient.public_id}/{uuid.uuid4().hex}"


class Document(Voidable):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="documents", on_delete=models.CASCADE)
    title = models.CharField(max_length=160)
    kind = models.CharField(max_length=60)
    file = models.FileField(upload_to=document_path)
    content_type = models.CharField(max_length=40)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.title


class BodyMeasurement(Voidable):
    """A dated weight and/or height; the latest current weight gives the cord dose per kg."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="body_measurements", on_delete=models.CASCADE)
    measured_on = models.DateField()
    weight_kg = models.DecimalField(
        "weight (kg)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    height_cm = models.DecimalField(
        "height (cm)", max_digits=4, decimal_places=1, null=True, blank=True
    )

    class Meta:
        ordering = ["-measured_on", "-id"]

    def __str__(self) -> str:
        parts = [f"{self.weight_kg} kg" if self.weight_kg is not None else "",
                 f"{self.height_cm} cm" if self.height_cm is not None else ""]  # fmt: skip
        return f"{', '.join(p for p in parts if p)} on {self.measured_on}"


class CareTeamMember(models.Model):
    """A member of staff assigned to a child's care: they open the record without a reason.

    Assigned by a coordinator or physician; those who own a work-up task of the child count
    as members too (read from the tasks, not copied here).
    """

    patient = models.ForeignKey(Patient, related_name="care_team", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "user"], name="one_membership_per_child")
        ]

    def __str__(self) -> str:
        return f"{self.user} on the care team of {self.patient_id}"


class BreakGlassAccess(models.Model):
    """Access to a child's record by someone outside the care team, with their reason, for a
    limited time; every one is audited and listed for the administrator to review."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="break_glass", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    reason = models.CharField(max_length=300)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.PROTECT,
    )  # fmt: skip
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"break-glass access of {self.user} to {self.patient_id}"
