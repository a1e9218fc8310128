"""The assessment as a PDF for the meeting: it renders, says what the page says, is audited."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.assessment.in_force import in_force
from engraft.assessment.pdf import assessment_html
from engraft.assessment.services import store_if_changed
from engraft.assessment.views import assessment_context
from engraft.audit.models import AuditAction, AuditEvent

from .factories import make_patient

pytestmark = pytest.mark.django_db


def test_the_pdf_downloads_and_its_export_is_audited(login):
    patient = make_patient()
    response = login(Role.SPECIALIST).get(reverse("assessment:pdf", args=[patient.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.object_type == "assessment.StoredAssessment"
    assert "PDF" in event.summary


def test_the_pdf_has_pages_and_carries_reasons_sources_and_the_notice():
    from weasyprint import HTML

    patient = make_patient()
    stored, _, _ = store_if_changed(
        patient=patient, actor=None, ip=None, as_of=timezone.localdate()
    )
    html = assessment_html(assessment_context(patient, in_force(stored, stored.result)))
    assert "Decision support: needs a physician's sign-off" in html
    assert "Rule <code>G-PENDING</code>" in html
    assert f"knowledge base version {stored.knowledge_base_version}" in html
    assert "What is missing" in html
    document = HTML(string=html).render()
    assert len(document.pages) >= 2
    target = BytesIO()
    document.write_pdf(target=target)
    assert target.getvalue().startswith(b"%PDF")
