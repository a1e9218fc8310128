"""The growth page: both charts, every height and weight with its SDS, before and after day 0.

Expected SDS (worked by hand from the WHO expanded LMS tables, see
tests/unit/growth/test_zscores.py): a boy born 1 Jan 2025 weighing 7.0 kg on 3 Jul 2025 (day
183) has SDS -1.14, centile 12.7; 8.5 kg on 1 Oct 2025 is toolchain.md's example, SDS -0.41,
centile 33.9. Day 0 is 1 Sep 2025: 3 Jul is day -60, 1 Oct day +30.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.record.models import BodyMeasurement

from .factories import make_patient
from .url_samples_transplant import make_episode

pytestmark = pytest.mark.django_db

BORN = date(2025, 1, 1)
DAY0 = date(2025, 9, 1)


def _measure(patient, on: date, weight: str | None = None, height: str | None = None, **kw):
    return BodyMeasurement.objects.create(
        patient=patient,
        measured_on=on,
        weight_kg=Decimal(weight) if weight else None,
        height_cm=Decimal(height) if height else None,
        **kw,
    )


def _page(client, patient):
    response = client.get(reverse("transplant:growth", args=[patient.public_id]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def transplanted_boy():
    patient = make_patient(birth_date=BORN, sex="male")
    make_episode(patient=patient, admitted_on=date(2025, 8, 20), day0=DAY0)
    _measure(patient, date(2025, 7, 3), weight="7.0", height="66.0")
    _measure(patient, date(2025, 10, 1), weight="8.5", height="70.5")
    return patient


def test_a_transplanted_child_sees_both_charts_with_the_day_0_line(login, transplanted_boy):
    html = _page(login(Role.PHYSICIAN), transplanted_boy)
    assert html.count("<svg") == 2
    assert "Height-for-age, UK-WHO, boys" in html
    assert "Weight-for-age, UK-WHO, boys" in html
    assert html.count('id="day0-transplant-1"') == 2
    assert "day 0, transplant 1" in html
    assert 'id="weight-points-pre"' in html and 'id="weight-points-post"' in html


def test_the_table_gives_each_weights_sds_centile_and_day_from_day_0(login, transplanted_boy):
    html = " ".join(_page(login(Role.NURSE), transplanted_boy).split())
    before = (
        '<th scope="row">3 Jul 2025</th> <td>6 months</td> <td>Weight</td> <td>7 kg</td> '
        "<td>-1.14</td><td>12.7</td> <td>pre-transplant: day -60 of transplant 1</td>"
    )
    after = (
        '<th scope="row">1 Oct 2025</th> <td>9 months</td> <td>Weight</td> <td>8.5 kg</td> '
        "<td>-0.41</td><td>33.9</td> <td>post-transplant: day +30 of transplant 1</td>"
    )
    assert before in html
    assert after in html


def test_the_reference_its_citation_and_the_gestation_assumption_are_shown(login, transplanted_boy):
    html = _page(login(Role.SPECIALIST), transplanted_boy)
    assert "Royal College of Paediatrics and Child Health. UK-WHO growth charts" in html
    assert "In-house assumption:" in html
    assert "born at term (40 weeks)" in html


def test_reading_the_growth_page_is_audited(login, cast, transplanted_boy):
    _page(login(Role.DATA_MANAGER), transplanted_boy)
    assert AuditEvent.objects.filter(
        action="view", actor=cast[Role.DATA_MANAGER], summary__endswith="/growth/"
    ).exists()


def test_a_child_with_no_measurement_sees_that_none_is_recorded(login):
    html = _page(login(Role.PHYSICIAN), make_patient())
    assert "No height or weight recorded" in html
    assert "<svg" not in html


def test_a_voided_measurement_is_left_out(login, cast):
    patient = make_patient(birth_date=BORN, sex="male")
    _measure(patient, date(2025, 7, 3), weight="7.0", voided_at=timezone.now(),
             voided_by=cast[Role.PHYSICIAN], void_reason="wrong child")  # fmt: skip
    assert "No height or weight recorded" in _page(login(Role.PHYSICIAN), patient)


def test_a_child_of_unknown_sex_gets_no_sds_and_the_reason(login):
    patient = make_patient(birth_date=BORN, sex="unknown")
    _measure(patient, date(2025, 10, 1), weight="8.5")
    html = _page(login(Role.PHYSICIAN), patient)
    assert "<svg" not in html
    assert "sex is recorded as &#x27;unknown&#x27;" in html
    assert "No weight with a computed SDS to chart." in html
