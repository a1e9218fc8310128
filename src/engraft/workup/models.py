import uuid

from django.conf import settings
from django.db import models

from engraft.access.roles import Role
from engraft.core.record.findings import FindingKind
from engraft.core.record.studies import STUDY_SPECS
from engraft.core.workup.readiness import TaskStatus
from engraft.core.workup.requirement import Requirement
from engraft.record.models import Finding, Patient, Study, choices


class PlanItem(models.Model):
    """One consult or test of the work-up template; administrators edit these in the admin."""

    class Kind(models.TextChoices):
        CONSULT = "consult", "Consult"
        TEST = "test", "Test"

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    discipline = models.CharField(max_length=40, help_text="Routes the task to specialists.")
    owner_role = models.CharField(
        max_length=20, choices=[(r.value, r.label) for r in Role], default=Role.SPECIALIST
    )
    why = models.TextField("why it is done")
    source = models.CharField(
        max_length=300, help_text="Citation from the research notes, or 'in-house'."
    )
    family_description = models.TextField(
        "for the family", help_text="Plain language for the family's schedule."
    )
    what_to_bring = models.CharField(max_length=200, blank=True)
    lead_days = models.PositiveSmallIntegerField(
        "due this many days before admission", help_text="In-house timetable."
    )
    default_requirement = models.CharField(
        max_length=12, choices=choices(Requirement), default=Requirement.REQUIRED
    )
    default_reason = models.CharField(max_length=200)
    conditions = models.JSONField(
        default=list,
        blank=True,
        help_text='First match wins, e.g. [{"gene_in": ["CA2"], "requirement": "required", '
        '"reason": "CA2: renal tubular acidosis"}]. Keys: gene_in, finding_present, '
        "clinical_form_in.",
    )
    result_finding_kind = models.CharField(
        max_length=32,
        choices=choices(FindingKind),
        blank=True,
        help_text="A result recorded on the task becomes this finding in the record.",
    )
    result_study_code = models.CharField(
        max_length=32,
        choices=[(c, spec.display) for c, spec in STUDY_SPECS.items()],
        blank=True,
        help_text="A result recorded on the task also becomes this study in the record.",
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class WorkupPlan(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.OneToOneField(Patient, related_name="workup_plan", on_delete=models.PROTECT)
    target_admission = models.DateField()
    emergent = models.BooleanField(help_text="Urgency at creation: compresses due dates.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["target_admission", "id"]

    def __str__(self) -> str:
        return f"Work-up of {self.patient}"


class WorkupTask(models.Model):
    """One consult or test for one child. `version` guards against lost concurrent edits."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(WorkupPlan, related_name="tasks", on_delete=models.CASCADE)
    item = models.ForeignKey(PlanItem, related_name="tasks", on_delete=models.PROTECT)
    requirement = models.CharField(max_length=12, choices=choices(Requirement))
    requirement_reason = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="workup_tasks",
    )  # fmt: skip
    due_on = models.DateField(db_index=True)
    status = models.CharField(
        max_length=16, choices=choices(TaskStatus), default=TaskStatus.TO_SCHEDULE, db_index=True
    )
    scheduled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    place = models.CharField(max_length=160, blank=True)
    result_summary = models.TextField(blank=True)
    result_finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_study = models.ForeignKey(
        Study, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_reason = models.CharField(max_length=300, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "item__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "item"], name="one_task_per_item_and_plan")
        ]

    def __str__(self) -> str:
        return f"{self.item.name} for {self.plan.patient}"

    @property
    def is_closed(self) -> bool:
        return TaskStatus(self.status).closes_task
