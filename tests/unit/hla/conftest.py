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
