"""The assessment page and the meeting PDF say in words what the team must resolve.

Warnings (the clinical form disagreeing with the genotype), findings too old to count,
same-day conflicting findings and data dated after today are shown as a physician reads them:
labels, dates and windows, never the core's internal keys.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.assessment.in_force import in_force
from engraft.assessment.models import StoredAssessment
from engraft.assessment.pdf import assessment_html
from engraft.assessment.views import assessment_context
from engraft.record.models import GeneticResult, LabResult, Variant

from .factories import make_finding, make_lab, make_patient

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)
# Internal keys the core uses that must never reach the page.
RAW_KEYS = ("markers.", "findings[", "labs[", "intermediate_aro", "IH-FORM-GENOTYPE")


def on(day: date):
    return time_machine.travel(day.isoformat() + " 10:00 +00:00", tick=False)


def tcirg1_child(birth_date: date, **overrides):
    patient = make_patient(birth_date=birth_date, genotype_pending=False, **overrides)
    result = GeneticResult.objects.create(
        patient=patient,
        gene="TCIRG1",
        zygosity="homozygous",
        testing_lab="Genetics lab",
        reported_on=birth_date + timedelta(days=15),
    )
    Variant.objects.create(
        result=result, hgvs="NM_006019.4:c.117+4A>T", classification="pathogenic"
    )
    return patient


def page_of(login, patient) -> str:
    response = login(Role.PHYSICIAN).get(reverse("assessment:current", args=[patient.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def section_of(page: str) -> str:
    """The 'To resolve before sign-off' panel, where the new reasons are shown."""
    start = page.index('id="to-resolve-heading"')
    return page[start : page.index("</section>", start)]


def assert_no_raw_keys(text: str) -> None:
    for key in RAW_KEYS:
        assert key not in text, key


def test_an_intermediate_form_with_a_tcirg1_genotype_is_said_in_words(login):
    patient = tcirg1_child(date(2025, 12, 1), clinical_form="intermediate_aro")
    with on(TODAY):
        shown = section_of(page_of(login, patient))
    assert (
        "Recorded clinical form: intermediate; the TCIRG1 genotype is a classic infantile form"
        in shown
    )
    assert "reconcile the clinical form in the record" in shown
    assert_no_raw_keys(shown)


def test_an_unrecorded_form_with_a_tcirg1_genotype_asks_for_the_form(login):
    patient = tcirg1_child(date(2025, 12, 1), clinical_form="unknown")
    with on(TODAY):
        shown = section_of(page_of(login, patient))
    assert (
        "Recorded clinical form: not recorded; the TCIRG1 genotype is a classic infantile form"
        in shown
    )
    assert "record the clinical form in the record" in shown


def test_a_low_haemoglobin_of_infancy_is_listed_as_too_old_to_count_with_its_window(login):
    patient = tcirg1_child(date(2020, 1, 10))
    make_lab(patient, value=6.5, collected_at=datetime(2020, 6, 1, 9, 0, tzinfo=UTC))
    with on(TODAY):
        shown = section_of(page_of(login, patient))
    assert "Findings too old to count" in shown
    assert "Haematologic impairment (anaemia, thrombocytopenia)" in shown
    assert "2020-06-01" in shown
    assert "90 days" in shown
    assert "In-house window" in shown
    assert "a lab value past the in-house cut-off" in shown
    assert_no_raw_keys(shown)


def test_an_abnormal_and_a_normal_erg_on_one_day_are_a_conflict_linked_to_the_record(login):
    patient = tcirg1_child(date(2025, 12, 1))
    abnormal = make_finding(
        patient,
        kind="erg",
        category="abnormal",
        observed_on=date(2026, 2, 20),
        source="Eye clinic A",
        quantity=None,
    )
    normal = make_finding(
        patient,
        kind="erg",
        category="normal",
        observed_on=date(2026, 2, 20),
        source="Eye clinic B",
        quantity=None,
    )
    with on(TODAY):
        shown = section_of(page_of(login, patient))
    # Both findings named, each with the link that voids it.
    assert "Electroretinogram: abnormal, from Eye clinic A" in shown
    assert "Electroretinogram: normal, from Eye clinic B" in shown
    for finding in (abnormal, normal):
        void = reverse("record:void_entry", args=[patient.public_id, "findings", finding.public_id])
        assert f'href="{void}"' in shown
    assert "<strong>ERG abnormality (retinal dysfunction)</strong> on 2026-02-20" in shown
    assert "present and absent" in shown
    assert "counted as present until resolved" in shown
    record = reverse("record:patient", args=[patient.public_id])
    assert f'href="{record}#findings"' in shown
    assert_no_raw_keys(shown)


def test_a_lab_dated_after_today_is_listed_as_not_counted(login):
    patient = tcirg1_child(date(2025, 12, 1))
    # Written straight to the table (as legacy or imported data might be): forms refuse it.
    LabResult.objects.create(
        patient=patient,
        analyte="haemoglobin",
        collected_at=datetime(2099, 1, 1, 8, 0, tzinfo=UTC),
        value=7.0,
        unit="g/dL",
    )
    with on(TODAY):
        shown = section_of(page_of(login, patient))
    assert "Not counted: dated after 2026-03-01" in shown
    assert "Lab result: Haemoglobin 7 g/dL, dated 2099-01-01" in shown
    assert_no_raw_keys(shown)


def test_a_child_with_nothing_to_resolve_shows_no_panel(login):
    patient = tcirg1_child(date(2025, 12, 1), clinical_form="infantile_aro")
    with on(TODAY):
        page = page_of(login, patient)
    assert "To resolve before sign-off" not in page


def test_the_meeting_pdf_shows_the_same_warnings(login):
    patient = tcirg1_child(date(2025, 12, 1), clinical_form="intermediate_aro")
    make_finding(patient, kind="erg", category="abnormal", observed_on=date(2026, 2, 20))
    make_finding(patient, kind="erg", category="normal", observed_on=date(2026, 2, 20))
    with on(TODAY):
        page_of(login, patient)
        stored = StoredAssessment.objects.get(patient=patient)
        html = assessment_html(assessment_context(patient, in_force(stored, stored.result)))
    shown = section_of(html)
    assert "Recorded clinical form: intermediate; the TCIRG1 genotype is a classic" in shown
    assert "<strong>ERG abnormality (retinal dysfunction)</strong> on 2026-02-20" in shown


def test_the_stored_rules_version_is_the_cores_naming_code_and_data(login):
    patient = tcirg1_child(date(2025, 12, 1))
    with on(TODAY):
        page = page_of(login, patient)
    stored = StoredAssessment.objects.get(patient=patient)
    assert stored.rules_version == stored.result["rules_version"]
    assert "; sha256 " in stored.rules_version
    assert stored.rules_version in page
