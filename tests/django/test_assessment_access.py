"""Who may open each assessment page: the role grants, URL by URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engraft.access.roles import Permission, Role, role_may

from .url_samples_assessment import SAMPLES

pytestmark = pytest.mark.django_db

RULES = {
    "assessment:current": Permission.ASSESSMENT_VIEW,
    "assessment:history": Permission.ASSESSMENT_VIEW,
    "assessment:stored": Permission.ASSESSMENT_VIEW,
    "assessment:pdf": Permission.ASSESSMENT_VIEW,
    "assessment:sign_off": Permission.ASSESSMENT_SIGN,
    "assessment:awaiting_sign_off": Permission.ASSESSMENT_SIGN,
    "assessment:meeting": Permission.MDT_RECORD,
}


def test_every_assessment_url_has_a_rule_here():
    assert set(RULES) == set(SAMPLES)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_opens_exactly_the_assessment_pages_it_is_granted(login, role):
    client = login(role)
    wrong = []
    for name, permission in RULES.items():
        status = client.get(reverse(name, kwargs=SAMPLES[name]())).status_code
        allowed = role_may(role, permission)
        if (status == 403) == allowed:
            wrong.append((name, status))
    assert wrong == []


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    for name in RULES:
        response = client.get(reverse(name, kwargs=SAMPLES[name]()))
        assert response.status_code == 302
        assert "/staff/login/" in response["Location"]
