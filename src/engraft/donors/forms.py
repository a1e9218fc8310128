"""Forms of stage 5: they collect input; validation of HLA lives in services (the core)."""

from django import forms
from engraft.record.models import AboGroup, CmvSerostatus, Patient, RhD

from .models import DonorSelection, TypingMethod

MIN_GRADES = [("", "No minimum")] + [(g, g) for g in (
    "8/8", "7/8", "6/8", "5/8", "4/8", "10/10", "9/10", "8/10")]  # fmt: skip


class DateInput(forms.DateInput):
    input_type = "date"


class TypingForm(forms.Form):
    title = "Add an HLA typing"
    subject = forms.ChoiceField(label="Person typed")
    gl_string = forms.CharField(
        label="Typing (GL string)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. A*02:01+A*03:01^B*07:02+B*08:01^C*07:02+C*07:01^DRB1*15:01+DRB1*03:01",
    )
    typed_on = forms.DateField(label="Typed on", widget=DateInput)
    method = forms.ChoiceField(choices=TypingMethod.choices)
    laboratory = forms.CharField(max_length=160)

    def __init__(self, *args, patient: Patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("patient", f"{patient.display_name} (patient)")] + [
            (str(r.public_id), str(r)) for r in patient.relatives.all()
        ]


class AntibodyForm(forms.Form):
    title = "Add an anti-HLA antibody"
    specificity = forms.CharField(
        max_length=40, help_text="An allele (A*02:01), code (B*44:XX) or antigen (A2, DR4)"
    )
    mfi = forms.IntegerField(label="MFI", min_value=0, max_value=100000)
    tested_on = forms.DateField(label="Tested on", widget=DateInput)
    laboratory = forms.CharField(max_length=160)


class SearchForm(forms.Form):
    min_grade = forms.ChoiceField(label="Minimum grade", choices=MIN_GRADES, required=False)


class DonorChoiceForm(forms.Form):
    """Hidden fields naming one result of one search."""

    search = forms.UUIDField(widget=forms.HiddenInput)
    source = forms.CharField(widget=forms.HiddenInput)
    donor_id = forms.CharField(widget=forms.HiddenInput)


class SelectionForm(DonorChoiceForm):
    role = forms.ChoiceField(choices=DonorSelection.Role.choices)
    reason = forms.CharField(max_length=500)


class ConfirmatoryResultForm(forms.Form):
    title = "Record a confirmatory typing result"
    result_gl = forms.CharField(
        label="Result (GL string)", widget=forms.Textarea(attrs={"rows": 3})
    )
    received_on = forms.DateField(label="Received on", widget=DateInput)


class VoidForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why is this entry wrong?")


class TransplantContextForm(forms.Form):
    title = "Transplant context: CMV, ABO and Rh(D)"
    cmv_serostatus = forms.ChoiceField(label="CMV serostatus", choices=CmvSerostatus.choices)
    abo_group = forms.ChoiceField(label="ABO group", choices=AboGroup.choices)
    rh_d = forms.ChoiceField(label="Rh(D)", choices=RhD.choices)


class MeasurementForm(forms.Form):
    title = "Add a weight and height"
    measured_on = forms.DateField(label="Measured on", widget=DateInput)
    weight_kg = forms.DecimalField(label="Weight (kg)", max_digits=5, decimal_places=2,
                                   required=False, min_value=0)  # fmt: skip
    height_cm = forms.DecimalField(label="Height (cm)", max_digits=4, decimal_places=1,
                                   required=False, min_value=0)  # fmt: skip
