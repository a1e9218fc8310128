"""Where the app's donor store lives (reading a donor's typing back is the core search's)."""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path

import numpy as np
from django.conf import settings

from engraft.core.donor_search.facts import StoreReleaseMismatch, ensure_facts
from engraft.core.donor_search.store import DonorStore, open_store
from engraft.core.hla.hla_typing import parse_typing
from engraft.core.hla.nomenclature import Nomenclature, get_nomenclature

#: Any high-resolution typing will do: warming up grades it and throws the result away.
WARM_UP_TYPING = (
    "A*01:01+A*02:01^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01"
    "^DQB1*02:01+DQB1*03:02^DPB1*04:01+DPB1*02:01"
)

log = logging.getLogger(__name__)
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


def warm_up() -> None:
    """Load what the first donor search needs, at server start rather than in a request.

    py-ard's database, the store and its facts, numba and the compiled kernels (from the cache)
    cost about a second in a new process. Only single-threaded kernels are run: numba starts
    its thread pool with the first parallel one, and a pool started before a server forks its
    workers (gunicorn ``--preload``) would not survive the fork. Never raises: a server starts
    without a registry, and the search reports what is wrong.
    """
    try:
        store = open_registry()
        if store is None or not store.count:
            return
        from engraft.core.donor_search import engine  # numba: only where a search will run

        nom = nomenclature()
        tables = engine.prepare_patient(nom, store, parse_typing(nom, WARM_UP_TYPING))
        engine.locus_details(store, tables, np.zeros(1, dtype=np.int64))
    except Exception:  # warming up must not stop the server
        log.exception("donor search warm-up failed; the first search will load it")
