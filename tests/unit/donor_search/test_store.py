"""The store: memory-mapped reopen, round trip, consistency checks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engraft.core.donor_search.store import COLUMNS, open_store, write_store


def _same(a, b) -> None:
    assert np.array_equal(a.hla, b.hla)
    for name in COLUMNS:
        assert np.array_equal(a.columns[name], b.columns[name], equal_nan=name in ("tnc", "cd34"))
    assert a.codebook.values == b.codebook.values
    assert (a.registries, a.imgt_release, a.count) == (b.registries, b.imgt_release, b.count)


def test_memory_mapped_reopen_gives_the_same_arrays(synthetic_store, tmp_path):
    mapped = open_store(synthetic_store.path)
    loaded = open_store(synthetic_store.path, writable=True)
    assert isinstance(mapped.hla, np.memmap) and not mapped.hla.flags.writeable
    assert all(isinstance(mapped.columns[n], np.memmap) for n in COLUMNS)
    assert not isinstance(loaded.hla, np.memmap)
    assert mapped.hla.dtype == np.uint16 and mapped.hla.shape == (synthetic_store.count, 12)
    _same(mapped, loaded)
    copy = tmp_path / "copy"
    write_store(copy, loaded.hla, loaded.columns, loaded.codebook, loaded.registries,
                loaded.imgt_release)  # fmt: skip
    _same(open_store(copy), mapped)
    assert not list(copy.glob(".*tmp*"))  # temporary files replaced


def test_a_count_that_the_arrays_do_not_have_is_refused(synthetic_store, tmp_path):
    loaded = open_store(synthetic_store.path, writable=True)
    path = tmp_path / "s"
    write_store(path, loaded.hla[:10], {n: loaded.columns[n][:10] for n in COLUMNS},
                loaded.codebook, loaded.registries, loaded.imgt_release)  # fmt: skip
    meta = json.loads((path / "meta.json").read_text())
    meta["count"] = 11
    (path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="11"):
        open_store(path)
    meta["count"], meta["format"] = 10, 99
    (path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="format"):
        open_store(path)
