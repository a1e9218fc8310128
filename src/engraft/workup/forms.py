from django.contrib.auth import get_user_model

from django import forms
from engraft.core.workup.readiness import TaskStatus
from engraft.record.forms import DATE, DATETIME
from engraft.record.models import choices


class PlanForm(forms.Form):
    target_admission = forms.DateField(label="Target admission date", widget=DATE)


class TaskForm(forms.Form):
    """Schedule or move a task. `version` is the task as the user saw it."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[
            c
            for c in choices(TaskStatus)
            if c[0] not in (TaskStatus.WAIVED, TaskStatus.RESULT_RECORDED)
        ]
    )
    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, empty_label="Team (by role)"
    )
    scheduled_at = forms.DateTimeField(
        required=False, label="Appointment date and time", widget=DATETIME
    )
    place = forms.CharField(required=False, max_length=160, label="Place")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(is_active=True).exclude(role="").order_by("username")
        )


class ResultForm(forms.Form):
    """A result in words; for items that feed the record, the finding's values too."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Result")
    observed_on = forms.DateField(widget=DATE, required=False, label="Date of the test")
    category = forms.CharField(required=False, max_length=40, label="Coded result")
    quantity = forms.FloatField(required=False, label="Measurement")
    present = forms.NullBooleanField(
        required=False,
        label="Present?",
        widget=forms.Select(
            choices=[("unknown", "Not applicable"), ("true", "Present"), ("false", "Absent")]
        ),
    )
    trend = forms.ChoiceField(
        required=False,
        choices=[("", "—"), ("improving", "Improving"), ("stable", "Stable"),
                 ("worsening", "Worsening")],
    )  # fmt: skip

    def __init__(self, *args, finding_spec=None, study=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.finding_spec = finding_spec
        # A result that enters the record (as a finding or a study) needs its date.
        self.fields["observed_on"].required = finding_spec is not None or study
        if finding_spec is None:
            for name in ("category", "quantity", "present", "trend"):
                del self.fields[name]
            if not study:
                del self.fields["observed_on"]
            return
        if finding_spec.categories:
            self.fields["category"] = forms.ChoiceField(
                label="Coded result",
                required=finding_spec.category_required,
                choices=[("", "—")]
                + [(c, c.replace("_", " ").capitalize()) for c in finding_spec.categories],
            )
        if finding_spec.unit:
            self.fields["quantity"].label = f"Measurement ({finding_spec.unit})"
        else:
            del self.fields["quantity"]
        if not finding_spec.presence:
            del self.fields["present"]
        if not finding_spec.trend:
            del self.fields["trend"]

    def finding(self, source: str) -> dict | None:
        if self.finding_spec is None:
            return None
        data = self.cleaned_data
        return {
            "observed_on": data["observed_on"],
            "source": source,
            "present": data.get("present"),
            "quantity": data.get("quantity"),
            "category": data.get("category") or "",
            "trend": data.get("trend") or "",
            "note": data["summary"],
        }


class WaiveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=300, label="Why is this task waived?")
