"""Enrolment: each step of a child in a trial, the screening log and its CSV, and the FHIR export.

Steps follow issue 13 section 3: screened, eligible, approached, consented (date and consent
version), enrolled (arm and study subject id), withdrawn (reason) or completed; "not enrolled"
(with a reason) ends a screening before enrolment. Each step says who and when, is audited
against the child, and a refused one changes nothing. Today is fixed at 1 Dec 2026.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.trials import services
from engraft.trials.models import Enrolment, EnrolmentStep

from .factories import make_patient
from .url_samples_trials import make_trial

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
NCT = "NCT90000001"
ARM = "Haplo TCRab-depleted"  # the only arm the shipped NCT90000001 record publishes


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.combine(TODAY, time(10), tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def trial():
    return make_trial(NCT)


@pytest.fixture
def child():
    return make_patient(given_names="Alva", family_name="Testchild")


def nov(day: int) -> date:
    return date(2026, 11, day)


def post_step(client, patient, status: str, on: date, *, nct_id: str = NCT, **fields):
    """Send the step form of ``nct_id`` on the child's trials page (its fields are prefixed)."""
    enrolment = Enrolment.objects.filter(patient=patient, trial__nct_id=nct_id).first()
    data = {"status": status, "on": on.isoformat(),
            "version": enrolment.version if enrolment else "", **fields}  # fmt: skip
    return client.post(
        reverse("trials:record_step", args=[patient.public_id, nct_id]),
        {f"{nct_id}-{name}": value for name, value in data.items()},
    )


def step(patient, trial, status: str, on: date, actor, **details):
    return services.record_enrolment_step(
        patient=patient, trial=trial, status=status, on=on, actor=actor, ip=None, **details
    )


def saved_state(patient):
    """Everything a refused step must leave as it was."""
    enrolment = Enrolment.objects.filter(patient=patient).values().first()
    steps = list(EnrolmentStep.objects.filter(enrolment__patient=patient).values())
    return enrolment, steps, AuditEvent.objects.filter(action="change").count()


# The steps ----------------------------------------------------------------------------------


def test_the_steps_in_order_each_recorded_with_who_and_when_and_audited(trial, child, login, cast):
    client = login(Role.COORDINATOR)
    steps = [
        ("screened", nov(1), {}),
        ("eligible", nov(5), {}),
        ("approached", nov(10), {"note": "Met the parents in clinic"}),
        ("consented", nov(15), {"consent_version": "v2.1 (Sep 2026)"}),
        ("enrolled", nov(20), {"arm": ARM, "study_subject_id": "ENG-001-07"}),
    ]
    for status, on, fields in steps:
        response = post_step(client, child, status, on, **fields)
        assert response.status_code == 302, (status, response.content.decode()[:2000])
        expected = reverse("trials:patient", args=[child.public_id]) + f"#{NCT}"
        assert response["Location"] == expected

    enrolment = Enrolment.objects.get(patient=child, trial=trial)
    assert (enrolment.status, enrolment.status_on, enrolment.screened_on) == (
        "enrolled", nov(20), nov(1),
    )  # fmt: skip
    assert (enrolment.consented_on, enrolment.consent_version) == (nov(15), "v2.1 (Sep 2026)")
    assert (enrolment.arm, enrolment.study_subject_id) == (ARM, "ENG-001-07")
    rows = list(enrolment.steps.values_list("status", "on", "recorded_by"))
    coordinator = cast[Role.COORDINATOR].pk
    assert rows == [(status, on, coordinator) for status, on, _ in steps]
    events = AuditEvent.objects.filter(action="change", object_type="record.Patient")
    assert sorted(events.values_list("summary", flat=True)) == sorted(
        [
            "trial NCT90000001: screened on 2026-11-01",
            "trial NCT90000001: eligible on 2026-11-05",
            "trial NCT90000001: approached on 2026-11-10",
            "trial NCT90000001: consented on 2026-11-15",
            "trial NCT90000001: enrolled on 2026-11-20",
        ]
    )
    assert set(events.values_list("object_id", "actor")) == {(str(child.public_id), coordinator)}
    page = html.unescape(
        client.get(reverse("trials:patient", args=[child.public_id])).content.decode()
    )
    assert "Approached on 10 Nov 2026 by Coordinator. Met the parents in clinic" in page
    assert "Consented on 15 Nov 2026 by Coordinator; consent form version: v2.1 (Sep 2026)" in page
    assert f"Enrolled on 20 Nov 2026 by Coordinator; arm: {ARM}; study subject id: ENG-001-07" in (
        page
    )


