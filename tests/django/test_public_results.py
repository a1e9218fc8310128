"""Our results: published figures from a later stage's provider, never a cell under 11."""

from dataclasses import dataclass

import pytest

from engraft.information import public_listings
from engraft.information.published_results import results_context, shown_figure

URL = "/results/"


@pytest.fixture
def providers(monkeypatch):
    """A clean registry for the test: what it registers is gone afterwards."""
    monkeypatch.setattr(public_listings, "_providers", {})
    return public_listings


def figure(label: str, n, value: str, **more) -> dict[str, object]:
    return {"label": label, "n": n, "value": value, **more}


@pytest.mark.django_db
def test_with_no_provider_the_page_says_no_results_are_published_yet(client):
    text = client.get(URL).content.decode()
    assert "No results are published yet." in text
    assert "fewer than 11 children" in text


@pytest.mark.django_db
def test_the_page_explains_what_the_numbers_can_and_cannot_say(client):
    text = client.get(URL).content.decode()
    assert "What these numbers can tell you" in text
    assert "They cannot tell you what will happen to your child." in text
    assert "62%" in text and "Orchard PJ" in text


@pytest.mark.django_db
def test_a_figure_on_eleven_children_is_shown_with_its_published_series(client, providers):
    providers.register(
        "results",
        lambda: {
            "results": [
                figure(
                    "Alive 1 year after transplant",
                    11,
                    "82% (95% CI 48 to 95%)",
                    group="All children",
                    published="62% at 5 years after a matched sibling donor",
                    published_source="Orchard PJ et al. Blood 2015",
                )
            ]
        },
    )
    text = client.get(URL).content.decode()
    assert "82% (95% CI 48 to 95%)" in text
    assert "<td>11</td>" in text
    assert "62% at 5 years after a matched sibling donor" in text
    assert "No results are published yet." not in text


@pytest.mark.django_db
def test_a_figure_on_fewer_than_eleven_children_is_never_shown(client, providers):
    providers.register(
        "results",
        lambda: {
            "results": [
                figure("Engrafted by day +28", 10, "SECRET-TEN-VALUE", group="Cord blood"),
                figure("Alive at 5 years", 3, "SECRET-THREE-VALUE"),
                figure("No count given", None, "SECRET-NO-COUNT"),
                figure("Provider hid it", 40, "SECRET-HIDDEN", suppressed=True),
                figure("Alive 1 year after transplant", 25, "88%"),
            ]
        },
    )
    text = client.get(URL).content.decode()
    for secret in ["SECRET-TEN-VALUE", "SECRET-THREE-VALUE", "SECRET-NO-COUNT", "SECRET-HIDDEN"]:
        assert secret not in text
    # The small counts themselves are not shown either.
    assert "<td>10</td>" not in text and "<td>3</td>" not in text and "<td>40</td>" not in text
    assert text.count("Not shown: too few children") == 4
    # The labels stay, so a family sees what is measured.
    assert "Engrafted by day +28" in text and "Cord blood" in text
    assert "88%" in text and "<td>25</td>" in text


def test_only_the_contracts_keys_reach_the_page():
    context = results_context(
        {"results": [figure("Alive", 12, "90%")], "raw_cells": ["patient rows"], "x": 1}
    )
    assert set(context) == {"results", "results_as_of", "results_cohort", "small_cell_min_n"}


def test_a_figure_may_be_an_object_with_the_contracts_attributes():
    @dataclass
    class Figure:
        label: str
        n: int
        value: str

    shown = shown_figure(Figure("Alive at 1 year", 9, "100%"))
    assert shown.suppressed
    assert shown.value is None and shown.n is None
    assert shown.label == "Alive at 1 year"


def test_results_that_are_not_a_list_of_figures_show_nothing():
    assert results_context({"results": "90%"})["results"] == []
    assert results_context({"results": {"n": 40}})["results"] == []
