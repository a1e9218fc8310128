"""The donor store: registry donors and cord units in compact columns, memory-mapped.

A store is a directory of ``.npy`` files (one array a column) and two JSON files:

- ``hla.npy`` uint16 ``(n, 12)``: per donor, the code of each of the two copies of A, B, C,
  DRB1, DQB1, DPB1. A code stands for the *set* of ARD-level (lgx) alleles the copy may be
  (one allele for a high-resolution typing; several for a MAC, XX code, serology or allele
  list); code 0 = not typed. 24 bytes a donor, not one row per allele. A genotype list at a
  locus (``|``) is one *genotype-list code* written in both copies: it stands for its
  genotypes, graded one by one.
- ``codes.json``: per locus, code -> ``/``-joined lgx alleles, or for a genotype-list code its
  genotypes (``A*02:01+A*03:02|A*02:05+A*03:01``).
- ``ids.npy`` (fixed-width bytes), ``kind.npy`` (0 adult donor, 1 cord unit), ``age.npy``,
  ``sex.npy``, ``cmv.npy``, ``abo.npy``, ``registry.npy`` (uint8) and ``tnc.npy``,
  ``cd34.npy`` (float32; cord units: total nucleated and CD34+ cells in the unit, NaN for
  adults).
- ``facts.npz``: the nomenclature facts of the codes' alleles (null, first field, serologic
  antigens, DPB1 TCE groups), keyed by IMGT release and the SHA-256 of ``codes.json``; built
  with the store so that a new process does not ask py-ard about thousands of alleles
  (:mod:`engraft.core.donor_search.facts`).
- ``id_order.npy`` uint32: the rows in the order of their ids, to find a donor by id without
  scanning every row (:meth:`DonorStore.row_of`); ``id_rank.npy`` uint32, its inverse: each
  row's place in id order, the search's tie-break between equal keys (never the file order).
- ``meta.json``: format version, IMGT release, count, registries.

Writing replaces each file atomically (temporary file, then ``os.replace``); ``meta.json`` goes
last so that a reader never sees a count that the arrays do not have.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engraft.core.donor_search.facts import StoreFacts, codes_digest, load_facts, save_facts
from engraft.core.hla.hla_typing import Genotype, HlaTyping
from engraft.core.hla.nomenclature import LOCI

#: 2: null members of MACs, XX codes and G groups kept; genotype-list codes (a store of
#: format 1 dropped those nulls: it is refused, to be rebuilt).
FORMAT_VERSION = 2
ID_WIDTH = 16
SEX_CODES = ("female", "male", "unknown")
CMV_CODES = ("negative", "positive", "unknown")
ABO_CODES = ("O", "A", "B", "AB", "unknown")
KIND_CODES = ("adult", "cord")
COLUMNS = ("ids", "kind", "age", "sex", "cmv", "abo", "registry", "tnc", "cd34")
UNKNOWN_AGE = 255


class CodeBook:
    """Per locus: a code for each distinct slot value (a set of lgx alleles); 0 = untyped."""

    def __init__(self, values: dict[str, list[str]] | None = None) -> None:
        self.values: dict[str, list[str]] = {
            locus: list((values or {}).get(locus, [""])) for locus in LOCI
        }
        self._index = {
            locus: {value: code for code, value in enumerate(vals)}
            for locus, vals in self.values.items()
        }

    def code(self, locus: str, alleles: Iterable[str]) -> int:
        """The code of a slot value, added if new."""
        value = "/".join(sorted(alleles))
        index = self._index[locus]
        if value not in index:
            if len(self.values[locus]) >= 65535:
                raise OverflowError(f"more than 65535 distinct typings at {locus}")
            index[value] = len(self.values[locus])
            self.values[locus].append(value)
        return index[value]

    def genotype_list_code(self, locus: str, genotypes: Iterable[Genotype]) -> int:
        """The code of a genotype list (both copies carry it), added if new."""
        texts = sorted(
            "+".join(sorted("/".join(sorted(slot)) for slot in genotype)) for genotype in genotypes
        )
        value = "|".join(dict.fromkeys(texts))
        if "+" not in value:
            raise ValueError(f"not a genotype list at {locus}: {value!r}")
        index = self._index[locus]
        if value not in index:
            if len(self.values[locus]) >= 65535:
                raise OverflowError(f"more than 65535 distinct typings at {locus}")
            index[value] = len(self.values[locus])
            self.values[locus].append(value)
        return index[value]

    def genotypes(self, locus: str, code: int) -> tuple[Genotype, ...] | None:
        """The genotypes of a genotype-list code; None for a slot code."""
        value = self.values[locus][code]
        if "+" not in value:
            return None
        out = []
        for genotype in value.split("|"):
            first, second = genotype.split("+")
            out.append((frozenset(first.split("/")), frozenset(second.split("/"))))
        return tuple(out)

    def alleles(self, locus: str, code: int) -> frozenset[str]:
        """The lgx alleles a code stands for (empty for untyped; every allele of every genotype
        of a genotype-list code)."""
        value = self.values[locus][code]
        return frozenset(re.split(r"[|+/]", value)) if value else frozenset()

    def locus_gl(self, locus: str, first: int, second: int) -> str:
        """GL string of one locus from its two codes ("" when untyped)."""
        if not first or not second:
            return ""
        if first == second and "+" in self.values[locus][first]:
            return self.values[locus][first]
        return f"{self.values[locus][first]}+{self.values[locus][second]}"

    def encode(self, typing: HlaTyping) -> np.ndarray:
        """The 12 codes of a parsed typing."""
        row = np.zeros(2 * len(LOCI), dtype=np.uint16)
        for i, locus in enumerate(LOCI):
            lt = typing.locus(locus)
            if lt is None:
                continue
            if lt.is_genotype_list:
                row[2 * i] = row[2 * i + 1] = self.genotype_list_code(locus, lt.genotypes)
            else:
                row[2 * i] = self.code(locus, lt.slots[0])
                row[2 * i + 1] = self.code(locus, lt.slots[1])
        return row

    def size(self, locus: str) -> int:
        """Number of codes at a locus, untyped included."""
        return len(self.values[locus])

    def to_json(self) -> bytes:
        """``codes.json`` as written (its SHA-256 keys the store's facts)."""
        return json.dumps(self.values).encode("utf-8")

    def digest(self) -> str:
        """SHA-256 of :meth:`to_json`."""
        return codes_digest(self.to_json())


@dataclass
class DonorStore:
    """An opened store; arrays are memory-mapped read-only unless loaded for update."""

    path: Path
    hla: np.ndarray
    columns: dict[str, np.ndarray]
    codebook: CodeBook
    registries: list[str]
    imgt_release: str
    codes_sha256: str = ""
    #: As saved beside the store; checked against the nomenclature before use (facts.py).
    facts: StoreFacts | None = None
    id_order: np.ndarray | None = None
    #: Each row's place in donor-id order (``id_rank.npy``): how equal rank keys are ordered.
    id_rank_array: np.ndarray | None = None
    #: What searches derive from the store once (the engine's genotype-list arrays), keyed by
    #: what it depends on.
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def count(self) -> int:
        """Number of donors and cord units."""
        return int(self.hla.shape[0])

    def donor_id(self, row: int) -> str:
        """The registry identifier of a row."""
        return bytes(self.columns["ids"][row]).decode("ascii")

    def _order(self) -> np.ndarray:
        order = self.id_order
        if order is None or order.shape[0] != self.count:  # a store older than id_order.npy
            order = self.id_order = np.argsort(self.columns["ids"], kind="stable")
        return order

    def id_rank(self) -> np.ndarray:
        """uint32 per row: its place in donor-id order (the search's tie-break on equal keys,
        so that the order of the registry file never decides a rank)."""
        rank = self.id_rank_array
        if rank is None or rank.shape[0] != self.count:
            rank = self.id_rank_array = _rank_of(self._order())
        return rank

    def id_order_rows(self, ranks: np.ndarray) -> np.ndarray:
        """The rows at these places of donor-id order (the inverse of :meth:`id_rank`)."""
        return np.asarray(self._order()[np.asarray(ranks, dtype=np.int64)], dtype=np.int64)

    def row_of(self, donor_id: str) -> int | None:
        """The row of a donor id, or None; a binary search on ``id_order.npy`` when present."""
        wanted = donor_id.encode("ascii", "replace")
        if len(wanted) > ID_WIDTH:
            return None
        ids = self.columns["ids"]
        order = self._order()
        # ids[order] is sorted: a binary search (by hand: numpy's would copy every id first)
        lo, hi = 0, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            if bytes(ids[order[mid]]) < wanted:
                lo = mid + 1
            else:
                hi = mid
        if lo < self.count and bytes(ids[order[lo]]) == wanted:
            return int(order[lo])
        # not found: scan, so that a stale index can only cost time, never a donor
        rows = np.flatnonzero(ids == wanted)
        return int(rows[0]) if rows.size else None


def _rank_of(order: np.ndarray) -> np.ndarray:
    rank = np.empty(order.shape[0], dtype=np.uint32)
    rank[order] = np.arange(order.shape[0], dtype=np.uint32)
    return rank


def _save(path: Path, name: str, array: np.ndarray) -> None:
    tmp = path / f".{name}.tmp.npy"
    np.save(tmp, array)
    os.replace(tmp, path / f"{name}.npy")


def _save_json(path: Path, name: str, data: object) -> None:
    tmp = path / f".{name}.tmp"
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path / name)


