"""The assessment follows the record: a changed record gives a new stored assessment."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.assessment.models import StoredAssessment
from engraft.audit.models import AuditAction, AuditEvent
from engraft.core.knowledge import KNOWLEDGE_BASE_VERSION
from engraft.record.models import GeneticResult, Variant

from .factories import make_finding, make_patient

pytestmark = pytest.mark.django_db


def tcirg1_patient():
    patient = make_patient(birth_date=date(2026, 1, 5), genotype_pending=False)
    result = GeneticResult.objects.create(
        patient=patient,
        gene="TCIRG1",
        zygosity="homozygous",
        testing_lab="Genetics lab",
        reported_on=date(2026, 1, 20),
    )
    Variant.objects.create(
        result=result, hgvs="NM_006019.4:c.117+4A>T", classification="pathogenic"
    )
    return patient


def open_assessment(client, patient):
    return client.get(reverse("assessment:current", args=[patient.public_id]))


def test_opening_the_assessment_stores_it_with_the_knowledge_base_version(login):
    patient = tcirg1_patient()
    response = open_assessment(login(Role.PHYSICIAN), patient)
    assert response.status_code == 200
    stored = StoredAssessment.objects.get(patient=patient)
    assert stored.knowledge_base_version == KNOWLEDGE_BASE_VERSION
    assert stored.result["knowledge_base_version"] == KNOWLEDGE_BASE_VERSION
    assert stored.subtype == "TCIRG1-ARO"
    assert stored.candidacy == stored.result["candidacy"]["value"] == "indicated"
    assert len(stored.input_fingerprint) == 64
    assert stored.case["genetics"][0]["gene"] == "TCIRG1"


def test_an_unchanged_record_stores_nothing_new(login):
    patient = tcirg1_patient()
    client = login(Role.PHYSICIAN)
    open_assessment(client, patient)
    open_assessment(client, patient)
    assert StoredAssessment.objects.filter(patient=patient).count() == 1


def test_a_new_finding_gives_a_new_stored_assessment(login):
    patient = tcirg1_patient()
    client = login(Role.PHYSICIAN)
    open_assessment(client, patient)
    # Dated today: a finding older than its currency window no longer drives urgency.
    today = timezone.localdate()
    make_finding(patient, kind="vep", category="delayed", trend="worsening", observed_on=today)
    open_assessment(client, patient)
    first, second = StoredAssessment.objects.filter(patient=patient).order_by("id")
    assert first.input_fingerprint != second.input_fingerprint
    assert second.urgency == "emergent"
    markers = {f["marker"]: f["status"] for f in second.case["findings"]}
    assert markers["vision_declining"] == "present"


def test_a_voided_finding_changes_the_assessment_back(login):
    from django.utils import timezone

    patient = tcirg1_patient()
    client = login(Role.PHYSICIAN)
    open_assessment(client, patient)
    finding = make_finding(patient, kind="fractures", present=True, category="", quantity=None)
    open_assessment(client, patient)
    finding.voided_at, finding.void_reason = timezone.now(), "entered in error"
    finding.save()
    open_assessment(client, patient)
    stored = StoredAssessment.objects.filter(patient=patient).order_by("id")
    assert stored.count() == 3
    assert stored[0].input_fingerprint == stored[2].input_fingerprint


def test_storing_an_assessment_is_audited_as_a_creation(login):
    patient = tcirg1_patient()
    open_assessment(login(Role.PHYSICIAN), patient)
    stored = StoredAssessment.objects.get(patient=patient)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(stored.public_id))
    assert event.object_type == "assessment.StoredAssessment"
    assert event.actor_name == "physician"
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(patient.public_id)
    ).exists()


def test_the_page_shows_reasons_sources_and_the_sign_off_banner(login):
    patient = tcirg1_patient()
    page = open_assessment(login(Role.COORDINATOR), patient).content.decode()
    assert "Decision support: needs a physician's sign-off" in page
    assert "Rule <code>G-SUBTYPE</code>" in page
    assert "Rule <code>R3</code>" in page
    assert "Driessen GJ" in page  # a citation, in words
    assert "In-house" in page  # the severity class is an in-house construct
    assert "What is missing" in page
    assert "Not signed off yet" in page


def test_the_missing_panel_lists_what_the_assessment_lacked(login):
    patient = make_patient(genotype_pending=True)
    page = open_assessment(login(Role.PHYSICIAN), patient).content.decode()
    assert "Genetic result (genotype pending)" in page
    assert "Brain MRI" in page
    assert "ERG abnormality" in page


def test_only_the_physician_sees_the_sign_off_form(login):
    patient = tcirg1_patient()
    assert (
        "Sign off this assessment"
        in open_assessment(login(Role.PHYSICIAN), patient).content.decode()
    )
    page = open_assessment(login(Role.COORDINATOR), patient).content.decode()
    assert "Sign off this assessment" not in page


def test_the_record_page_links_to_the_assessment(login):
    patient = tcirg1_patient()
    page = login(Role.PHYSICIAN).get(reverse("record:patient", args=[patient.public_id]))
    assert reverse("assessment:current", args=[patient.public_id]) in page.content.decode()
