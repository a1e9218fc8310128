"""The client address behind a proxy: from the configured trusted proxies, never from a header
anyone can send. The audit trail, the login lockout and the request rate limit all use it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.audit.services import client_address

from .factories import PASSWORD, make_staff

pytestmark = pytest.mark.django_db


def _request(peer="10.0.0.5", forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_a_forwarded_header_is_ignored():
    assert client_address(_request(forwarded="203.0.113.9")) == "10.0.0.5"


@override_settings(ENGRAFT_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_appended_is_the_clients():
    # The client sent "1.2.3.4" itself; the proxy appended the address it really saw.
    assert client_address(_request(forwarded="1.2.3.4, 198.51.100.7")) == "198.51.100.7"


@override_settings(ENGRAFT_TRUSTED_PROXIES=2)
def test_behind_two_proxies_the_outer_ones_entry_is_the_clients():
    assert client_address(_request(forwarded="1.2.3.4, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"


@override_settings(ENGRAFT_TRUSTED_PROXIES=1)
def test_a_missing_or_malformed_header_falls_back_to_the_peer():
    assert client_address(_request()) == "10.0.0.5"
    assert client_address(_request(forwarded="not-an-address")) == "10.0.0.5"


def _fail_login(client, forwarded):
    return client.post(
        reverse("access:login"),
        {"username": "coordinator", "password": "wrong"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_spoofed_header_does_not_escape_the_lockout(client, settings):
    make_staff(Role.COORDINATOR)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(client, f"203.0.113.{n}")
    response = client.post(
        reverse("access:login"), {"username": "coordinator", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.200",
    )  # fmt: skip
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(ENGRAFT_TRUSTED_PROXIES=1)
def test_behind_the_proxy_the_audit_trail_records_the_clients_address(client):
    user = make_staff(Role.COORDINATOR)
    client.force_login(user)
    client.get(reverse("record:patients"), REMOTE_ADDR="10.0.0.5",
               HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")  # fmt: skip
    assert AuditEvent.objects.latest("id").ip_address == "198.51.100.7"