def test_a_step_out_of_order_is_refused_naming_the_status(trial, child, cast):
    coordinator = cast[Role.COORDINATOR]
    with pytest.raises(ValidationError) as first:
        step(child, trial, "eligible", nov(1), coordinator)
    assert first.value.message_dict == {"status": ["The first step is screening."]}

    step(child, trial, "screened", nov(1), coordinator)
    before = saved_state(child)
    with pytest.raises(ValidationError) as skipped:
        step(child, trial, "consented", nov(2), coordinator, consent_version="v1")
    assert skipped.value.message_dict == {
        "status": ["The child is screened; the next step can be eligible or not enrolled."]
    }
    assert saved_state(child) == before


def test_the_form_offers_only_the_next_steps_and_refuses_another(trial, child, login, cast):
    step(child, trial, "screened", nov(1), cast[Role.COORDINATOR])
    before = saved_state(child)

    response = post_step(login(Role.PHYSICIAN), child, "enrolled", nov(2), arm=ARM,
                         study_subject_id="ENG-1")  # fmt: skip

    assert response.status_code == 400
    form = response.context["rows"][0]["form"]
    assert list(form.errors) == ["status"]
    assert [value for value, _ in form.fields["status"].choices] == ["eligible", "not_enrolled"]
    assert saved_state(child) == before


def test_a_future_date_is_refused(trial, child, login):
    response = post_step(login(Role.COORDINATOR), child, "screened", date(2026, 12, 2))

    assert response.status_code == 400
    assert "2 Dec 2026 is in the future." in response.content.decode()
    assert saved_state(child) == (None, [], 0)


def test_a_date_before_the_previous_step_is_refused(trial, child, login, cast):
    step(child, trial, "screened", nov(10), cast[Role.COORDINATOR])
    before = saved_state(child)

    response = post_step(login(Role.COORDINATOR), child, "eligible", nov(9))

    assert response.status_code == 400
    assert "9 Nov 2026 is before the previous step (10 Nov 2026)." in response.content.decode()
    assert saved_state(child) == before


def test_consent_without_a_version_is_refused_and_the_form_keeps_what_was_typed(
    trial, child, login, cast
):
    for status, on in (("screened", nov(1)), ("eligible", nov(2)), ("approached", nov(3))):
        step(child, trial, status, on, cast[Role.COORDINATOR])
    before = saved_state(child)

    response = post_step(login(Role.COORDINATOR), child, "consented", nov(4),
                         note="Both parents signed in clinic")  # fmt: skip

    assert response.status_code == 400
    text = response.content.decode()
    assert "Give the version of the consent form signed." in text
    form = response.context["rows"][0]["form"]
    assert list(form.errors) == ["consent_version"]
    assert 'value="Both parents signed in clinic"' in text
    assert 'value="2026-11-04"' in text
    assert '<option value="consented" selected>' in text
    assert saved_state(child) == before


def test_withdrawal_needs_a_reason(trial, child, login, cast):
    for status, on, details in (
        ("screened", nov(1), {}), ("eligible", nov(2), {}), ("approached", nov(3), {}),
        ("consented", nov(4), {"consent_version": "v1"}),
    ):  # fmt: skip
        step(child, trial, status, on, cast[Role.COORDINATOR], **details)
    before = saved_state(child)
    client = login(Role.PHYSICIAN)

    refused = post_step(client, child, "withdrawn", nov(6))
    assert refused.status_code == 400
    assert "Say why the child was withdrawn." in refused.content.decode()
    assert saved_state(child) == before

    done = post_step(client, child, "withdrawn", nov(6), reason_text="The family moved abroad")
    assert done.status_code == 302
    enrolment = Enrolment.objects.get(patient=child)
    assert (enrolment.status, enrolment.reason_text) == ("withdrawn", "The family moved abroad")
    # A withdrawn child's consent stays on the record: it happened.
    assert (enrolment.consented_on, enrolment.consent_version) == (nov(4), "v1")


