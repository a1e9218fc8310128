"""The data migration adds the new pages to a site already running, and keeps edited text."""

import pytest

from engraft.information.models import Page, PageSection, RecommendedSource
from engraft.information.seed_content import seed_pages, seed_recommended_sources


@pytest.mark.django_db
def test_seeding_adds_a_missing_page_and_leaves_edited_pages_alone():
    Page.objects.filter(slug="what-to-expect").delete()
    Page.objects.filter(slug="home").update(lead="The administrator's own lead.")
    seed_pages(Page, PageSection)
    assert Page.objects.get(slug="home").lead == "The administrator's own lead."
    added = Page.objects.get(slug="what-to-expect")
    assert added.sections.count() == 13
    assert added.sections.first().heading == "Before the transplant: visits and tests"


@pytest.mark.django_db
def test_sources_are_seeded_only_into_an_empty_list():
    RecommendedSource.objects.exclude(name="ClinicalTrials.gov").delete()
    seed_recommended_sources(RecommendedSource)
    assert list(RecommendedSource.objects.values_list("name", flat=True)) == ["ClinicalTrials.gov"]
