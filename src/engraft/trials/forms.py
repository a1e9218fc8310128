"""The trials pages' forms: import, the centre's fields, the curated rule, an enrolment step."""

from __future__ import annotations

import json

from django import forms

from .models import EnrolmentStatus, NotEnrolledReason, SiteStatus, Trial

MAX_IMPORT_BYTES = 5 * 1024 * 1024  # one search page of ClinicalTrials.gov is far smaller


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe for multiple uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput({"accept": ".json,application/json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="ClinicalTrials.gov records (JSON)",
        help_text='One or more API v2 study files, or search responses with "studies". '
        "A trial already in the catalogue is updated; the centre's own fields are kept.",
    )

    def documents(self) -> tuple[list[tuple[str, object]], list[str]]:
        """Each uploaded file parsed as JSON, and a message for each that is not."""
        parsed, problems = [], []
        for upload in self.cleaned_data["files"]:
            if upload.size > MAX_IMPORT_BYTES:
                problems.append(f"{upload.name}: larger than 5 MB; split it.")
                continue
            try:
                parsed.append((upload.name, json.loads(upload.read().decode("utf-8"))))
            except UnicodeDecodeError:
                problems.append(f"{upload.name}: not UTF-8 text.")
            except json.JSONDecodeError as error:
                problems.append(
                    f"{upload.name}: not valid JSON ({error.msg}, line {error.lineno})."
                )
        return parsed, problems


class SiteForm(forms.ModelForm):
    """The centre's own fields of a trial (an import never changes them)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Trial
        fields = [
            "site_status", "local_protocol_number", "principal_investigator", "contact_name",
            "contact_phone", "contact_email", "plain_summary",
        ]  # fmt: skip
        widgets = {
            "site_status": forms.RadioSelect,
            "plain_summary": forms.Textarea({"rows": 5}),
        }
        labels = {"site_status": "Status at this centre"}
        help_texts = {
            "plain_summary": "Shown to families on the public trials page when the trial is "
            "open here. Plain words: what the trial tests and who it is for.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site_status"].choices = SiteStatus.choices


class RuleForm(forms.Form):
    rule = forms.CharField(
        label="Curated rule (JSON)",
        widget=forms.Textarea({"rows": 24, "spellcheck": "false", "class": "code"}),
        help_text="The format engraft-trial-rule/1: and, or, not over typed criteria, each "
        "saying which published items it covers (I1, E2...). See the criteria below.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_rule(self):
        text = self.cleaned_data["rule"]
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"Not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
            ) from None


class StepForm(forms.Form):
    """The next step of a child in a trial; which details it needs depends on the step."""

    status = forms.ChoiceField(label="Step", choices=EnrolmentStatus.choices)
    on = forms.DateField(label="Date", widget=DateInput)
    consent_version = forms.CharField(
        label="Consent form version", required=False, max_length=60,
        help_text="For consent: the version of the form the parents signed.",
    )  # fmt: skip
    arm = forms.CharField(label="Arm", required=False, max_length=200)
    study_subject_id = forms.CharField(
        label="Study subject id", required=False, max_length=60,
        help_text="For enrolment: the id the trial assigned.",
    )  # fmt: skip
    not_enrolled_reason = forms.ChoiceField(
        label="Reason not enrolled", required=False,
        choices=[("", "(not applicable)"), *NotEnrolledReason.choices],
    )  # fmt: skip
    reason_text = forms.CharField(
        label="Reason, in words", required=False, max_length=300,
        help_text="For withdrawal or not enrolling: what happened.",
    )  # fmt: skip
    note = forms.CharField(label="Note", required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, next_steps=(), arms=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(EnrolmentStatus.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in next_steps]
        if arms:
            self.fields["arm"] = forms.ChoiceField(
                label="Arm", required=False, choices=[("", "(not applicable)")]
                + [(a, a) for a in arms],
            )  # fmt: skip


class CatalogueFilter(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    site_status = forms.ChoiceField(
        label="At this centre", required=False, choices=[("", "Any"), *SiteStatus.choices]
    )
    sort = forms.ChoiceField(
        label="Sort by", required=False,
        choices=[("nct_id", "NCT number"), ("brief_title", "Title"),
                 ("-record_updated_on", "Last updated on the registry"),
                 ("overall_status", "Registry status")],
    )  # fmt: skip


class CandidateFilter(forms.Form):
    overall = forms.ChoiceField(
        label="Result", required=False,
        choices=[("", "Eligible or possibly eligible"), ("eligible", "Eligible"),
                 ("possibly_eligible", "Possibly eligible"), ("not_eligible", "Not eligible"),
                 ("all", "All results")],
    )  # fmt: skip
