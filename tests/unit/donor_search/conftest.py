"""Shared fixtures: one py-ard instance for the whole session (built once, then reused)."""

from __future__ import annotations

import pytest

from engraft.core.hla.hla_typing import HlaTyping, parse_typing
from engraft.core.hla.nomenclature import Nomenclature, get_nomenclature


@pytest.fixture(scope="session")
def nom() -> Nomenclature:
    return get_nomenclature()


@pytest.fixture(scope="session")
def typing(nom: Nomenclature):
    def parse(gl: str) -> HlaTyping:
        return parse_typing(nom, gl)

    return parse


@pytest.fixture(scope="session")
def synthetic_store(nom, tmp_path_factory):
    """20,000 synthetic donors, 30% ambiguous, 5% cord units."""
    from engraft.core.donor_search.generator import generate_registry
    from engraft.core.donor_search.store import open_store

    path = tmp_path_factory.mktemp("store") / "synthetic"
    generate_registry(
        nom, nom.data_dir / "freqs" / "CAU.5locus.freqs.gz", 20_000, path,
        ambiguous_share=0.3, seed=7, cord_share=0.05,
    )  # fmt: skip
    return open_store(path)


@pytest.fixture(scope="session")
def wmda_store(nom, tmp_path_factory):
    """The 10,000 WMDA validation donors (real registry-style ambiguity)."""
    from engraft.core.donor_search.importers import import_file
    from engraft.core.donor_search.store import open_store

    path = tmp_path_factory.mktemp("store") / "wmda"
    import_file(nom, nom.data_dir / "wmda-mvt" / "don.gl.txt.gz", path, progress=False)
    return open_store(path)


def _row_gl(store, row) -> str:
    """The GL string of a store row, from its codes (lgx names)."""
    from engraft.core.hla.nomenclature import LOCI

    parts = []
    for i, locus in enumerate(LOCI):
        c1, c2 = int(store.hla[row, 2 * i]), int(store.hla[row, 2 * i + 1])
        parts.append(store.codebook.locus_gl(locus, c1, c2))
    return "^".join(p for p in parts if p)


@pytest.fixture(scope="session")
def row_gl():
    return _row_gl
