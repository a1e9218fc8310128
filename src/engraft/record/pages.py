"""Helpers of the pages about a patient, for every stage's views: one home, no view imports.

The work-up, assessment and donor views open "the patient named in the URL" and show a
service's validation errors the same way as the record's; they import these from here,
never from `record.views`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from engraft.audit.middleware import audit_if_shown
from engraft.audit.models import AuditAction
from engraft.audit.services import record_access

from .mapping import full_records
from .models import Patient


def patient_for(
    request: HttpRequest, public_id, *, audit: bool = True, full: bool = False
) -> Patient:
    """The patient named in the URL (with the whole record if `full`); an audited read."""
    patient = get_object_or_404(full_records() if full else Patient, public_id=public_id)
    if audit:
        record_access(request, AuditAction.VIEW, patient, summary=request.path)
    else:
        # The service audits a change; a refused form that shows the record again is a read.
        audit_if_shown(request, patient)
    return patient


def apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's validation errors on the form's fields (or above it)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)
