"""Forms of the assessment stage: they parse input; the services decide what is valid."""

from django import forms

from .models import MeetingDecision, SignOff, StoredAssessment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_OVERRIDDEN = [("", "(keep as computed)")]


class SignOffForm(forms.Form):
    assessment = forms.UUIDField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Your decision", choices=SignOff.Decision.choices, widget=forms.RadioSelect
    )
    candidacy = forms.ChoiceField(
        label="Candidacy (when overriding)",
        choices=NOT_OVERRIDDEN + StoredAssessment._meta.get_field("candidacy").choices,
        required=False,
    )
    urgency = forms.ChoiceField(
        label="Urgency (when overriding)",
        choices=NOT_OVERRIDDEN + StoredAssessment._meta.get_field("urgency").choices,
        required=False,
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Required when overriding: why you disagree with the assessment.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class MeetingDecisionForm(forms.ModelForm):
    class Meta:
        model = MeetingDecision
        fields = ["meeting_on", "outcome", "details", "attendees"]
        widgets = {
            "meeting_on": DATE,
            "outcome": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"attendees": "Names and specialties of those present."}