def test_a_stale_enrolment_form_gets_409_and_the_other_step_is_kept(trial, child, client, cast):
    step(child, trial, "screened", nov(1), cast[Role.COORDINATOR])
    opened_at = Enrolment.objects.get(patient=child).version
    client.force_login(cast[Role.PHYSICIAN])
    assert post_step(client, child, "eligible", nov(2), version=opened_at).status_code == 302
    client.force_login(cast[Role.COORDINATOR])

    response = post_step(client, child, "not_enrolled", nov(3), version=opened_at,
                         not_enrolled_reason="declined", reason_text="No")  # fmt: skip

    assert response.status_code == 409
    assert "Physician saved this enrolment on 01 Dec 2026 at 10:00" in response.content.decode()
    enrolment = Enrolment.objects.get(patient=child)
    assert (enrolment.status, enrolment.not_enrolled_reason) == ("eligible", "")
    assert list(enrolment.steps.values_list("status", flat=True)) == ["screened", "eligible"]


# The screening log ------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("https://example.org","moved")'


@pytest.fixture
def screenings(trial, cast):
    """Five children screened for NCT90000001 (one a day from 1 Nov); NCT90000002 none."""
    make_trial("NCT90000002")
    who = cast[Role.COORDINATOR]
    children = [
        make_patient(given_names=name, family_name="Screenchild", hospital_number=f"H{n}0042")
        for n, name in enumerate(["Ysolde", "Quenby", "Xanthe", "Wrenna", "Zinnia"], 1)
    ]
    enrolled, withdrawn, declined, ineligible, _only_screened = children
    for n, patient in enumerate(children, 1):
        step(patient, trial, "screened", nov(n), who)
    for patient in (enrolled, withdrawn):
        step(patient, trial, "eligible", nov(10), who)
        step(patient, trial, "approached", nov(11), who)
        step(patient, trial, "consented", nov(12), who, consent_version="v2.1")
    step(enrolled, trial, "enrolled", nov(13), who, arm=ARM, study_subject_id="ENG-001-07")
    step(withdrawn, trial, "withdrawn", nov(20), who, reason_text=FORMULA)
    step(declined, trial, "not_enrolled", nov(14), who, not_enrolled_reason="declined",
         reason_text="The family chose not to take part")  # fmt: skip
    step(ineligible, trial, "not_enrolled", nov(15), who, not_enrolled_reason="not_eligible",
         reason_text="Bilirubin above the limit")  # fmt: skip
    return children


def accrual_row(page: str, nct_id: str) -> list[str]:
    row = re.search(rf'<tr><th scope="row">{nct_id}<br>.*?</tr>', page, re.S).group(0)
    return [html.unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]


def test_the_screening_log_counts_each_step_and_the_reasons_not_enrolled(screenings, login):
    response = login(Role.DATA_MANAGER).get(reverse("trials:screening"))

    assert response.status_code == 200
    page = response.content.decode()
    # screened, eligible, approached, consented, enrolled, completed, withdrawn, not enrolled:
    # the withdrawn child counts as consented (and approached, eligible) and as withdrawn.
    assert accrual_row(page, "NCT90000001") == [
        "5", "2", "2", "2", "1", "0", "1", "2: family declined 1; not eligible 1",
    ]  # fmt: skip
    assert accrual_row(page, "NCT90000002") == ["0", "0", "0", "0", "0", "0", "0", "0"]
    for patient in screenings:
        assert patient.given_names not in page
        assert patient.hospital_number not in page
    assert "Screenchild" not in page


