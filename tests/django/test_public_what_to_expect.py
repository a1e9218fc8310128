"""What to expect during the transplant: the family's journey, from stored, editable text."""

import pytest
from django.urls import reverse

from engraft.information.models import Page

URL = "/what-to-expect/"

# The steps of the journey, in the order a family lives them.
JOURNEY = [
    "Before the transplant: visits and tests",
    "Coming into hospital",
    "Conditioning: the days counted down to day 0",
    "Day 0: the transplant",
    "Isolation and the wait for engraftment",
    "High calcium in the blood",
    "The liver (VOD)",
    "The lungs (pulmonary hypertension)",
    "When the new cells do not take (graft failure)",
    "Going home",
    "Follow-up in the first years",
    "Sources",
]


@pytest.mark.django_db
def test_the_page_walks_through_the_journey_in_order(client):
    text = client.get(URL).content.decode()
    positions = [text.find(step) for step in JOURNEY]
    assert -1 not in positions, [s for s, p in zip(JOURNEY, positions, strict=True) if p == -1]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_the_only_durations_are_those_the_research_notes_source(client):
    text = client.get(URL).content.decode()
    # clinical.md: high calcium from a median of day +23, lasting 2 to 24 days (Martinez
    # 2010); pulmonary hypertension from day -2 to about day +89 (Steward 2004); engraftment
    # by day +30, or +42 after cord blood (ASTCT 2021); reports at day +100, 6 months, yearly.
    for sourced in ["day +23", "2 to 24 days", "day +30", "day +42", "three months", "day +100"]:
        assert sourced in text
    # Nothing sources how long conditioning, isolation or the stay in hospital last.
    assert "will tell you how many days" in text
    assert "There is no fixed date for going home" in text
    for unsourced in ["weeks in hospital", "days of conditioning", "discharged after"]:
        assert unsourced not in text


@pytest.mark.django_db
def test_the_page_lists_its_sources(client):
    text = client.get(URL).content.decode()
    for citation in ["Martinez C", "Steward CG", "Corbacioglu S", "Orchard PJ", "Form 2450"]:
        assert citation in text


@pytest.mark.django_db
def test_the_page_shows_what_an_administrator_stored(client):
    section = Page.objects.get(slug="what-to-expect").sections.get(heading="Going home")
    section.body = "Our new words about going home."
    section.save()
    assert "Our new words about going home." in client.get(URL).content.decode()


@pytest.mark.django_db
def test_it_links_to_the_request_form_the_contact_page_and_the_phone(client):
    text = client.get(URL).content.decode()
    assert f'href="{reverse("information:request_information")}"' in text
    assert f'href="{reverse("information:contact")}"' in text
    assert 'href="tel:+442079460000"' in text


@pytest.mark.django_db
def test_the_page_has_a_print_button_that_opens_a_printable_version(client):
    text = client.get(URL).content.decode()
    assert 'href="?print=1" data-print>Print this page</a>' in text
    assert 'aria-label="Main"' in text


@pytest.mark.django_db
def test_the_printable_version_has_the_text_without_the_menu(client):
    response = client.get(URL, {"print": "1"})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Main"' not in text
    assert "This is the printable version of this page" in text
    assert '<meta name="robots" content="noindex">' in text
    assert "Follow-up in the first years" in text
    # The web addresses are written out on paper.
    assert "http://testserver/request-information/" in text