def write_meta(
    path: Path,
    count: int,
    codebook: CodeBook,
    registries: list[str],
    imgt_release: str,
    facts: StoreFacts | None = None,
) -> None:
    """Write codes.json, the facts and the id index, then meta.json (last: it makes the new
    arrays current). Without ``facts`` the first search builds them (slowly, once)."""
    tmp = path / ".codes.json.tmp"
    tmp.write_bytes(codebook.to_json())
    os.replace(tmp, path / "codes.json")
    if facts is not None:
        if facts.codes_sha256 != codebook.digest():
            raise ValueError("facts built for other codes than the store's")
        save_facts(path, facts)
    ids = np.load(path / "ids.npy", mmap_mode="r")
    order = np.argsort(ids, kind="stable").astype(np.uint32)  # rows fit: count < 2**32
    _save(path, "id_order", order)
    _save(path, "id_rank", _rank_of(order))
    meta = {
        "format": FORMAT_VERSION,
        "imgt_release": imgt_release,
        "resolution": "lgx",
        "loci": list(LOCI),
        "count": count,
        "registries": registries,
    }
    _save_json(path, "meta.json", meta)


def write_store(
    path: Path,
    hla: np.ndarray,
    columns: dict[str, np.ndarray],
    codebook: CodeBook,
    registries: list[str],
    imgt_release: str,
    facts: StoreFacts | None = None,
) -> None:
    """Write a whole store (used after an import merge)."""
    path.mkdir(parents=True, exist_ok=True)
    _save(path, "hla", np.ascontiguousarray(hla, dtype=np.uint16))
    for name in COLUMNS:
        _save(path, name, columns[name])
    write_meta(path, int(hla.shape[0]), codebook, registries, imgt_release, facts)


