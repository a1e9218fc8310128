from django import forms

from .models import ContactAttempt, InformationRequest, RequestStatus


class InformationRequestForm(forms.ModelForm):
    """The public form. `website` is a honeypot: hidden from people, filled in by bots."""

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = InformationRequest
        fields = [
            "guardian_name",
            "relationship",
            "email",
            "phone",
            "preferred_contact",
            "child_age_value",
            "child_age_unit",
            "country",
            "diagnosis_made",
            "diagnosis",
            "question",
            "consent_to_contact",
        ]
        widgets = {
            "guardian_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
            "preferred_contact": forms.RadioSelect,
            "diagnosis_made": forms.RadioSelect,
            "question": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "diagnosis": "For example: infantile osteopetrosis, or the gene named in a report.",
            "child_age_value": "A number, then choose weeks, months or years.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_to_contact"].required = True
        self.fields[
            "consent_to_contact"
        ].label = "I agree that the programme may contact me about this request."
        self.fields["child_age_value"].min_value = 0
        self.fields["child_age_value"].widget.attrs["min"] = 0
        for name in ("relationship", "child_age_unit"):
            self.fields[name].choices = [("", "Choose…"), *self.fields[name].choices[1:]]
        for field in self.fields.values():
            field.error_messages["required"] = f"Please fill in: {str(field.label).lower()}."
        self.fields["consent_to_contact"].error_messages["required"] = (
            "Please tick the box to agree that we may contact you."
        )
        # A radio group needs no "nothing chosen" option: leaving all unticked says that.
        for name in ("preferred_contact", "diagnosis_made"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

    def clean_child_age_value(self):
        value = self.cleaned_data["child_age_value"]
        # A paediatric programme: anything past 25 years is almost surely a typing slip.
        if value is not None and value > 300:
            raise forms.ValidationError("Please give the child's age as a number up to 300.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("preferred_contact") == InformationRequest.ContactMethod.PHONE and not data.get(
            "phone"
        ):
            self.add_error("phone", "Please give a phone number, as you prefer a call.")
        if data.get("diagnosis_made") == InformationRequest.Diagnosis.YES and not data.get(
            "diagnosis"
        ):
            self.add_error("diagnosis", "Please say which diagnosis was made.")
        unit = data.get("child_age_unit")
        value = data.get("child_age_value")
        if unit == InformationRequest.AgeUnit.YEARS and value is not None and value > 25:
            self.add_error("child_age_value", "Please check the age: over 25 years.")
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "All open"), ("all", "All"), *RequestStatus.choices]
    )
    q = forms.CharField(required=False, label="Search")
    sort = forms.ChoiceField(
        required=False,
        choices=[("oldest", "Oldest first"), ("newest", "Newest first")],
        label="Sort",
    )


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(queryset=None, required=False, label="Assign to")

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff_queryset
        self.fields["assigned_to"].empty_label = "Nobody"


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=RequestStatus.choices, label="Status")


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note")


class ContactAttemptForm(forms.ModelForm):
    class Meta:
        model = ContactAttempt
        fields = ["method", "reached", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}
