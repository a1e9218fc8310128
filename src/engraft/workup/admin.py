from django.contrib import admin

from django import forms
from engraft.access.admin_site import site
from engraft.core.workup.requirement import ConditionError, parse_conditions

from .models import PlanItem


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        exclude: tuple[str, ...] = ()

    def clean_conditions(self):
        conditions = self.cleaned_data["conditions"] or []
        if not isinstance(conditions, list):
            raise forms.ValidationError("Conditions are a list of objects.")
        try:
            parse_conditions(conditions)
        except ConditionError as error:
            raise forms.ValidationError(str(error)) from None
        return conditions


class PlanItemAdmin(admin.ModelAdmin):
    form = PlanItemForm
    list_display = ("name", "kind", "discipline", "default_requirement", "lead_days", "active")
    list_filter = ("kind", "active", "default_requirement")
    list_editable = ("active",)
    search_fields = ("name", "discipline")


site.register(PlanItem, PlanItemAdmin)