def read_csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_screening_log_csv_names_no_child_and_neutralises_a_formula(screenings, login, cast):
    response = login(Role.DATA_MANAGER).get(reverse("trials:screening_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="screening-log-2026-12-01.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.splitlines()[0] == (
        "nct_id,screening_number,screened_on,eligible_on,approached_on,consented_on,"
        "consent_version,enrolled_on,arm,study_subject_id,completed_on,withdrawn_on,"
        "not_enrolled_on,status,reason_not_enrolled,reason"
    )
    rows = read_csv(response)
    assert [r["status"] for r in rows] == [
        "enrolled", "withdrawn", "not_enrolled", "not_enrolled", "screened",
    ]  # fmt: skip
    enrolled, withdrawn, declined, ineligible, screened = rows
    assert (enrolled["consented_on"], enrolled["consent_version"], enrolled["enrolled_on"]) == (
        "2026-11-12", "v2.1", "2026-11-13",
    )  # fmt: skip
    assert (enrolled["arm"], enrolled["study_subject_id"]) == (ARM, "ENG-001-07")
    assert (withdrawn["consented_on"], withdrawn["withdrawn_on"]) == ("2026-11-12", "2026-11-20")
    assert withdrawn["reason"] == "'" + FORMULA
    assert (declined["reason_not_enrolled"], declined["not_enrolled_on"]) == (
        "Family declined", "2026-11-14",
    )  # fmt: skip
    assert ineligible["reason_not_enrolled"] == "Not eligible"
    assert (screened["screened_on"], screened["eligible_on"]) == ("2026-11-05", "")
    for patient in screenings:
        for personal in (patient.given_names, patient.hospital_number, str(patient.public_id),
                         patient.birth_date.isoformat()):  # fmt: skip
            assert personal not in text
    assert "Screenchild" not in text
    event = AuditEvent.objects.get(action="export", object_type="trials.Enrolment")
    assert event.actor == cast[Role.DATA_MANAGER]


# The FHIR Bundle --------------------------------------------------------------------------------


def test_the_bundle_has_the_study_and_the_childs_participation_only(trial, child, login, cast):
    who = cast[Role.COORDINATOR]
    for status, on, details in (
        ("screened", nov(1), {}), ("eligible", nov(2), {}), ("approached", nov(3), {}),
        ("consented", nov(4), {"consent_version": "v2.1"}),
        ("enrolled", nov(5), {"arm": ARM, "study_subject_id": "ENG-001-07"}),
    ):  # fmt: skip
        step(child, trial, status, on, who, **details)
    other = make_patient(given_names="Other", family_name="Child")
    step(other, trial, "screened", nov(6), who)
    step(other, make_trial("NCT90000002"), "screened", nov(6), who)

    response = login(Role.DATA_MANAGER).get(reverse("record:fhir_export", args=[child.public_id]))

    assert response.status_code == 200
    bundle = json.loads(response.content)
    resources = [entry["resource"] for entry in bundle["entry"]]
    (patient,) = [r for r in resources if r["resourceType"] == "Patient"]
    assert patient["id"] == str(child.public_id)
    (study,) = [r for r in resources if r["resourceType"] == "ResearchStudy"]
    assert study["id"] == "NCT90000001"
    assert [i["value"] for i in study["identifier"]] == ["NCT90000001"]
    assert study["status"] == "active"  # open at the centre
    (subject,) = [r for r in resources if r["resourceType"] == "ResearchSubject"]
    enrolment = Enrolment.objects.get(patient=child)
    assert subject["id"] == str(enrolment.public_id)
    assert subject["status"] == "on-study"
    assert subject["individual"] == {"reference": f"Patient/{child.public_id}"}
    assert subject["study"] == {"reference": "ResearchStudy/NCT90000001"}
    assert subject["period"] == {"start": "2026-11-01"}
    assert subject["actualArm"] == ARM
    assert [i["value"] for i in subject["identifier"]] == ["ENG-001-07"]
    text = response.content.decode()
    for theirs in Enrolment.objects.filter(patient=other):
        assert str(theirs.public_id) not in text
    assert str(other.public_id) not in text
    assert "NCT90000002" not in text
