"""A physician signs the assessment off: agree, or override with a reason. Nobody else may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engraft.access.roles import Role
from engraft.assessment.models import SignOff, StoredAssessment
from engraft.assessment.services import store_if_changed
from engraft.audit.models import AuditAction, AuditEvent

from .factories import make_finding, make_patient

pytestmark = pytest.mark.django_db


def assessed_patient():
    from django.utils import timezone

    from engraft.record.models import GeneticResult, Variant

    # A TCIRG1 infant computes "indicated, urgent"; a pending genotype without the
    # neurodegeneration screen now computes expert review (issue 9, rule 2).
    patient = make_patient(genotype_pending=False)
    result = GeneticResult.objects.create(
        patient=patient, gene="TCIRG1", zygosity="homozygous", testing_lab="Genetics lab",
        reported_on=patient.birth_date,
    )  # fmt: skip
    Variant.objects.create(
        result=result, hgvs="NM_006019.4:c.117+4A>T", classification="pathogenic"
    )
    stored, _, _ = store_if_changed(
        patient=patient, actor=None, ip=None, as_of=timezone.localdate()
    )
    return patient, stored


def post_sign_off(client, patient, stored, **data):
    data = {"assessment": str(stored.public_id), **data}
    return client.post(reverse("assessment:sign_off", args=[patient.public_id]), data)


def test_a_physician_agrees(login):
    patient, stored = assessed_patient()
    response = post_sign_off(login(Role.PHYSICIAN), patient, stored, decision="agree")
    assert response.status_code == 302
    signed = SignOff.objects.get()
    assert (signed.assessment, signed.decision, signed.physician.username) == (
        stored,
        "agree",
        "physician",
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="assessment.SignOff"
    ).exists()


def test_a_physician_overrides_with_a_reason(login):
    patient, stored = assessed_patient()
    response = post_sign_off(
        login(Role.PHYSICIAN),
        patient,
        stored,
        decision="override",
        candidacy="expert_review",
        urgency="urgent",
        reason="Early developmental concerns: neurology review before going further.",
    )
    assert response.status_code == 302
    signed = SignOff.objects.get()
    assert (signed.decision, signed.candidacy, signed.urgency) == (
        "override",
        "expert_review",
        "urgent",
    )
    assert signed.reason.startswith("Early developmental concerns")
    event = AuditEvent.objects.get(object_type="assessment.SignOff")
    assert "override to expert_review/urgent" in event.summary


def test_an_override_without_a_reason_is_refused_and_nothing_is_saved(login):
    patient, stored = assessed_patient()
    response = post_sign_off(
        login(Role.PHYSICIAN),
        patient,
        stored,
        decision="override",
        candidacy="expert_review",
        urgency="urgent",
        reason="  ",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "An override needs a reason" in page
    assert 'id="id_reason_errors"' in page  # the message sits on the reason field
    assert SignOff.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="assessment.SignOff").exists()


def test_an_override_that_changes_nothing_is_refused(login):
    patient, stored = assessed_patient()
    response = post_sign_off(
        login(Role.PHYSICIAN),
        patient,
        stored,
        decision="override",
        candidacy=stored.candidacy,
        urgency=stored.urgency,
        reason="I think so",
    )
    assert "change one of them to override" in response.content.decode()
    assert SignOff.objects.count() == 0


def test_only_physicians_sign(login):
    patient, stored = assessed_patient()
    for role in (Role.COORDINATOR, Role.SPECIALIST, Role.DATA_MANAGER):
        response = post_sign_off(login(role), patient, stored, decision="agree")
        assert response.status_code == 403, role
    assert SignOff.objects.count() == 0


def test_a_superseded_assessment_cannot_be_signed(login):
    from django.utils import timezone

    patient, stored = assessed_patient()
    make_finding(patient)
    store_if_changed(patient=patient, actor=None, ip=None, as_of=timezone.localdate())
    response = post_sign_off(login(Role.PHYSICIAN), patient, stored, decision="agree")
    assert "The record changed since this assessment was computed" in response.content.decode()
    assert SignOff.objects.count() == 0
    assert StoredAssessment.objects.filter(patient=patient).count() == 2


def test_the_history_shows_the_computed_assessment_and_the_override(login):
    patient, stored = assessed_patient()
    client = login(Role.PHYSICIAN)
    post_sign_off(
        client,
        patient,
        stored,
        decision="override",
        candidacy="indicated",
        urgency="emergent",
        reason="Falling vision on today's examination.",
    )
    page = client.get(reverse("assessment:history", args=[patient.public_id])).content.decode()
    assert stored.knowledge_base_version in page
    assert "Override candidacy or urgency" in page
    assert "Falling vision on today" in page
    assert "computed: indicated, urgent" in page


def test_an_override_may_keep_one_computed_value(login):
    patient, stored = assessed_patient()
    post_sign_off(
        login(Role.PHYSICIAN),
        patient,
        stored,
        decision="override",
        candidacy="",
        urgency="emergent",
        reason="Raised ICP on today's MRI.",
    )
    signed = SignOff.objects.get()
    assert (signed.candidacy, signed.urgency) == (stored.candidacy, "emergent")
