"""From the database to the outcomes core: each event of a built episode, mapped by hand.

The expected values are written here from the data each test builds (ASTCT 2021: neutrophil
engraftment is the first of 3 days with ANC >= 0.5 x10^9/L; primary graft failure after a
marrow graft is no engraftment by day +30), never from the selector's code.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from engraft.core.assessment.case import DonorType
from engraft.core.outcomes import analyse
from engraft.core.outcomes.records import DeathCause, Event
from engraft.core.transplant.episode import GraftSource
from engraft.outcomes.models import VitalStatus
from engraft.outcomes.selectors import transplant_cohort
from engraft.transplant.models import ChronicGvhdDiagnosis

from .factories import make_patient
from .url_samples_transplant_ward import add_counts, make_episode

pytestmark = pytest.mark.django_db

DAY0 = date(2025, 3, 1)
TODAY = date(2026, 12, 2)
# Aplasia to day +13, then counts >= 0.5: engraftment on day +14.
ENGRAFTING = {d: 0.1 for d in range(0, 14)} | {d: 1.0 for d in range(14, 40)}
NO_RECOVERY = {d: 0.1 for d in range(0, 44)}


def vital(patient, **fields) -> VitalStatus:
    return VitalStatus.objects.create(patient=patient, **fields)


def only(cohort):
    assert len(cohort.outcomes) == 1, cohort.left_out
    return cohort.outcomes[0]


def test_an_engrafted_transplant_with_chronic_gvhd_and_a_child_alive():
    patient = make_patient(birth_date=date(2025, 1, 1))
    episode = make_episode(patient, day0=DAY0, regimen="bu_flu", donor_type="matched_unrelated")
    add_counts(episode, "anc", ENGRAFTING)
    ChronicGvhdDiagnosis.objects.create(
        episode=episode, onset=DAY0 + timedelta(days=150), severity="mild"
    )
    vital(patient, status="alive", last_contact_on=date(2026, 6, 1))
    o = only(transplant_cohort(TODAY))
    assert o.transplant_id == str(episode.public_id)
    assert o.transplant_date == DAY0
    assert o.age_at_transplant_days == 59  # 1 Jan to 1 Mar 2025
    assert o.donor_type is DonorType.MUD
    assert o.graft_source is GraftSource.BONE_MARROW
    assert o.conditioning == "bu_flu"
    assert o.neutrophil_engraftment == Event.on(14)
    assert o.graft_failure == Event.none()
    assert o.second_transplant == Event.none()
    assert o.cgvhd == Event.on(150)
    assert o.death == Event.none()
    assert o.last_contact_day == (date(2026, 6, 1) - DAY0).days  # 457
    # No GVHD assessment, no imaging, no calcium: the surveillance events are not known.
    assert o.agvhd_2_4 == Event.unknown()
    assert o.vod == Event.unknown()
    assert o.hypercalcaemia == Event.unknown()


def test_a_primary_graft_failure_then_a_second_transplant_and_a_death():
    patient = make_patient(birth_date=date(2024, 12, 1))
    first = make_episode(patient, day0=DAY0, status="closed", closed_on=DAY0 + timedelta(days=50))
    add_counts(first, "anc", NO_RECOVERY)
    second = make_episode(
        patient, day0=DAY0 + timedelta(days=60), number=2, previous=first,
        retransplant_reason="primary_graft_failure", donor_type="haploidentical",
    )  # fmt: skip
    died = DAY0 + timedelta(days=200)
    vital(patient, status="dead", last_contact_on=died, died_on=died, cause="infection")
    cohort = transplant_cohort(TODAY)
    by_id = {o.transplant_id: o for o in cohort.outcomes}
    one, two = by_id[str(first.public_id)], by_id[str(second.public_id)]
    assert one.neutrophil_engraftment == Event.none()
    assert one.graft_failure == Event.on(30)  # no engraftment by day +30 after marrow
    assert one.second_transplant == Event.on(60)
    assert one.death == Event.on(200) and one.last_contact_day == 200
    assert one.death_cause is DeathCause.INFECTION
    assert two.donor_type is DonorType.MMRD
    assert two.death == Event.on(140) and two.last_contact_day == 140
    assert two.second_transplant == Event.none()
    # The second graft has no counts at all: engraftment and graft failure are not known.
    assert two.neutrophil_engraftment == Event.unknown()
    assert two.graft_failure == Event.unknown()


def test_without_a_vital_status_death_is_unknown_and_follow_up_ends_with_the_data():
    patient = make_patient(birth_date=date(2025, 1, 1))
    episode = make_episode(patient, day0=DAY0)
    add_counts(episode, "anc", ENGRAFTING)
    o = only(transplant_cohort(TODAY))
    assert o.death == Event.unknown()
    assert o.last_contact_day == 39  # the last ANC
    analysis = analyse([o], "os")
    assert analysis.excluded == {"death not known": 1}


def test_a_child_who_died_before_engrafting_has_the_competing_event_only():
    patient = make_patient(birth_date=date(2025, 1, 1))
    episode = make_episode(patient, day0=DAY0)
    add_counts(episode, "anc", {d: 0.1 for d in range(0, 12)})
    died = DAY0 + timedelta(days=12)
    vital(patient, status="dead", last_contact_on=died, died_on=died, cause="vod")
    o = only(transplant_cohort(TODAY))
    assert o.neutrophil_engraftment == Event.none()
    assert o.graft_failure == Event.none()
    assert o.death == Event.on(12)
    assert o.death_cause is DeathCause.VOD


def test_a_transplant_not_yet_given_is_not_in_the_cohort():
    make_episode(make_patient(), day0=TODAY + timedelta(days=5), status="planned")
    assert transplant_cohort(TODAY).outcomes == ()


def test_engraft_outcomes_analyse_from_db_reads_the_episodes_and_is_audited(capsys):
    import json

    from engraft.audit.models import AuditEvent
    from engraft.commands.outcomes import run

    patient = make_patient(birth_date=date(2025, 1, 1))
    episode = make_episode(patient, day0=DAY0)
    add_counts(episode, "anc", ENGRAFTING)
    vital(patient, status="alive", last_contact_on=date(2026, 6, 1))
    code = run(["analyse", "--from-db", "--endpoint", "engraftment", "--format", "json",
                "--suppress-below", "0"])  # fmt: skip
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    summary = next(t for t in document["tables"] if t["id"] == "summary")
    assert summary["rows"][0]["transplants"] == 1 and summary["rows"][0]["events"] == 1
    event = AuditEvent.objects.latest("id")
    assert event.summary.startswith("engraft outcomes analyse --from-db: 1 transplant(s)")


def test_engraft_outcomes_analyse_wants_a_file_or_the_database(capsys):
    from engraft.commands.outcomes import run

    assert run(["analyse", "--endpoint", "os"]) == 2
    assert "give either FILE.csv or --from-db" in capsys.readouterr().err
