"""The public pages families read, and the administrator's edits to them."""

import pytest
from django.urls import reverse

from engraft.access.roles import Role
from engraft.information.models import ContactDetails

PAGES = {
    "information:home": ["Request information"],
    "information:osteopetrosis": [
        "osteoclasts",
        "autosomal recessive",
        "dominant",
        "anaemia",
        "platelets",
        "infections",
        "liver and spleen",
        "loss of sight",
        "hearing loss",
        "pressure in the brain",
        "delays in development",
        "1 in 250,000",
    ],
    "information:diagnosis": ["how severe", "transplant is a good option"],
    "information:transplant": [
        "engraftment",
        "seriously affected",
        "endocrinology",
        "genetics",
        "neurology",
        "neuropsychology",
        "physical",
        "occupational therapy",
    ],
    "information:team": ["Nurse coordinator"],
    "information:trials": ["No clinical trials are listed"],
    "information:contact": ["+44 20 7946 0000", "Clinic address", "Adult blood and marrow"],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "phrases"), PAGES.items())
def test_public_pages_are_open_to_everyone_and_say_what_families_need(client, name, phrases):
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = response.content.decode()
    missing = [p for p in phrases if p not in text]
    assert missing == []


@pytest.mark.django_db
def test_pages_on_clinical_facts_list_their_sources(client):
    text = client.get(reverse("information:osteopetrosis")).content.decode()
    assert "Sources" in text
    assert "Orphanet J Rare Dis 2009;4:5" in text


@pytest.mark.django_db
def test_an_administrator_changes_the_contact_phone_without_a_deploy(login):
    client = login(Role.ADMINISTRATOR)
    contact = ContactDetails.objects.get()
    url = reverse("admin:information_contactdetails_change", args=[contact.pk])
    form = {
        field: getattr(contact, field)
        for field in [
            "programme_name",
            "phone_main",
            "phone_urgent",
            "phone_hours",
            "email",
            "clinic_address",
            "adult_programme_name",
            "adult_programme_url",
        ]
    }
    form["phone_main"] = "+44 20 7946 0123"
    response = client.post(url, form)
    assert response.status_code == 302
    client.logout()
    assert "+44 20 7946 0123" in client.get(reverse("information:contact")).content.decode()
