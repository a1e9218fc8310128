"""No account is a superuser, a change of someone's access is audited, nobody changes their
own, and the demo never runs against production settings or a database with real children."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from engraft.access.models import User
from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.commands.demo import run as demo_command
from engraft.web.demo import DemoRefused, ensure_demo_accounts, refuse_real_data

from .factories import make_patient, make_staff

pytestmark = pytest.mark.django_db


def test_no_account_can_be_a_superuser():
    user = make_staff(Role.ADMINISTRATOR)
    user.is_superuser = True
    user.save()
    user.refresh_from_db()
    assert user.is_superuser is False
    ensure_demo_accounts()
    assert not User.objects.filter(is_superuser=True).exists()


def test_the_administrators_admin_rights_come_from_the_role_only():
    admin, nurse = make_staff(Role.ADMINISTRATOR), make_staff(Role.NURSE)
    assert admin.has_perm("information.change_pagesection")
    assert admin.has_perm("access.change_user")
    assert not admin.has_perm("record.view_patient")  # the clinical record is not theirs
    assert not nurse.has_perm("information.change_pagesection")


def _change_form(user: User, **changes) -> dict:
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "role": user.role, "discipline": user.discipline,
        "is_active": "on", "last_login_0": "", "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }  # fmt: skip
    data.update(changes)
    return data


def test_changing_someones_role_in_the_admin_is_audited_with_before_and_after(client):
    admin, nurse = make_staff(Role.ADMINISTRATOR), make_staff(Role.NURSE)
    client.force_login(admin)
    url = reverse("admin:access_user_change", args=[nurse.pk])
    response = client.post(url, _change_form(nurse, role="coordinator"))
    assert response.status_code == 302, response.content.decode()[:2000]
    nurse.refresh_from_db()
    assert nurse.role == "coordinator"
    event = AuditEvent.objects.get(object_type="access.User", object_id=str(nurse.pk))
    assert event.actor == admin
    assert "role: 'nurse' -> 'coordinator'" in event.summary


def test_an_administrator_cannot_change_their_own_role(client):
    admin = make_staff(Role.ADMINISTRATOR)
    client.force_login(admin)
    url = reverse("admin:access_user_change", args=[admin.pk])
    client.post(url, _change_form(admin, role="physician"))
    admin.refresh_from_db()
    assert admin.role == "administrator"


@override_settings(SETTINGS_MODULE="engraft.web.settings.production")
def test_the_demo_refuses_production_settings():
    with pytest.raises(DemoRefused, match="production"):
        refuse_real_data()


def test_the_demo_refuses_a_database_with_a_real_child(capsys):
    make_patient(hospital_number="SYN-0001")
    refuse_real_data()  # synthetic children only: allowed
    make_patient(hospital_number="H-778812", family_name="Real")
    with pytest.raises(DemoRefused, match="1 patient"):
        refuse_real_data()
    assert demo_command(["--no-serve"]) == 2
    assert "never runs against real data" in capsys.readouterr().err
