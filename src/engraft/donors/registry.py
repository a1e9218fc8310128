"""Where the app's donor store lives, and reading one donor's typing back from it."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from django.conf import settings

from engraft.core.donor_search.facts import StoreReleaseMismatch, ensure_facts
from engraft.core.donor_search.store import DonorStore, open_store
from engraft.core.hla.nomenclature import LOCI, Nomenclature, get_nomenclature

_lock = threading.Lock()
_opened: dict[tuple[str, int], DonorStore] = {}


def registry_dir() -> Path:
    """The store directory (setting ``ENGRAFT_REGISTRY_DIR``, default ``<DATA_DIR>/registry``)."""
    return Path(settings.ENGRAFT_REGISTRY_DIR)


def nomenclature() -> Nomenclature:
    """The process-wide py-ard instance (built offline from the shared IMGT files)."""
    return get_nomenclature()


def open_registry() -> DonorStore | None:
    """The memory-mapped store, or None when none is installed; reopened when it changes.

    Its nomenclature facts are checked (and, for a store written without them, rebuilt once)
    when it is opened, under the lock, so that no search request builds them. A store of
    another IMGT release is opened all the same: the search refuses it with the reason.
    """
    path = registry_dir()
    meta = path / "meta.json"
    if not meta.exists():
        return None
    key = (str(path), meta.stat().st_mtime_ns)
    with _lock:
        store = _opened.get(key)
        if store is None:
            _opened.clear()
            store = open_store(path)
            with contextlib.suppress(StoreReleaseMismatch):  # refused by the search, with why
                ensure_facts(nomenclature(), store)
            _opened[key] = store
        return store


def donor_alleles(store: DonorStore, donor_id: str) -> dict[str, list[frozenset[str]]] | None:
    """Per locus, the two slots (sets of lgx alleles) of one registry donor or cord unit."""
    row = store.row_of(donor_id)
    if row is None:
        return None
    codes = store.hla[row]
    out: dict[str, list[frozenset[str]]] = {}
    for i, locus in enumerate(LOCI):
        slots = [store.codebook.alleles(locus, int(codes[2 * i + k])) for k in (0, 1)]
        if any(slots):
            out[locus] = slots
    return out


def slots_gl(loci: dict[str, list[frozenset[str]]]) -> str:
    """GL string of per-locus slots (``/`` alternatives, ``+`` copies, ``^`` loci)."""
    return "^".join(
        "+".join("/".join(sorted(slot)) for slot in loci[locus]) for locus in LOCI if locus in loci
    )
