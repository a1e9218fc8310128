"""The transplant episode: who may open one and when, the donor from the selection, the second
transplant, conditioning and graft on the page, and the audit of each read and write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.record.locking import ConcurrentEditError
from engraft.record.models import BodyMeasurement
from engraft.transplant import services
from engraft.transplant.models import ConditioningAgent, TransplantEpisode

from .factories import make_patient
from .url_samples_transplant import make_episode, open_gate, ready_patient, select_donor

pytestmark = pytest.mark.django_db
TODAY = "2026-12-02 10:00 +00:00"
PLANNED = {
    "day0": date(2026, 12, 20),
    "admitted_on": date(2026, 12, 10),
    "graft_source": "bone_marrow",
    "donor_type": "matched_sibling",
    "regimen": "bu_flu",
}


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


@time_machine.travel(TODAY, tick=False)
def test_episode_is_refused_while_the_readiness_gate_is_closed(cast):
    patient = make_patient()
    open_gate(patient, ready=False)
    select_donor(patient)
    with pytest.raises(ValidationError) as refused:
        services.open_episode(patient=patient, actor=cast[Role.PHYSICIAN], ip=None, fields=PLANNED)
    assert "readiness gate is not open" in messages_of(refused.value)
    assert not TransplantEpisode.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_episode_is_refused_without_a_selected_primary_donor(cast):
    patient = make_patient()
    open_gate(patient)
    select_donor(patient, role="backup")
    with pytest.raises(ValidationError) as refused:
        services.open_episode(patient=patient, actor=cast[Role.PHYSICIAN], ip=None, fields=PLANNED)
    assert "No primary donor is selected" in messages_of(refused.value)


@time_machine.travel(TODAY, tick=False)
def test_episode_takes_the_donor_from_the_selection_and_its_search_snapshot(cast):
    from engraft.donors.models import DonorSearch, HlaTyping

    patient = make_patient()
    open_gate(patient)
    typing = HlaTyping.objects.create(
        patient=patient,
        gl_string="A*01:01",
        normalised="A*01:01",
        typed_on=date(2026, 10, 1),
        method="ngs",
        laboratory="Lab",
        imgt_release="3.55.0",
    )
    hit = {
        "source": "registry",
        "donor_id": "R-1",
        "label": "Registry donor R-1",
        "grade_10": {"label": "9/10"},
        "attributes": {"cmv": "negative", "abo": "A"},
    }
    search = DonorSearch.objects.create(
        patient=patient, patient_typing=typing, imgt_release="3.55.0", results={"results": [hit]}
    )
    select_donor(patient, source="registry", search=search)
    episode = services.open_episode(
        patient=patient,
        actor=cast[Role.PHYSICIAN],
        ip="10.0.0.1",
        fields={
            **PLANNED,
            "donor_type": "mismatched_unrelated",
            "donor_label": "typed over",
            "match_grade": "10/10",
        },
    )
    assert (episode.donor_label, episode.match_grade, episode.donor_cmv, episode.donor_abo) == (
        "Sister Ada",
        "9/10",
        "negative",
        "A",
    )
    assert episode.status == "planned" and episode.number == 1


@time_machine.travel(TODAY, tick=False)
def test_a_planned_day0_may_lie_ahead_but_an_admission_after_day0_is_refused(cast):
    patient = ready_patient()
    with pytest.raises(ValidationError) as refused:
        services.open_episode(
            patient=patient,
            actor=cast[Role.PHYSICIAN],
            ip=None,
            fields={**PLANNED, "admitted_on": date(2026, 12, 21)},
        )
    assert refused.value.message_dict == {
        "admitted_on": ["The admission is after day 0 (the infusion)."]
    }


@time_machine.travel(TODAY, tick=False)
def test_a_second_open_episode_of_the_same_child_is_refused_with_a_message(cast):
    patient = ready_patient()
    services.open_episode(patient=patient, actor=cast[Role.PHYSICIAN], ip=None, fields=PLANNED)
    with pytest.raises(ValidationError) as refused:
        services.open_episode(patient=patient, actor=cast[Role.PHYSICIAN], ip=None, fields=PLANNED)
    assert "already has a transplant episode in progress" in messages_of(refused.value)
    assert patient.transplant_episodes.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_two_episodes_opened_at_the_same_moment_meet_the_constraint_as_a_message(cast):
    patient = ready_patient()
    make_episode(patient, status="planned")
    # The other user's episode is not yet visible when this one checks: the database decides.
    with (
        mock.patch.object(services, "episode_in_progress", return_value=None),
        pytest.raises(ValidationError) as refused,
    ):
        services.open_episode(patient=patient, actor=cast[Role.PHYSICIAN], ip=None, fields=PLANNED)
    assert "opened at the same moment" in messages_of(refused.value)


@time_machine.travel(TODAY, tick=False)
def test_second_transplant_needs_the_first_closed_and_links_it_with_its_reason(cast):
    patient = ready_patient()
    first = make_episode(patient)
    with pytest.raises(ValidationError) as refused:
        services.open_retransplant(
            previous=first,
            actor=cast[Role.PHYSICIAN],
            ip=None,
            fields=PLANNED,
            reason="primary_graft_failure",
        )
    assert "still in progress; close it with a reason first" in messages_of(refused.value)
    first.refresh_from_db()
    assert first.status == "active"  # nothing closed silently
    services.close_episode(
        episode=first,
        actor=cast[Role.PHYSICIAN],
        ip=None,
        closed_on=date(2026, 12, 1),
        reason="primary graft failure",
    )
    with pytest.raises(ValidationError) as no_reason:
        services.open_retransplant(
            previous=first, actor=cast[Role.PHYSICIAN], ip=None, fields=PLANNED, reason=""
        )
    assert "retransplant_reason" in no_reason.value.message_dict
    second = services.open_retransplant(
        previous=first,
        actor=cast[Role.PHYSICIAN],
        ip=None,
        fields=PLANNED,
        reason="primary_graft_failure",
    )
    assert (second.number, second.previous, second.retransplant_reason) == (
        2,
        first,
        "primary_graft_failure",
    )


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("role", [Role.PHYSICIAN, Role.DATA_MANAGER])
def test_physician_or_data_manager_enters_a_past_transplant_without_gate_or_donor(login, role):
    patient = make_patient()
    response = login(role).post(
        reverse("transplant:open_history", args=[patient.public_id]),
        {
            "day0": "2026-10-01",
            "admitted_on": "2026-09-24",
            "graft_source": "cord_blood",
            "donor_type": "cord",
            "manipulation": "none",
            "donor_label": "Cord unit C-77",
        },
    )
    assert response.status_code == 302
    episode = patient.transplant_episodes.get()
    assert episode.entered_as_history and episode.donor_label == "Cord unit C-77"


@time_machine.travel(TODAY, tick=False)
def test_coordinator_may_not_bypass_the_gate_by_entering_history(login):
    patient = make_patient()
    url = reverse("transplant:open_history", args=[patient.public_id])
    assert login(Role.COORDINATOR).post(url, {"day0": "2026-10-01"}).status_code == 403
    assert not TransplantEpisode.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_past_transplant_dated_in_the_future_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        services.open_episode(
            patient=make_patient(),
            actor=cast[Role.DATA_MANAGER],
            ip=None,
            fields={**PLANNED, "donor_label": "Sister"},
            entered_as_history=True,
        )
    assert "is in the future" in " ".join(refused.value.message_dict["day0"])


@time_machine.travel(TODAY, tick=False)
def test_open_form_shows_why_the_episode_cannot_be_opened(login):
    patient = make_patient()
    page = login(Role.PHYSICIAN).get(reverse("transplant:open", args=[patient.public_id]))
    assert "The work-up readiness gate is not open" in page.content.decode()
    assert "No primary donor is selected" in page.content.decode()


def agent(name, dose, unit, first, last):
    return {
        "agent": name,
        "dose": Decimal(dose),
        "unit": unit,
        "first_day": first,
        "last_day": last,
    }


@time_machine.travel(TODAY, tick=False)
def test_conditioning_errors_name_the_agents_row_and_field(cast):
    episode = make_episode()
    with pytest.raises(ValidationError) as refused:
        services.update_conditioning(
            episode=episode,
            actor=cast[Role.PHYSICIAN],
            ip=None,
            version=episode.version,
            regimen="bu_flu",
            gvhd_prophylaxis="",
            defibrotide_prophylaxis=False,
            agents=[
                agent("busulfan", "90", "target AUC mg*h/L", -5, -2),
                agent("fludarabine", "160", "g/m2", -6, -3),
                agent("thiotepa", "10", "mg/kg", -2, 1),
            ],
        )
    errors = refused.value.message_dict
    assert sorted(errors) == ["agents-1-unit", "agents-2-first_day"]
    assert "Fludarabine is not dosed in 'g/m2'" in errors["agents-1-unit"][0]
    assert not ConditioningAgent.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_conditioning_form_shows_the_error_on_the_agents_row(login):
    episode = make_episode()
    url = reverse("transplant:conditioning", args=[episode.public_id])
    data = {
        "version": episode.version,
        "regimen": "bu_flu",
        "agents-TOTAL_FORMS": "2",
        "agents-INITIAL_FORMS": "0",
        "agents-0-agent": "busulfan",
        "agents-0-dose": "90",
        "agents-0-unit": "target AUC mg*h/L",
        "agents-0-first_day": "-5",
        "agents-0-last_day": "-2",
        "agents-1-agent": "fludarabine",
        "agents-1-dose": "160",
        "agents-1-unit": "g/m2",
        "agents-1-first_day": "-6",
        "agents-1-last_day": "-3",
    }
    page = login(Role.PHYSICIAN).post(url, data).content.decode()
    assert 'id="id_agents-1-unit_errors"' in page
    assert "Agent row 2, unit: Fludarabine is not dosed in" in page


@time_machine.travel(TODAY, tick=False)
def test_conditioning_saved_from_a_stale_page_is_refused_naming_who_saved(cast):
    episode = make_episode()
    opened_at = episode.version
    services.update_graft(
        episode=episode,
        actor=cast[Role.COORDINATOR],
        ip=None,
        version=opened_at,
        graft_source="bone_marrow",
        manipulation="none",
        tnc_total=None,
        cd34_total=None,
        cd3_total=None,
    )
    with pytest.raises(ConcurrentEditError) as refused:
        services.update_conditioning(
            episode=TransplantEpisode.objects.get(pk=episode.pk),
            actor=cast[Role.PHYSICIAN],
            ip=None,
            version=opened_at,
            regimen="bu_flu",
            gvhd_prophylaxis="",
            defibrotide_prophylaxis=False,
            agents=[],
        )
    assert "Coordinator saved this conditioning" in str(refused.value)


@time_machine.travel(TODAY, tick=False)
def test_page_shows_conditioning_days_bsa_and_graft_doses_per_kg_of_the_day0_weight(login, cast):
    episode = make_episode(cd34_total=5e7, tnc_total=4e9)  # day 0 is 8 Nov 2026
    for measured_on, kg in (
        (date(2026, 10, 1), 8),
        (date(2026, 11, 7), 10),
        (date(2026, 11, 20), 12),
    ):
        BodyMeasurement.objects.create(
            patient=episode.patient,
            measured_on=measured_on,
            weight_kg=kg,
            height_cm=90 if kg == 10 else None,
        )
    services.update_conditioning(
        episode=episode,
        actor=cast[Role.PHYSICIAN],
        ip=None,
        version=episode.version,
        regimen="bu_flu",
        gvhd_prophylaxis="ciclosporin",
        defibrotide_prophylaxis=True,
        agents=[agent("busulfan", "90", "target AUC mg*h/L", -5, -2)],
    )
    page = login(Role.NURSE).get(reverse("transplant:patient", args=[episode.patient.public_id]))
    text = page.content.decode()
    assert "day -5 to -2" in text
    assert "CD34+ cells 5 x10^6/kg" in text  # 5e7 cells / 10 kg (the weight of 7 Nov)
    assert "Total nucleated cells 4 x10^8/kg" in text
    assert "0.5 m²" in text and "Mosteller" in text  # sqrt(90 * 10 / 3600) = 0.5
    assert "day +24" in text  # 2 Dec 2026 is day +24 of an infusion on 8 Nov


@time_machine.travel(TODAY, tick=False)
def test_page_warns_of_cord_blood_under_reduced_intensity_conditioning(login):
    episode = make_episode(graft_source="cord_blood", donor_type="cord", regimen="other_ric")
    page = login(Role.PHYSICIAN).get(
        reverse("transplant:patient", args=[episode.patient.public_id])
    )
    assert 'class="flag" role="alert"' in page.content.decode()
    assert "cord blood" in page.content.decode().lower()


@time_machine.travel(TODAY, tick=False)
def test_opening_an_episode_and_reading_the_page_are_audited(login, cast):
    patient = ready_patient()
    client = login(Role.PHYSICIAN)
    response = client.post(
        reverse("transplant:open", args=[patient.public_id]),
        {
            "day0": "2026-12-20",
            "admitted_on": "2026-12-10",
            "graft_source": "bone_marrow",
            "donor_type": "matched_sibling",
            "regimen": "bu_flu",
            "manipulation": "none",
        },
    )
    assert response.status_code == 302
    episode = patient.transplant_episodes.get()
    created = AuditEvent.objects.filter(action="create", actor=cast[Role.PHYSICIAN])
    assert any("transplant 1 opened" in e.summary for e in created)
    client.get(reverse("transplant:patient", args=[patient.public_id]))
    assert AuditEvent.objects.filter(action="view", summary__contains="/staff/transplant/").exists()
    assert episode.donor_label == "Sister Ada"


@time_machine.travel(TODAY, tick=False)
def test_a_planned_day0_is_moved_ahead_but_an_admission_that_took_place_is_not_future(cast):
    planned = make_episode(status="planned", admitted_on=None, day0=date(2026, 12, 20))
    services.reschedule_episode(
        episode=planned,
        actor=cast[Role.PHYSICIAN],
        ip=None,
        version=planned.version,
        admitted_on=date(2026, 12, 15),
        day0=date(2026, 12, 27),
    )
    planned.refresh_from_db()
    assert (planned.admitted_on, planned.day0) == (date(2026, 12, 15), date(2026, 12, 27))
    active = make_episode()
    with pytest.raises(ValidationError) as refused:
        services.reschedule_episode(
            episode=active,
            actor=cast[Role.PHYSICIAN],
            ip=None,
            version=active.version,
            admitted_on=date(2026, 12, 5),
            day0=date(2026, 12, 9),
        )
    assert "is in the future" in refused.value.message_dict["admitted_on"][0]
