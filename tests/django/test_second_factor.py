"""The second login factor: required by a setting (on in production), enrolled at the first
sign-in with a TOTP app and ten single-use recovery codes, reset by an administrator."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent

from .factories import PASSWORD, make_patient, make_staff

pytestmark = pytest.mark.django_db
REQUIRED = override_settings(ENGRAFT_REQUIRE_SECOND_FACTOR=True)


def _sign_in(client, username):
    return client.post(reverse("access:login"), {"username": username, "password": PASSWORD})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(client) -> list[str]:
    client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(confirmed=False)
    device.throttle_reset()  # a wrong try makes the next wait a second; the test does not
    response = client.post(reverse("second_factor_setup"), {"code": _code(device)})
    assert response.status_code == 200
    return response.context["codes"]


@REQUIRED
def test_with_the_setting_on_a_first_sign_in_is_sent_to_enrol_and_sees_no_record(client):
    make_staff(Role.COORDINATOR)
    patient = make_patient()
    _sign_in(client, "coordinator")
    response = client.get(reverse("record:patient", args=[patient.public_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))
    assert client.get(reverse("api:list_patients")).status_code == 401


@REQUIRED
def test_enrolling_needs_a_right_code_then_gives_ten_recovery_codes_and_opens_the_app(client):
    user = make_staff(Role.COORDINATOR)
    _sign_in(client, "coordinator")
    client.get(reverse("second_factor_setup"))
    wrong = client.post(reverse("second_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    too_soon = client.post(reverse("second_factor_setup"), {"code": "111111"})
    assert "wait" in too_soon.content.decode()  # tries are throttled
    codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("record:patients")).status_code == 200
    assert AuditEvent.objects.filter(actor=user, summary__startswith="enrolled a second").exists()


@REQUIRED
def test_next_time_a_code_is_asked_and_a_recovery_code_works_only_once(client):
    make_staff(Role.NURSE)
    _sign_in(client, "nurse")
    codes = _enrol(client)
    for attempt in (1, 2):
        client.post(reverse("access:logout"))
        _sign_in(client, "nurse")
        asked = client.get(reverse("record:patients"))
        assert asked["Location"].startswith(reverse("second_factor"))
        response = client.post(reverse("second_factor"), {"code": codes[0]})
        if attempt == 1:
            assert response.status_code == 302
            assert client.get(reverse("record:patients")).status_code == 200
        else:
            assert response.status_code == 400  # used already
            assert client.get(reverse("record:patients")).status_code == 302


@REQUIRED
def test_the_authenticator_code_signs_in(client):
    make_staff(Role.PHYSICIAN)
    _sign_in(client, "physician")
    _enrol(client)
    client.post(reverse("access:logout"))
    _sign_in(client, "physician")
    device = TOTPDevice.objects.get(confirmed=True)
    device.last_t = -1  # the enrolment used this time step; a new sign-in may reuse it
    device.save()
    assert client.post(reverse("second_factor"), {"code": _code(device)}).status_code == 302


def test_an_administrator_resets_a_lost_factor_and_it_is_audited(client):
    admin, nurse = make_staff(Role.ADMINISTRATOR), make_staff(Role.NURSE)
    TOTPDevice.objects.create(user=nurse, name="app", confirmed=True)
    StaticDevice.objects.create(user=nurse, name="codes")
    client.force_login(admin)
    response = client.post(
        reverse("admin:access_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [nurse.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=nurse).exists()
    assert not StaticDevice.objects.filter(user=nurse).exists()
    event = AuditEvent.objects.get(summary=f"reset the second factor of {nurse.username}")
    assert event.actor == admin


def test_with_the_setting_off_nothing_is_asked(client):
    make_staff(Role.COORDINATOR)
    _sign_in(client, "coordinator")
    assert client.get(reverse("record:patients")).status_code == 200


def test_production_requires_the_second_factor():
    from pathlib import Path

    text = (
        Path(__file__)
        .resolve()
        .parents[2]
        .joinpath("src/engraft/web/settings/production.py")
        .read_text()
    )
    assert 'os.environ.get("ENGRAFT_REQUIRE_SECOND_FACTOR", "1") == "1"' in text
