"""Current research: the entries staff keep, their trials, and how families take part."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from engraft.access.roles import Role
from engraft.information.models import ResearchProject

URL = "/research/"


def make_project(**overrides) -> ResearchProject:
    fields = {
        "title": "Calcium after transplant",
        "summary": "We follow calcium in the weeks after the transplant.",
        "status": ResearchProject.Status.RECRUITING,
        "lead": "Dr Alex Example",
        "link": "https://research.example.org/calcium",
        "publication": "",
        "nct_numbers": "",
    }
    fields.update(overrides)
    return ResearchProject.objects.create(**fields)


@pytest.mark.django_db
def test_with_no_entries_the_page_says_so(client):
    text = client.get(URL).content.decode()
    assert "No research projects are listed at the moment." in text


@pytest.mark.django_db
def test_an_entry_shows_its_title_status_lead_summary_and_publication(client):
    make_project(
        status=ResearchProject.Status.PUBLISHED,
        publication="Example A et al. Calcium after HSCT. J Example 2026;1:1-9.",
    )
    text = client.get(URL).content.decode()
    for shown in [
        "Calcium after transplant",
        "Published",
        "Led by Dr Alex Example",
        "We follow calcium in the weeks after the transplant.",
        "J Example 2026;1:1-9.",
    ]:
        assert shown in text
    assert "No research projects are listed" not in text


@pytest.mark.django_db
def test_an_entry_with_nct_numbers_links_to_the_trials_page_and_clinicaltrials_gov(client):
    make_project(nct_numbers="NCT01234567, nct07654321")
    text = client.get(URL).content.decode()
    for nct in ["NCT01234567", "NCT07654321"]:
        assert f'href="/trials/#{nct}"' in text
        assert f'href="https://clinicaltrials.gov/study/{nct}" rel="noopener noreferrer"' in text


@pytest.mark.django_db
def test_external_links_open_safely(client):
    make_project()
    text = client.get(URL).content.decode()
    assert 'href="https://research.example.org/calcium" rel="noopener noreferrer"' in text


@pytest.mark.django_db
def test_a_hidden_draft_is_not_shown(client):
    make_project(title="A draft not yet public", listed=False)
    text = client.get(URL).content.decode()
    assert "A draft not yet public" not in text
    assert "No research projects are listed at the moment." in text


def test_a_wrong_nct_number_is_refused_naming_it():
    project = ResearchProject(
        title="T", summary="S", status="ongoing", lead="L", nct_numbers="NCT01234567, NCT123"
    )
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert "NCT123: an NCT number is NCT followed by 8 digits" in str(refused.value)


@pytest.mark.django_db
def test_the_page_says_how_families_take_part_and_links_the_request_form(client):
    text = client.get(URL).content.decode()
    assert "Taking part in research is always your choice" in text
    assert f'href="{reverse("information:request_information")}"' in text


@pytest.mark.django_db
def test_an_administrator_edits_an_entry_and_the_edit_is_logged(login, client):
    project = make_project()
    admin = login(Role.ADMINISTRATOR)
    url = reverse("admin:information_researchproject_change", args=[project.pk])
    response = admin.post(
        url,
        {
            "title": "Calcium after transplant",
            "summary": "A new plain summary.",
            "status": "completed",
            "lead": "Dr Alex Example",
            "link": "",
            "publication": "",
            "nct_numbers": "NCT01234567",
            "order": 0,
            "listed": "on",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(project.pk))
    assert entry.action_flag == CHANGE
    assert entry.user.username == "administrator"
    admin.logout()
    text = client.get(URL).content.decode()
    assert "A new plain summary." in text
    assert "Completed" in text


@pytest.mark.django_db
def test_a_coordinator_cannot_edit_research_entries(login):
    project = make_project()
    url = reverse("admin:information_researchproject_change", args=[project.pk])
    response = login(Role.COORDINATOR).get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
