"""The ward's flowsheet and support entries: values go through the record's lab checks, a
sheet is saved whole or not at all, errors name the analyte and the day, and the computed
engraftment day appears on the transplant page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.record.models import BodyMeasurement, LabResult
from engraft.transplant import services
from engraft.transplant.models import Transfusion

from .url_samples_transplant import make_episode

pytestmark = pytest.mark.django_db
TODAY = "2026-12-02 10:00 +00:00"  # day +24 of an infusion on 8 Nov 2026


@time_machine.travel(TODAY, tick=False)
def test_a_days_values_are_stored_as_the_records_lab_results_in_canonical_units(cast):
    episode = make_episode()
    day = date(2026, 11, 20)
    written = services.record_daily_values(
        episode=episode,
        actor=cast[Role.NURSE],
        ip="10.0.0.9",
        day=day,
        values={"anc": "0.4", "hb": "95", "creatinine": "30", "weight": "9.8"},
    )
    assert written == 4
    stored = {r.analyte: (round(r.value, 3), r.unit) for r in LabResult.objects.all()}
    # Hb 95 g/L = 9.5 g/dL; creatinine 30 umol/L = 0.339 mg/dL (x 1/88.4).
    assert stored == {
        "anc": (0.4, "10*9/L"),
        "haemoglobin": (9.5, "g/dL"),
        "creatinine": (0.339, "mg/dL"),
    }
    assert BodyMeasurement.objects.get().weight_kg == Decimal("9.80")
    assert {r.collected_at.date() for r in LabResult.objects.all()} == {day}


@time_machine.travel(TODAY, tick=False)
def test_a_value_typed_with_its_reported_unit_is_converted_and_an_unknown_unit_named(cast):
    episode = make_episode()
    day = date(2026, 11, 29)
    services.record_daily_values(
        episode=episode, actor=cast[Role.NURSE], ip=None, day=day,
        values={"calcium": "11.4 mg/dL", "bilirubin": "2.5 mg/dL"},
    )  # fmt: skip
    stored = {r.analyte: (round(r.value, 2), r.unit, r.entered_value, r.entered_unit)
              for r in LabResult.objects.all()}  # fmt: skip
    # The record keeps calcium and bilirubin in mg/dL, and what was typed.
    assert stored["calcium"] == (11.4, "mg/dL", "11.4", "mg/dL")
    assert stored["bilirubin"] == (2.5, "mg/dL", "2.5", "mg/dL")
    with pytest.raises(ValidationError) as error:
        services.record_daily_values(
            episode=episode, actor=cast[Role.NURSE], ip=None, day=day,
            values={"calcium": "11.4 furlongs"},
        )  # fmt: skip
    assert "furlongs" in str(error.value) and "Calcium" in str(error.value)


@time_machine.travel(TODAY, tick=False)
def test_one_wrong_value_saves_nothing_of_the_sheet_and_names_analyte_and_day(cast):
    episode = make_episode()
    with pytest.raises(ValidationError) as refused:
        services.record_flowsheet(
            episode=episode,
            actor=cast[Role.NURSE],
            ip=None,
            days={
                date(2026, 11, 19): {"anc": "0.2", "platelets": "15"},
                date(2026, 11, 20): {"anc": "abc", "hb": "90", "platelets": "9000"},
            },
        )
    errors = refused.value.message_dict
    assert sorted(errors) == ["2026-11-20-anc", "2026-11-20-platelets"]
    assert errors["2026-11-20-anc"][0].startswith("ANC on 20 Nov 2026 (day +12):")
    assert "physiologically possible" in errors["2026-11-20-platelets"][0]
    assert not LabResult.objects.exists()
    assert not AuditEvent.objects.filter(summary__startswith="lab ").exists()


@time_machine.travel(TODAY, tick=False)
def test_a_value_dated_in_the_future_is_refused(cast):
    episode = make_episode()
    with pytest.raises(ValidationError) as refused:
        services.record_daily_values(
            episode=episode,
            actor=cast[Role.NURSE],
            ip=None,
            day=date(2026, 12, 3),
            values={"anc": "1.0"},
        )
    assert "in the future" in refused.value.message_dict["2026-12-03-anc"][0]


@time_machine.travel(TODAY, tick=False)
def test_flowsheet_keeps_typed_values_and_shows_the_error_in_its_cell(login):
    episode = make_episode()
    url = reverse("transplant:flowsheet", args=[episode.public_id])
    response = login(Role.NURSE).post(
        url, {"2026-11-20-anc": "0,4x", "2026-11-20-hb": "91", "2026-11-21-platelets": "25"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="cell-2026-11-20-anc" value="0,4x" aria-invalid="true"' in page
    assert 'id="cell-2026-11-20-anc-errors"' in page
    assert 'value="91"' in page and 'value="25"' in page  # the right values stay typed
    assert "Nothing was saved" in page
    assert not LabResult.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_flowsheet_shows_saved_values_and_an_unchanged_sheet_adds_nothing(login):
    episode = make_episode()
    url = reverse("transplant:flowsheet", args=[episode.public_id])
    client = login(Role.NURSE)
    assert client.post(url, {"2026-11-20-hb": "91", "2026-11-20-weight": "9.5"}).status_code == 302
    page = client.get(url).content.decode()
    assert 'id="cell-2026-11-20-hb" value="91"' in page
    assert 'id="cell-2026-11-20-weight" value="9.5"' in page
    client.post(url, {"2026-11-20-hb": "91", "2026-11-20-weight": "9.5"})
    assert LabResult.objects.count() == 1 and BodyMeasurement.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_changed_cell_voids_the_old_value_with_a_reason_and_adds_the_new(login):
    episode = make_episode()
    url = reverse("transplant:flowsheet", args=[episode.public_id])
    client = login(Role.NURSE)
    client.post(url, {"2026-11-20-anc": "0.4"})
    client.post(url, {"2026-11-20-anc": "0.6"})
    old, new = LabResult.objects.order_by("id")
    assert old.is_voided and old.void_reason == "replaced in the transplant flowsheet"
    assert (new.is_voided, new.value) == (False, 0.6)


@time_machine.travel(TODAY, tick=False)
def test_flowsheet_rows_run_from_the_admission_to_today_with_day_labels(login):
    episode = make_episode(admitted_on=date(2026, 11, 1))  # day -7
    page = login(Role.NURSE).get(reverse("transplant:flowsheet", args=[episode.public_id]))
    text = page.content.decode()
    assert 'id="row-2026-11-01"' in text and 'id="row-2026-12-02"' in text
    assert 'id="row-2026-12-03"' not in text and 'id="row-2026-10-31"' not in text
    assert "<td>day -7</td>" in text and "<td>day +24</td>" in text


@time_machine.travel(TODAY, tick=False)
def test_engraftment_day_appears_on_the_page_after_the_counts_are_entered(login, cast):
    episode = make_episode()
    day0 = episode.day0
    # ANC falls to a nadir on day +5, then is >= 0.5 from day +14 on: engraftment day +14.
    anc = {d: "0.1" for d in range(1, 14)} | {d: "0.8" for d in range(14, 25)}
    days = {day0 + timedelta(days=d): {"anc": v, "platelets": "30"} for d, v in anc.items()}
    services.record_flowsheet(episode=episode, actor=cast[Role.NURSE], ip=None, days=days)
    page = login(Role.PHYSICIAN).get(
        reverse("transplant:patient", args=[episode.patient.public_id])
    )
    text = page.content.decode()
    assert "neutrophil engraftment on day +14 (2026-11-22)" in text
    assert "Qualifying days: 22 Nov 2026 (day +14)" in text


@time_machine.travel(TODAY, tick=False)
def test_transfusion_is_recorded_and_voided_only_with_a_reason(cast, login):
    episode = make_episode()
    row = services.record_transfusion(
        episode=episode,
        actor=cast[Role.NURSE],
        ip=None,
        given_on=date(2026, 11, 15),
        product="platelets",
        volume_ml=Decimal("50"),
    )
    with pytest.raises(ValidationError):
        services.void_entry(entry=row, actor=cast[Role.NURSE], ip=None, reason=" ")
    url = reverse("transplant:void_support", args=[episode.public_id, "transfusion", row.public_id])
    assert login(Role.NURSE).post(url, {"reason": "wrong patient"}).status_code == 302
    row = Transfusion.objects.get()
    assert row.is_voided and row.void_reason == "wrong patient"
    assert AuditEvent.objects.filter(summary__contains=f"voided transfusion {row.public_id}")


@time_machine.travel(TODAY, tick=False)
def test_transfusion_in_the_future_is_refused_naming_the_field(cast):
    with pytest.raises(ValidationError) as refused:
        services.record_transfusion(
            episode=make_episode(),
            actor=cast[Role.NURSE],
            ip=None,
            given_on=date(2026, 12, 5),
            product="red_cells",
        )
    assert "given_on" in refused.value.message_dict


@time_machine.travel(TODAY, tick=False)
def test_chimerism_outside_0_to_100_percent_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        services.record_chimerism(
            episode=make_episode(),
            actor=cast[Role.PHYSICIAN],
            ip=None,
            sampled_on=date(2026, 11, 30),
            lineage="cd3",
            donor_percent=Decimal("101"),
        )
    assert "donor_percent" in refused.value.message_dict


@time_machine.travel(TODAY, tick=False)
def test_a_saved_flowsheet_is_audited_with_the_days_it_wrote(login, cast):
    episode = make_episode()
    login(Role.NURSE).post(
        reverse("transplant:flowsheet", args=[episode.public_id]), {"2026-11-20-anc": "0.4"}
    )
    assert AuditEvent.objects.filter(
        actor=cast[Role.NURSE], summary="flowsheet: 1 value(s) for 2026-11-20"
    ).exists()
    assert AuditEvent.objects.filter(actor=cast[Role.NURSE], summary="lab anc").exists()
