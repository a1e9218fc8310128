"""The follow-up page's forms: a visit marked done, an entry voided."""

from __future__ import annotations

from django import forms
from engraft.core.followup import VisitState
from engraft.core.followup.knowledge import load_followup_knowledge


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VisitDoneForm(forms.Form):
    """One visit (item and timepoint, hidden) marked done on a date, with a note."""

    item = forms.CharField(widget=forms.HiddenInput, max_length=40)
    timepoint = forms.CharField(widget=forms.HiddenInput, max_length=20)
    done_on = forms.DateField(label="Done on", widget=DateInput)
    note = forms.CharField(
        label="Note", required=False, max_length=1000, widget=forms.Textarea({"rows": 2})
    )


class VoidVisitForm(forms.Form):
    reason = forms.CharField(label="Why is this entry wrong?", max_length=300)


def discipline_choices() -> list[tuple[str, str]]:
    disciplines = sorted({i.discipline for i in load_followup_knowledge().items.values()})
    return [("", "All disciplines")] + [(d, d.replace("_", " ").capitalize()) for d in disciplines]


class FilterForm(forms.Form):
    """Narrow the schedule to one discipline and one state (GET)."""

    discipline = forms.ChoiceField(label="Discipline", required=False, choices=discipline_choices)
    state = forms.ChoiceField(
        label="State", required=False,
        choices=[("", "All states")] + [(s.value, s.value.capitalize()) for s in VisitState],
    )  # fmt: skip
