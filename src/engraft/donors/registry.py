"""Where the app's donor store lives (reading a donor's typing back is the core search's)."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings

from engraft.core.donor_search.store import DonorStore, open_store
from engraft.core.hla.nomenclature import Nomenclature, get_nomenclature

_lock = threading.Lock()
_opened: dict[tuple[str, int], DonorStore] = {}


def registry_dir() -> Path:
    """The store directory (setting ``ENGRAFT_REGISTRY_DIR``, default ``<DATA_DIR>/registry``)."""
    return Path(settings.ENGRAFT_REGISTRY_DIR)


def nomenclature() -> Nomenclature:
    """The process-wide py-ard instance (built offline from the shared IMGT files)."""
    return get_nomenclature()


def open_registry() -> DonorStore | None:
    """The memory-mapped store, or None when none is installed; reopened when it changes."""
    path = registry_dir()
    meta = path / "meta.json"
    if not meta.exists():
        return None
    key = (str(path), meta.stat().st_mtime_ns)
    with _lock:
        store = _opened.get(key)
        if store is None:
            _opened.clear()
            store = _opened[key] = open_store(path)
        return store
