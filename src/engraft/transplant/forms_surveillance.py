"""Forms of the surveillance entries; the checks live in services_surveillance and the core."""

from __future__ import annotations

from django import forms

from .forms import DateInput
from .models import AdverseEventKind, ChronicGvhdSeverity, UpperGi


class ObservationForm(forms.Form):
    title = "Record an observation"
    observed_on = forms.DateField(label="Date", widget=DateInput)
    spo2_percent = forms.DecimalField(label="SpO2 (%)", max_digits=4, decimal_places=1,
                                      required=False)  # fmt: skip
    heart_rate = forms.IntegerField(label="Heart rate (/min)", required=False)
    acute_dyspnoea = forms.BooleanField(label="Acute dyspnoea", required=False)
    heart_rate_abnormal = forms.BooleanField(
        label="Bradycardia or tachycardia for age", required=False,
        help_text="As judged at the bedside.",
    )  # fmt: skip
    note = forms.CharField(max_length=300, required=False)


class GvhdAssessmentForm(forms.Form):
    title = "Record an acute GVHD assessment"
    assessed_on = forms.DateField(label="Date", widget=DateInput)
    rash_bsa_percent = forms.DecimalField(
        label="Rash (% body surface)", max_digits=4, decimal_places=1, required=False,
        help_text="Leave empty if the skin was not assessed; 0 for no rash.",
    )  # fmt: skip
    bullae_bsa_percent = forms.DecimalField(
        label="Bullae (% body surface)", max_digits=4, decimal_places=1, required=False
    )
    upper_gi = forms.ChoiceField(label="Persistent nausea, vomiting or anorexia",
                                 choices=UpperGi.choices, required=False)  # fmt: skip
    stool_ml = forms.IntegerField(
        label="Stool output of the day (mL)", required=False, min_value=0,
        help_text="The 24-hour total: Engraft divides it by the latest weight (mL/kg/day).",
    )  # fmt: skip
    stool_episodes = forms.IntegerField(
        label="Stool episodes of the day", required=False, min_value=0,
        help_text="Used only when the volume is not measured.",
    )  # fmt: skip
    severe_abdominal_pain_or_ileus = forms.BooleanField(
        label="Severe abdominal pain, with or without ileus", required=False
    )
    grossly_bloody_stool = forms.BooleanField(label="Grossly bloody stool", required=False)


class ChronicGvhdForm(forms.Form):
    title = "Record chronic GVHD"
    onset = forms.DateField(label="Onset", widget=DateInput)
    severity = forms.ChoiceField(label="NIH global severity", choices=ChronicGvhdSeverity.choices)
    note = forms.CharField(max_length=300, required=False)


class AdverseEventForm(forms.Form):
    title = "Record an adverse event"
    onset_on = forms.DateField(label="Onset", widget=DateInput)
    kind = forms.ChoiceField(label="Event", choices=AdverseEventKind.choices)
    grade = forms.TypedChoiceField(
        label="Grade", coerce=int,
        choices=[(1, "1 mild"), (2, "2 moderate"), (3, "3 severe"), (4, "4 life-threatening"),
                 (5, "5 death related to the event")],
        help_text="CTCAE-style, as judged by the clinician.",
    )  # fmt: skip
    description = forms.CharField(max_length=300, required=False,
                                  help_text="Required for “other”.")  # fmt: skip
    resolved_on = forms.DateField(label="Resolved", widget=DateInput, required=False)
