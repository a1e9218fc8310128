"""The outcomes pages' forms: a child's vital status, the cohort's filters, what is published."""

from __future__ import annotations

from django import forms
from engraft.core.assessment.case import DonorType
from engraft.core.transplant.episode import GraftSource

from .models import CAUSE_CHOICES, Vital
from .publishing import DONOR_WORDS, PUBLISHABLE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VitalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Vital.choices, widget=forms.RadioSelect)
    last_contact_on = forms.DateField(
        label="Last contact", required=False, widget=DateInput(),
        help_text="The last day the child was known alive. For a death, leave empty: it is the "
        "day of death.",
    )  # fmt: skip
    died_on = forms.DateField(label="Date of death", required=False, widget=DateInput())
    cause = forms.ChoiceField(
        label="Cause of death", required=False, choices=[("", "(not dead)"), *CAUSE_CHOICES]
    )
    note = forms.CharField(max_length=300, required=False, label="Note (source of the news)")


SOURCE_WORDS = {
    GraftSource.BONE_MARROW.value: "Bone marrow",
    GraftSource.PERIPHERAL_BLOOD.value: "Peripheral blood",
    GraftSource.CORD_BLOOD.value: "Cord blood",
}


class CohortFilter(forms.Form):
    """Which transplants the page analyses; the values stay in the form after filtering."""

    year_from = forms.IntegerField(label="Transplanted from (year)", required=False,
                                   min_value=1970, max_value=2100)  # fmt: skip
    year_to = forms.IntegerField(label="to (year)", required=False, min_value=1970,
                                 max_value=2100)  # fmt: skip
    donor_type = forms.ChoiceField(
        label="Donor type", required=False,
        choices=[("", "All donor types"), *((d.value, DONOR_WORDS[d.value]) for d in DonorType)],
    )  # fmt: skip
    graft_source = forms.ChoiceField(
        label="Graft source", required=False, choices=[("", "All sources"), *SOURCE_WORDS.items()]
    )
    age_group = forms.ChoiceField(
        label="Age at transplant", required=False,
        choices=[("", "All ages"), ("under_3_months", "Under 3 months"),
                 ("3_months_or_older", "3 months or older")],
    )  # fmt: skip
    small_cells = forms.BooleanField(
        label="Show cells under the small-cell threshold (care team only, not for sharing)",
        required=False,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", "The last year is before the first.")
        return data


class PublishForm(forms.Form):
    keys = forms.MultipleChoiceField(
        label="Figures shown on the public results page",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(k, k) for k in PUBLISHABLE],
    )
