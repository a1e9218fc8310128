"""The ward's surveillance entries: recorded through their services, refused with the field
named when wrong (nothing saved), voided with a reason, and read by the rules.

Expected values from clinical.md: the PH prompt from day -2 to about day +90 on acute
dyspnoea, hypoxia or a brady/tachycardia (Steward 2004; SpO2 < 92 % is in-house); MAGIC skin
stage 3 for a rash over 50 % of the body surface (grade II); the liver from the bilirubin.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.core.gvhd.daily import GvhdAssessment as CoreGvhd
from engraft.core.surveillance.inputs import Echocardiogram, SurveillanceInputs, WardObservation
from engraft.core.surveillance.vod import ImagingStudy
from engraft.record.models import GeneticResult, Study
from engraft.transplant import services_surveillance as entries
from engraft.transplant.models import (
    AdverseEvent,
    ChronicGvhdDiagnosis,
    GvhdAssessment,
    TransplantAlert,
)
from engraft.transplant.models import WardObservation as ObservationRow
from engraft.transplant.selectors_surveillance import (
    prefetched_surveillance_inputs,
    surveillance_inputs,
)
from engraft.transplant.ward import _ward_episodes

from .factories import make_lab
from .url_samples_transplant_ward import make_episode

pytestmark = pytest.mark.django_db
DAY0 = date(2026, 11, 10)
TODAY = DAY0 + timedelta(days=20)  # day +20


def on(day: int) -> date:
    return DAY0 + timedelta(days=day)


@pytest.fixture
def episode():
    with time_machine.travel(datetime.combine(TODAY, time(10)), tick=False):
        yield make_episode(day0=DAY0)


def test_hypoxia_on_day_12_prompts_an_echo_on_the_ward_and_the_page(episode, cast, login):
    entries.record_observation(episode=episode, actor=cast[Role.NURSE], ip=None,
                               observed_on=on(12), spo2_percent=Decimal("89"))  # fmt: skip
    page = (
        login(Role.PHYSICIAN)
        .get(reverse("transplant:patient", args=[episode.patient.public_id]))
        .content.decode()
    )
    assert "Exclude pulmonary hypertension: echocardiography" in page
    assert "SpO2 89 % on day +12" in page
    assert "No echocardiogram recorded since" in page
    (alert,) = TransplantAlert.objects.filter(rule="pulmonary_hypertension_prompt")
    assert alert.raised_for == on(12)


def test_an_echo_after_the_sign_is_named_in_the_prompt(episode, cast):
    entries.record_observation(episode=episode, actor=cast[Role.NURSE], ip=None,
                               observed_on=on(12), acute_dyspnoea=True)  # fmt: skip
    Study.objects.create(patient=episode.patient, code="echocardiogram", performed_on=on(13),
                         performed_by="Cardiology", conclusion="Normal pressures",
                         result="normal")  # fmt: skip
    inputs = surveillance_inputs(episode, TODAY)
    assert inputs.echocardiograms == (Echocardiogram(on(13), pulmonary_hypertension=False),)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"spo2_percent": Decimal("130")}, "spo2_percent"),
        ({"heart_rate": 900}, "heart_rate"),
        ({}, None),  # no value, no sign: a message for the whole form
    ],
)
def test_a_wrong_observation_is_refused_naming_the_field_and_nothing_is_saved(
    episode, cast, values, field
):
    with pytest.raises(ValidationError) as error:
        entries.record_observation(episode=episode, actor=cast[Role.NURSE], ip=None,
                                   observed_on=on(5), **values)  # fmt: skip
    if field is None:
        assert error.value.messages == [
            "Record at least one value or sign: SpO2, heart rate, dyspnoea."
        ]
    else:
        assert field in error.value.message_dict
    assert not ObservationRow.objects.exists()


def test_an_observation_in_the_future_or_before_the_episode_is_refused(episode, cast):
    for when in (TODAY + timedelta(days=1), DAY0 - timedelta(days=200)):
        with pytest.raises(ValidationError) as error:
            entries.record_observation(episode=episode, actor=cast[Role.NURSE], ip=None,
                                       observed_on=when, acute_dyspnoea=True)  # fmt: skip
        assert "observed_on" in error.value.message_dict
    assert not ObservationRow.objects.exists()


def test_a_gvhd_assessment_is_staged_on_the_page_and_a_rash_of_120_percent_is_refused(
    episode, cast, login
):
    with pytest.raises(ValidationError) as error:
        entries.record_gvhd_assessment(
            episode=episode, actor=cast[Role.NURSE], ip=None, assessed_on=on(18),
            rash_bsa_percent=Decimal("120"),
        )  # fmt: skip
    assert "rash_bsa_percent" in error.value.message_dict
    assert not GvhdAssessment.objects.exists()
    entries.record_gvhd_assessment(episode=episode, actor=cast[Role.NURSE], ip=None,
                                   assessed_on=on(18), rash_bsa_percent=Decimal("60"),
                                   upper_gi="no")  # fmt: skip
    page = (
        login(Role.PHYSICIAN)
        .get(reverse("transplant:patient", args=[episode.patient.public_id]))
        .content.decode()
    )
    assert "skin stage 3: rash 60% BSA" in page
    assert "grade II" in page
    assert "liver not assessed (no bilirubin)" in page


def test_chronic_gvhd_is_a_physicians_entry_with_a_valid_onset(episode, cast, login):
    nurse = login(Role.NURSE)
    url = reverse("transplant:add_chronic_gvhd", args=[episode.public_id])
    assert nurse.get(url).status_code == 403
    with pytest.raises(ValidationError) as error:
        entries.record_chronic_gvhd(episode=episode, actor=cast[Role.PHYSICIAN], ip=None,
                                    onset=TODAY + timedelta(days=3), severity="mild")  # fmt: skip
    assert "in the future" in error.value.message_dict["onset"][0]
    with pytest.raises(ValidationError) as error:
        entries.record_chronic_gvhd(episode=episode, actor=cast[Role.PHYSICIAN], ip=None,
                                    onset=DAY0 - timedelta(days=1), severity="mild")  # fmt: skip
    assert "before the infusion" in error.value.message_dict["onset"][0]
    physician = login(Role.PHYSICIAN)
    with time_machine.travel(datetime.combine(TODAY, time(10)), tick=False):
        response = physician.post(url, {"onset": on(15).isoformat(), "severity": "moderate"})
    assert response.status_code == 302
    assert ChronicGvhdDiagnosis.objects.get().severity == "moderate"


def test_an_adverse_event_form_keeps_what_was_typed_and_names_the_missing_description(
    episode, login
):
    client = login(Role.NURSE)
    url = reverse("transplant:add_adverse_event", args=[episode.public_id])
    with time_machine.travel(datetime.combine(TODAY, time(10)), tick=False):
        page = client.post(url, {"onset_on": on(14).isoformat(), "kind": "other", "grade": "2"})
        assert page.status_code == 200
        assert "Say what the event was." in page.content.decode()
        assert f'value="{on(14).isoformat()}"' in page.content.decode()
        assert not AdverseEvent.objects.exists()
        done = client.post(url, {"onset_on": on(14).isoformat(), "kind": "cmv", "grade": "2"})
        assert done.status_code == 302
        listing = client.get(reverse("transplant:surveillance", args=[episode.public_id]))
    assert "CMV reactivation" in listing.content.decode()


def test_voiding_keeps_the_entry_with_its_reason_and_the_rules_stop_reading_it(
    episode, cast, login
):
    row = entries.record_observation(episode=episode, actor=cast[Role.NURSE], ip=None,
                                     observed_on=on(12), acute_dyspnoea=True)  # fmt: skip
    url = reverse("transplant:void_surveillance_entry",
                  args=[episode.public_id, "observation", row.public_id])  # fmt: skip
    client = login(Role.NURSE)
    assert client.post(url, {"reason": "Wrong child's sheet"}).status_code == 302
    row.refresh_from_db()
    assert row.void_reason == "Wrong child's sheet" and row.voided_at is not None
    assert surveillance_inputs(episode, TODAY).observations == ()
    listing = client.get(reverse("transplant:surveillance", args=[episode.public_id]))
    assert "Wrong child&#x27;s sheet" in listing.content.decode()


def test_the_inputs_are_read_from_the_record_and_the_ward_as_written_by_hand(episode, cast):
    patient = episode.patient
    GeneticResult.objects.create(patient=patient, gene="TNFRSF11A", zygosity="homozygous",
                                 testing_lab="Lab", reported_on=date(2026, 6, 1))  # fmt: skip
    GeneticResult.objects.create(patient=patient, gene="CLCN7", zygosity="heterozygous",
                                 testing_lab="Lab", reported_on=date(2026, 6, 1))  # fmt: skip
    for when, findings in ((on(-20), []), (on(-5), ["hepatomegaly"]), (on(15), ["ascites"])):
        Study.objects.create(patient=patient, code="abdominal_ultrasound", performed_on=when,
                             performed_by="Radiology", conclusion="-",
                             result="abnormal" if findings else "normal",
                             result_findings=findings)  # fmt: skip
    Study.objects.create(patient=patient, code="echocardiogram", performed_on=on(16),
                         performed_by="Cardiology", conclusion="see report")  # fmt: skip
    entries.record_observation(episode=episode, actor=cast[Role.NURSE], ip=None,
                               observed_on=on(3), spo2_percent=Decimal("95"), heart_rate=140,
                               heart_rate_abnormal=True)  # fmt: skip
    entries.record_gvhd_assessment(episode=episode, actor=cast[Role.NURSE], ip=None,
                                   assessed_on=on(18), rash_bsa_percent=Decimal("10"),
                                   stool_ml=300, upper_gi="yes")  # fmt: skip
    expected = SurveillanceInputs(
        genes=("TNFRSF11A",),  # the heterozygous CLCN7 is not a deficiency
        birth_date=patient.birth_date,
        baseline_imaging=ImagingStudy(on(-5), hepatomegaly=True, ascites=False),
        imaging=(ImagingStudy(on(15), hepatomegaly=False, ascites=True),),
        observations=(
            WardObservation(on(3), spo2_percent=95.0, heart_rate=140.0, heart_rate_abnormal=True),
        ),
        gvhd=(
            CoreGvhd(
                on(18), rash_bsa_percent=10.0, stool_ml=300.0, persistent_upper_gi_symptoms=True
            ),
        ),
        echocardiograms=(Echocardiogram(on(16), pulmonary_hypertension=None),),
    )
    assert surveillance_inputs(episode, TODAY) == expected
    (prefetched,) = _ward_episodes()
    assert prefetched_surveillance_inputs(prefetched, TODAY) == expected
    # Nothing after the as-of date counts.
    assert surveillance_inputs(episode, on(10)).imaging == ()


def test_the_liver_is_staged_from_the_bilirubin_of_the_day(episode, cast):
    make_lab(episode.patient, analyte="bilirubin", value=3.5, unit="mg/dL",
             collected_at=timezone.make_aware(datetime.combine(on(18), time(7))))  # fmt: skip
    entries.record_gvhd_assessment(episode=episode, actor=cast[Role.NURSE], ip=None,
                                   assessed_on=on(18), rash_bsa_percent=Decimal("0"))  # fmt: skip
    from engraft.transplant.surveillance import episode_surveillance

    latest = episode_surveillance(episode, TODAY).latest_gvhd
    liver = next(o for o in latest.grade.organs if o.organ == "liver")
    assert liver.stage == 2  # bilirubin 3.1-6 mg/dL: stage 2 (MAGIC)
