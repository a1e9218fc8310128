from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.web.settings import base

from .factories import PASSWORD, make_staff


@pytest.mark.django_db
def test_passwords_are_stored_as_argon2_hashes(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = get_user_model().objects.create_user("hashcheck", password="a-long-passphrase-1")
    assert user.password.startswith("argon2$")
    assert user.check_password("a-long-passphrase-1")


@pytest.mark.django_db
def test_staff_sign_in_lands_on_the_staff_home(client):
    make_staff(Role.COORDINATOR)
    response = client.post(
        reverse("access:login"), {"username": "coordinator", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("access:staff_home")
    assert "Information requests" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_even_with_the_right_password(client, settings):
    make_staff(Role.PHYSICIAN)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("access:login"), {"username": "physician", "password": "wrong-one"})
    response = client.post(reverse("access:login"), {"username": "physician", "password": PASSWORD})
    assert response.status_code == 429
    assert "locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_session_expires_after_thirty_minutes_without_activity(client):
    make_staff(Role.COORDINATOR)
    client.post(reverse("access:login"), {"username": "coordinator", "password": PASSWORD})
    assert client.session.get_expiry_age() == 30 * 60
    assert client.get(reverse("information:queue")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("information:queue"))
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


@pytest.mark.django_db
def test_each_request_renews_the_session(client):
    make_staff(Role.COORDINATOR)
    client.post(reverse("access:login"), {"username": "coordinator", "password": PASSWORD})
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get(reverse("access:staff_home"))
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > timedelta(minutes=29)
