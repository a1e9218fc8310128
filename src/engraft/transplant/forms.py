"""Forms of the transplant pages: they collect input; the rules live in services and the core."""

from __future__ import annotations

from django import forms
from engraft.core.transplant.knowledge import load_transplant_knowledge

from .models import (
    ChimerismLineage,
    DonorType,
    GraftManipulation,
    GraftSourceChoice,
    RetransplantReason,
    TransfusionProduct,
)


class DateInput(forms.DateInput):
    input_type = "date"


def regimen_choices() -> list[tuple[str, str]]:
    """The regimens of transplant.json (the list is data)."""
    return [("", "Not decided yet")] + [
        (r.id, r.name) for r in load_transplant_knowledge().regimens.values()
    ]


def agent_choices() -> list[tuple[str, str]]:
    return [("", "Choose an agent")] + [
        (a.id, a.name) for a in load_transplant_knowledge().agents.values()
    ]


def unit_choices() -> list[tuple[str, str]]:
    units = sorted({u for a in load_transplant_knowledge().agents.values() for u in a.units})
    return [("", "Choose a unit")] + [(u, u) for u in units]


class EpisodeForm(forms.Form):
    """Open a transplant episode; the donor and the patient's CMV/ABO come from the record."""

    title = "Open a transplant episode"
    admitted_on = forms.DateField(
        label="Admission date", required=False, widget=DateInput,
        help_text="Leave empty while the admission is not booked.",
    )  # fmt: skip
    day0 = forms.DateField(label="Day 0 (infusion date, planned or actual)", widget=DateInput)
    graft_source = forms.ChoiceField(choices=GraftSourceChoice.choices)
    donor_type = forms.ChoiceField(choices=DonorType.choices)
    regimen = forms.ChoiceField(label="Conditioning regimen", required=False)
    manipulation = forms.ChoiceField(label="Graft manipulation", choices=GraftManipulation.choices)
    gvhd_prophylaxis = forms.CharField(label="GVHD prophylaxis", max_length=160, required=False)
    defibrotide_prophylaxis = forms.BooleanField(label="Defibrotide prophylaxis", required=False)

    def __init__(self, *args, history: bool = False, retransplant: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regimen"].choices = regimen_choices()
        if retransplant:
            self.fields["retransplant_reason"] = forms.ChoiceField(
                label="Reason for the new transplant", choices=RetransplantReason.choices
            )
        if history:
            # A past transplant has no selection in Engraft: its donor is entered here, once.
            self.fields["entered_as_history"] = forms.BooleanField(
                label="Enter a past transplant as history (no readiness gate or donor "
                "selection needed)", required=False,
            )  # fmt: skip
            self.fields["donor_label"] = forms.CharField(
                label="Donor (past transplant only)", max_length=160, required=False
            )
            self.fields["match_grade"] = forms.CharField(
                label="Match grade (past transplant only)", max_length=40, required=False
            )
            self.fields["donor_cmv"] = forms.CharField(
                label="Donor CMV (past transplant only)", max_length=10, required=False
            )
            self.fields["donor_abo"] = forms.CharField(
                label="Donor ABO (past transplant only)", max_length=10, required=False
            )


class AdmitForm(forms.Form):
    title = "Admit for the transplant"
    admitted_on = forms.DateField(label="Admission date", widget=DateInput)


class DatesForm(forms.Form):
    title = "Admission, day 0 and discharge"
    version = forms.IntegerField(widget=forms.HiddenInput)
    admitted_on = forms.DateField(label="Admission date", required=False, widget=DateInput)
    day0 = forms.DateField(label="Day 0 (infusion date, planned or actual)", widget=DateInput)
    discharged_on = forms.DateField(
        label="Discharge date", required=False, widget=DateInput,
        help_text="The discharge ends the episode: the child moves to long-term follow-up.",
    )  # fmt: skip


class CloseForm(forms.Form):
    title = "Close the transplant episode"
    closed_on = forms.DateField(label="Closed on", widget=DateInput)
    reason = forms.CharField(label="Reason", max_length=300, widget=forms.Textarea({"rows": 2}))
    for_retransplant = forms.BooleanField(
        label="Closed for a re-transplant", required=False,
        help_text="Otherwise the child moves to long-term follow-up.",
    )  # fmt: skip


class ConditioningForm(forms.Form):
    title = "Conditioning"
    version = forms.IntegerField(widget=forms.HiddenInput)
    regimen = forms.ChoiceField(label="Regimen")
    gvhd_prophylaxis = forms.CharField(label="GVHD prophylaxis", max_length=160, required=False)
    defibrotide_prophylaxis = forms.BooleanField(label="Defibrotide prophylaxis", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regimen"].choices = regimen_choices()[1:]


class AgentForm(forms.Form):
    """One row of the conditioning table: an agent (serotherapy too) with dose and days."""

    agent = forms.ChoiceField()
    dose = forms.DecimalField(max_digits=9, decimal_places=3)
    unit = forms.ChoiceField()
    first_day = forms.IntegerField(label="First day", help_text="relative to day 0, e.g. -7")
    last_day = forms.IntegerField(label="Last day", help_text="e.g. -4")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = agent_choices()
        self.fields["unit"].choices = unit_choices()


AgentFormSet = forms.formset_factory(AgentForm, extra=2, can_delete=True)


class GraftForm(forms.Form):
    title = "The graft"
    version = forms.IntegerField(widget=forms.HiddenInput)
    graft_source = forms.ChoiceField(choices=GraftSourceChoice.choices)
    manipulation = forms.ChoiceField(choices=GraftManipulation.choices)
    tnc_total = forms.FloatField(
        label="Total nucleated cells (total, cells)", required=False, min_value=0,
        help_text="The product's total, e.g. 3.5e9; shown per kg of the weight on day 0.",
    )  # fmt: skip
    cd34_total = forms.FloatField(label="CD34+ cells (total)", required=False, min_value=0)
    cd3_total = forms.FloatField(label="CD3+ cells (total)", required=False, min_value=0)


class TransfusionForm(forms.Form):
    title = "Record a transfusion"
    given_on = forms.DateField(label="Given on", widget=DateInput)
    product = forms.ChoiceField(choices=TransfusionProduct.choices)
    volume_ml = forms.DecimalField(
        label="Volume (mL)", max_digits=6, decimal_places=1, required=False
    )


class GrowthFactorForm(forms.Form):
    title = "Record a growth factor dose"
    given_on = forms.DateField(label="Given on", widget=DateInput)
    agent = forms.CharField(max_length=40, initial="G-CSF")


class ChimerismForm(forms.Form):
    title = "Record a chimerism result"
    sampled_on = forms.DateField(label="Sampled on", widget=DateInput)
    lineage = forms.ChoiceField(choices=ChimerismLineage.choices)
    donor_percent = forms.DecimalField(label="Donor (%)", max_digits=5, decimal_places=1)
    method = forms.CharField(max_length=60, required=False, help_text="e.g. STR-PCR")
    laboratory = forms.CharField(max_length=160, required=False)


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="Why is this entry void?", max_length=300, widget=forms.Textarea({"rows": 2})
    )