def empty_columns(n: int) -> dict[str, np.ndarray]:
    """Columns for n donors, every attribute unknown."""
    return {
        "ids": np.zeros(n, dtype=f"S{ID_WIDTH}"),
        "kind": np.zeros(n, dtype=np.uint8),
        "age": np.full(n, UNKNOWN_AGE, dtype=np.uint8),
        "sex": np.full(n, SEX_CODES.index("unknown"), dtype=np.uint8),
        "cmv": np.full(n, CMV_CODES.index("unknown"), dtype=np.uint8),
        "abo": np.full(n, ABO_CODES.index("unknown"), dtype=np.uint8),
        "registry": np.zeros(n, dtype=np.uint8),
        "tnc": np.full(n, np.nan, dtype=np.float32),
        "cd34": np.full(n, np.nan, dtype=np.float32),
    }


def open_store(path: Path, writable: bool = False) -> DonorStore:
    """Open a store; memory-mapped read-only, or loaded into memory for an update."""
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT_VERSION:
        raise ValueError(
            f"{path}: store format {meta.get('format')} not supported (this version reads "
            f"format {FORMAT_VERSION}): rebuild the store with 'engraft donors generate' or "
            "'engraft donors import'"
        )
    codes_text = (path / "codes.json").read_bytes()
    codes = json.loads(codes_text)
    mode = None if writable else "r"

    def load(name: str) -> np.ndarray:
        return np.load(path / f"{name}.npy", mmap_mode=mode)

    hla = load("hla")
    columns = {name: load(name) for name in COLUMNS}
    count = meta["count"]
    if hla.shape[0] != count:
        raise ValueError(f"{path}: hla.npy has {hla.shape[0]} rows, meta.json says {count}")
    return DonorStore(
        path=path,
        hla=hla,
        columns=columns,
        codebook=CodeBook(codes),
        registries=list(meta["registries"]),
        imgt_release=meta["imgt_release"],
        codes_sha256=codes_digest(codes_text),
        facts=load_facts(path),
        id_order=load("id_order") if (path / "id_order.npy").exists() else None,
        id_rank_array=load("id_rank") if (path / "id_rank.npy").exists() else None,
    )
