"""The patient's growth page: height and weight on the centiles, before and after transplant."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.record.pages import patient_for

from .growth import growth_page


@requires(Permission.PATIENT_VIEW)
def growth(request: HttpRequest, public_id) -> HttpResponse:
    """Growth charts and the table of every current height and weight with its SDS."""
    patient = patient_for(request, public_id)
    return render(
        request, "transplant/growth.html", {"patient": patient, "growth": growth_page(patient)}
    )
