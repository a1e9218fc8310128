"""How the app opens the donor store: facts checked at open, warmed at start, stale refused."""

import json
import logging
import shutil

import pytest

from engraft.access.roles import Role
from engraft.core.donor_search.facts import FACTS_FILE, load_facts
from engraft.donors import registry as registry_module
from engraft.donors.models import DonorSearch

from .url_samples_donors import make_family, tiny_registry, type_family


@pytest.fixture
def store_copy(settings, tmp_path):
    """A copy of the tiny registry that a test may damage, installed as the app's store."""
    path = tmp_path / "registry"
    shutil.copytree(tiny_registry(), path)
    settings.ENGRAFT_REGISTRY_DIR = path
    registry_module._opened.clear()
    yield path
    registry_module._opened.clear()


def test_opening_a_store_without_facts_builds_and_saves_them_once(store_copy):
    (store_copy / FACTS_FILE).unlink()
    store = registry_module.open_registry()
    saved = load_facts(store_copy)
    assert saved is not None and saved.codes_sha256 == store.codes_sha256
    assert store.facts.codes_sha256 == store.codes_sha256
    assert registry_module.open_registry() is store  # opened once, not per search


def test_warm_up_loads_the_store_and_its_facts(store_copy):
    (store_copy / FACTS_FILE).unlink()
    registry_module.warm_up()
    assert registry_module._opened  # the store is open before any request
    assert (store_copy / FACTS_FILE).exists()


def _other_release(path) -> None:
    meta = json.loads((path / "meta.json").read_text())
    meta["imgt_release"] = "3.57.0"
    (path / "meta.json").write_text(json.dumps(meta))


def test_warm_up_with_a_store_of_another_release_logs_and_does_not_raise(store_copy, caplog):
    _other_release(store_copy)
    with caplog.at_level(logging.ERROR):
        registry_module.warm_up()
    assert "3.57.0" in caplog.text


@pytest.mark.django_db
def test_searching_a_store_of_another_release_says_why_without_an_error(login, store_copy):
    patient, people = make_family()
    type_family(patient, people)
    _other_release(store_copy)
    response = login(Role.COORDINATOR).post(
        f"/staff/donors/patients/{patient.public_id}/search/run/", {"min_grade": ""}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "built with IPD-IMGT/HLA 3.57.0" in page and "rebuild the store" in page
    assert not DonorSearch.objects.filter(patient=patient).exists()
