"""The episode's charts and alerts panels as the transplant page includes them (the contract)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string

from engraft.access.roles import Role
from engraft.transplant.models import TransplantAlert
from engraft.transplant.ward import episode_charts, episode_panels

from .url_samples_transplant_ward import add_chimerism, add_counts, make_episode

pytestmark = pytest.mark.django_db

DAY0 = date(2026, 10, 1)
ENGRAFTING = {d: 0.1 for d in range(0, 14)} | {d: 1.0 for d in range(14, 20)}


def test_the_charts_include_draws_the_counts_and_chimerism_inline_with_a_data_table():
    episode = make_episode(day0=DAY0)
    add_counts(episode, "anc", ENGRAFTING)
    add_counts(episode, "platelets", {d: 10.0 for d in range(0, 20)})
    add_chimerism(episode, "myeloid", {14: 97})
    charts = episode_charts(episode, DAY0 + timedelta(days=19))
    html = render_to_string("transplant/_charts.html", {"charts": charts})
    assert html.count("<svg") == 2
    assert "neutrophil engraftment day +14" in html
    assert "ANC 0.5 x10^9/L: engraftment threshold" in html
    assert "95 %: full donor chimerism above" in html
    assert '<th scope="row">day +14</th><td>15 Oct 2026</td><td>1.0</td><td>10.0</td>' in html
    assert "myeloid (CD15/CD33): 97 % (day +14)" in html


def test_the_charts_include_says_when_there_is_nothing_to_draw():
    episode = make_episode(day0=DAY0)
    html = render_to_string(
        "transplant/_charts.html", {"charts": episode_charts(episode, DAY0 + timedelta(days=3))}
    )
    assert "<svg" not in html
    assert "No ANC or platelet count since day 0." in html
    assert "No chimerism result since day 0." in html


def test_the_transplant_page_panels_store_the_alerts_the_data_raise_before_listing_them(cast):
    episode = make_episode(day0=DAY0)
    add_counts(episode, "anc", {d: 0.1 for d in range(0, 32)})
    panels = episode_panels(
        episode=episode, actor=cast[Role.PHYSICIAN], ip=None, as_of=DAY0 + timedelta(days=31)
    )
    stored = TransplantAlert.objects.get(episode=episode)
    assert panels["alerts"] == [stored]
    assert panels["charts"].counts_svg is not None
