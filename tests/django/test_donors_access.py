"""Who may open the donor pages: the project-wide role walk, restricted to this app."""

import pytest
from django.urls import reverse

from engraft.access.roles import Permission, Role, role_may

from .test_access_rules import SAMPLES, access_rule, has_parameters, project_urls

DONOR_URLS = [(n, p) for n, p in project_urls() if n.startswith("donors:")]


def test_every_donor_url_has_a_rule_and_a_sample():
    assert DONOR_URLS
    for name, pattern in DONOR_URLS:
        assert access_rule(pattern) is not None, name
        assert not has_parameters(pattern) or name in SAMPLES, name


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_donor_url_admits_exactly_the_roles_its_rule_names(client, cast, role):
    client.force_login(cast[role])
    wrong = []
    for name, pattern in DONOR_URLS:
        response = client.get(reverse(name, kwargs=SAMPLES[name]()))
        allowed = role_may(role, Permission(access_rule(pattern)))
        if (response.status_code == 403) == allowed or response.status_code >= 500:
            wrong.append((name, allowed, response.status_code))
    assert wrong == []


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client):
    for name, _ in DONOR_URLS:
        response = client.get(reverse(name, kwargs=SAMPLES[name]()))
        assert response.status_code == 302 and "/staff/login/" in response["Location"], name
