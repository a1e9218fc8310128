"""Recommended sources: a curated list, each with what a family finds and when it was checked."""

from datetime import date

import pytest
from django.urls import reverse

from engraft.access.roles import Role
from engraft.information.models import RecommendedSource
from engraft.information.seed_content import RECOMMENDED_SOURCES

URL = "/sources/"

# Sources the research notes name, at addresses they give or that follow from the
# identifiers they cite (written here by hand, not read from the seed).
EXPECTED_SEEDED = {
    "https://www.osteopetrosis-support-trust.org.uk/what-is-osteopetrosis/",
    "https://www.ncbi.nlm.nih.gov/books/NBK1127/",
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC4497967/",
    "https://doi.org/10.1210/jc.2017-01127",
    "https://clinicaltrials.gov/",
}


@pytest.mark.django_db
def test_the_first_sources_are_seeded_and_every_link_opens_safely(client):
    assert set(RecommendedSource.objects.values_list("url", flat=True)) == EXPECTED_SEEDED
    assert len(RECOMMENDED_SOURCES) == len(EXPECTED_SEEDED)
    text = client.get(URL).content.decode()
    for url in EXPECTED_SEEDED:
        assert f'<a href="{url}" rel="noopener noreferrer">' in text
    assert "GeneReviews: CLCN7-related osteopetrosis" in text
    assert "ncbi.nlm.nih.gov" in text


@pytest.mark.django_db
def test_each_source_says_when_it_was_last_checked(client):
    source = RecommendedSource.objects.get(url="https://www.ncbi.nlm.nih.gov/books/NBK1127/")
    source.last_checked = date(2026, 11, 30)
    source.save()
    text = client.get(URL).content.decode()
    assert "Link last checked by our team on 30 Nov 2026" in text
    # The others have not been checked yet, and the page says so rather than guess a date.
    assert "Link not yet checked by our team" in text


@pytest.mark.django_db
def test_with_no_sources_the_page_says_so(client):
    RecommendedSource.objects.all().delete()
    assert "No sources are listed at the moment." in client.get(URL).content.decode()


@pytest.mark.django_db
def test_an_administrator_adds_a_source_and_families_see_it(login, client):
    admin = login(Role.ADMINISTRATOR)
    response = admin.post(
        reverse("admin:information_recommendedsource_add"),
        {
            "name": "A family charity",
            "url": "https://charity.example.org/osteopetrosis",
            "description": "Stories from other families.",
            "last_checked": "2026-12-01",
            "order": 9,
        },
    )
    assert response.status_code == 302
    admin.logout()
    text = client.get(URL).content.decode()
    assert '<a href="https://charity.example.org/osteopetrosis" rel="noopener noreferrer">' in text
    assert "Stories from other families." in text


@pytest.mark.django_db
def test_an_address_that_is_not_https_is_refused(login):
    response = login(Role.ADMINISTRATOR).post(
        reverse("admin:information_recommendedsource_add"),
        {
            "name": "Insecure",
            "url": "http://insecure.example.org/",
            "description": "x",
            "order": 0,
        },
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not RecommendedSource.objects.filter(name="Insecure").exists()
