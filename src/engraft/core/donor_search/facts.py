"""The nomenclature facts of a store's alleles, built once with the store and saved beside it.

Grading needs, for every lgx allele a store code may stand for, what
:func:`engraft.core.hla.match_grade.relation` looks at: whether it is null, its first field,
its split serologic antigens (a py-ard ``S`` reduction), and at DPB1 each code's TCE group.
Asking py-ard for these takes seconds for the ~15,000 alleles of a 1-million-donor store
(XX codes expand to whole allele groups), which made the first search of every process slow.
They depend only on the store's codes and the IPD-IMGT/HLA release, so ``donors generate`` and
``donors import`` build them once and write ``facts.npz`` beside the arrays; a search loads
them in milliseconds.

The file is keyed by its format, the IMGT release and a SHA-256 of ``codes.json``: facts that
do not match the store (missing, an older store, another release, codes changed since) are
not used: :func:`ensure_facts` (called by the engine, and by the app when it opens the store)
rebuilds them from py-ard and saves them again; a store of another release is refused. The
*patient's* alleles are never taken from this file: they are looked up in py-ard at search
time (a dozen calls), so a patient allele the store has never seen is graded correctly.

``facts.npz`` is an uncompressed NumPy archive (``allow_pickle`` off): a few megabytes at most,
read whole; the per-donor arrays stay memory-mapped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from engraft.core.hla.antigens import first_field, is_null, split_antigens
from engraft.core.hla.dpb1_tce import side_score, tce_groups, typing_score
from engraft.core.hla.nomenclature import LOCI, Nomenclature

if TYPE_CHECKING:
    from engraft.core.donor_search.store import CodeBook, DonorStore

FACTS_FORMAT = 1
FACTS_FILE = "facts.npz"
UNKNOWN_DP = -1

log = logging.getLogger(__name__)
_rebuild_lock = threading.Lock()  # web threads: one rebuild, not one each


class StoreReleaseMismatch(ValueError):
    """The store was reduced with another IPD-IMGT/HLA release than the running nomenclature."""


@dataclass(frozen=True)
class LocusFacts:
    """Per store locus: each code's alleles (CSR) and each allele's facts, as arrays."""

    alleles: list[str]  # unique alleles of the locus, in code order of first appearance
    flat: np.ndarray  # (sum of code sizes,) int64: allele index of each code's alleles
    offsets: np.ndarray  # (codes + 1,) int64: code c's alleles are flat[offsets[c]:offsets[c+1]]
    index: dict[str, int]  # allele -> its index in ``alleles``
    null: np.ndarray  # (alleles,) bool
    first_field: np.ndarray  # (alleles,) int64: id of the first field
    first_field_ids: dict[str, int]
    antigens: np.ndarray  # (alleles, antigens) bool: split antigens (antigens.split_antigens)
    antigen_ids: dict[str, int]


@dataclass(frozen=True)
class StoreFacts:
    """Everything the engine asks the nomenclature about a store's codes, for one release."""

    imgt_release: str
    codes_sha256: str
    loci: dict[str, LocusFacts]
    dp_group: np.ndarray  # (DPB1 codes,) int8: TCE group of a donor DPB1 code, -1 unknown
    tce_groups: dict[str, int]  # lgx DPB1 allele -> V2 TCE group (dpb1_tce.tce_groups)

    def matches(self, imgt_release: str, codes_sha256: str, codebook: CodeBook) -> bool:
        """Whether these facts were built for that release and exactly those codes."""
        return (
            self.imgt_release == imgt_release
            and self.codes_sha256 == codes_sha256
            and all(len(lf.offsets) == codebook.size(lc) + 1 for lc, lf in self.loci.items())
            and len(self.dp_group) == codebook.size("DPB1")
        )


def codes_digest(text: bytes) -> str:
    """SHA-256 of ``codes.json`` as written (the key tying facts to a store's codes)."""
    return hashlib.sha256(text).hexdigest()


def _locus_alleles(codebook: CodeBook, locus: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    index: dict[str, int] = {}
    flat: list[int] = []
    offsets = [0]
    for code in range(codebook.size(locus)):
        # sorted: a frozenset's order varies between processes, the file must not
        for allele in sorted(codebook.alleles(locus, code)):
            flat.append(index.setdefault(allele, len(index)))
        offsets.append(len(flat))
    return list(index), np.asarray(flat, np.int64), np.asarray(offsets, np.int64)


def _locus_facts(
    nomenclature: Nomenclature,
    codebook: CodeBook,
    locus: str,
    previous: LocusFacts | None,
) -> LocusFacts:
    alleles, flat, offsets = _locus_alleles(codebook, locus)
    known: dict[str, frozenset[str]] = {}
    if previous is not None:  # reuse what an earlier build of this store already asked
        names = list(previous.antigen_ids)
        for allele, row in zip(previous.alleles, previous.antigens, strict=True):
            known[allele] = frozenset(names[j] for j in np.flatnonzero(row))
    splits = [known[a] if a in known else split_antigens(nomenclature, a) for a in alleles]
    antigen_ids: dict[str, int] = {}
    for s in splits:
        for antigen in sorted(s):
            antigen_ids.setdefault(antigen, len(antigen_ids))
    matrix = np.zeros((len(alleles), max(1, len(antigen_ids))), dtype=np.bool_)
    for i, s in enumerate(splits):
        matrix[i, [antigen_ids[x] for x in s]] = True
    ff_ids: dict[str, int] = {}
    return LocusFacts(
        alleles=alleles,
        flat=flat,
        offsets=offsets,
        index={a: i for i, a in enumerate(alleles)},
        null=np.asarray([is_null(a) for a in alleles], dtype=np.bool_),
        first_field=np.asarray(
            [ff_ids.setdefault(first_field(a), len(ff_ids)) for a in alleles], np.int64
        ),
        first_field_ids=ff_ids,
        antigens=matrix,
        antigen_ids=antigen_ids,
    )


def _dp_groups(codebook: CodeBook, groups: dict[str, int]) -> np.ndarray:
    """Each DPB1 code's TCE score (a genotype-list code's: the same over its genotypes)."""
    out = np.full(codebook.size("DPB1"), UNKNOWN_DP, dtype=np.int8)
    for code in range(1, codebook.size("DPB1")):
        genotypes = codebook.genotypes("DPB1", code)
        if genotypes is not None:
            score = typing_score(groups, genotypes)
            if score is not None:
                out[code] = score
            continue
        alleles = codebook.alleles("DPB1", code)
        score = side_score(groups, (alleles,))
        if score is not None:
            out[code] = score
        elif all(is_null(a) for a in alleles):
            out[code] = 0
    return out


def build_facts(
    nomenclature: Nomenclature,
    codebook: CodeBook,
    codes_sha256: str,
    previous: StoreFacts | None = None,
) -> StoreFacts:
    """Ask py-ard about every allele of a codebook (seconds for a large store).

    ``previous``: facts of the same release for an earlier version of the codebook (an
    import adding donors); the alleles they know are not asked again.
    """
    if previous is not None and previous.imgt_release != nomenclature.imgt_release:
        previous = None
    loci = {
        locus: _locus_facts(
            nomenclature, codebook, locus, previous.loci.get(locus) if previous else None
        )
        for locus in LOCI
    }
    groups = previous.tce_groups if previous is not None else tce_groups(nomenclature)
    return StoreFacts(
        imgt_release=nomenclature.imgt_release,
        codes_sha256=codes_sha256,
        loci=loci,
        dp_group=_dp_groups(codebook, groups),
        tce_groups=dict(groups),
    )


def _names(values: list[str] | dict[str, int]) -> np.ndarray:
    # fixed-width unicode: loadable with allow_pickle=False
    return np.asarray(list(values), dtype=np.str_) if values else np.zeros(0, dtype="<U1")


def save_facts(path: Path, facts: StoreFacts) -> None:
    """Write ``facts.npz`` atomically (temporary file, then ``os.replace``)."""
    arrays: dict[str, np.ndarray] = {
        "format": np.asarray(FACTS_FORMAT),
        "imgt_release": np.asarray(facts.imgt_release),
        "codes_sha256": np.asarray(facts.codes_sha256),
        "dp_group": facts.dp_group,
        "tce_alleles": _names(facts.tce_groups),
        "tce_values": np.asarray(list(facts.tce_groups.values()), dtype=np.int8),
    }
    for locus, lf in facts.loci.items():
        arrays |= {
            f"{locus}.alleles": _names(lf.alleles),
            f"{locus}.flat": lf.flat,
            f"{locus}.offsets": lf.offsets,
            f"{locus}.null": lf.null,
            f"{locus}.first_field": lf.first_field,
            f"{locus}.first_fields": _names(lf.first_field_ids),
            f"{locus}.antigens": lf.antigens,
            f"{locus}.antigen_names": _names(lf.antigen_ids),
        }
    # a temporary name of its own: two processes rebuilding at once must not share one
    with tempfile.NamedTemporaryFile(dir=path, prefix=f".{FACTS_FILE}.", delete=False) as handle:
        try:
            np.savez(handle, **arrays)
        except BaseException:
            os.unlink(handle.name)
            raise
    os.replace(handle.name, path / FACTS_FILE)


def load_facts(path: Path) -> StoreFacts | None:
    """The saved facts of a store directory; None when absent, unreadable or of a format
    this version does not read (the caller rebuilds them)."""
    file = path / FACTS_FILE
    if not file.exists():
        return None
    try:
        with np.load(file, allow_pickle=False) as data:
            if int(data["format"]) != FACTS_FORMAT:
                return None
            loci = {}
            for locus in LOCI:
                alleles = data[f"{locus}.alleles"].tolist()
                first_fields = data[f"{locus}.first_fields"].tolist()
                antigens = data[f"{locus}.antigen_names"].tolist()
                loci[locus] = LocusFacts(
                    alleles=alleles,
                    flat=data[f"{locus}.flat"],
                    offsets=data[f"{locus}.offsets"],
                    index={a: i for i, a in enumerate(alleles)},
                    null=data[f"{locus}.null"],
                    first_field=data[f"{locus}.first_field"],
                    first_field_ids={f: i for i, f in enumerate(first_fields)},
                    antigens=data[f"{locus}.antigens"],
                    antigen_ids={a: i for i, a in enumerate(antigens)},
                )
            return StoreFacts(
                imgt_release=str(data["imgt_release"]),
                codes_sha256=str(data["codes_sha256"]),
                loci=loci,
                dp_group=data["dp_group"],
                tce_groups=dict(
                    zip(data["tce_alleles"].tolist(), data["tce_values"].tolist(), strict=True)
                ),
            )
    except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile):
        # a damaged or partial file: rebuilt, not trusted
        return None


def ensure_facts(nomenclature: Nomenclature, store: DonorStore) -> StoreFacts:
    """The store's facts for this nomenclature: the saved ones, or rebuilt and saved.

    A store reduced with another IMGT release is refused (its codes would be graded against the
    wrong nomenclature); facts that are missing or do not match the store's release and codes
    are rebuilt from py-ard (seconds, once) and written beside the store when it is writable.
    """
    if store.imgt_release != nomenclature.imgt_release:
        raise StoreReleaseMismatch(
            f"donor store {store.path} was built with IPD-IMGT/HLA {store.imgt_release}, "
            f"this installation's nomenclature is {nomenclature.imgt_release}: rebuild the "
            "store with 'engraft donors generate' or 'engraft donors import'"
        )
    facts = store.facts
    if facts is not None and facts.matches(store.imgt_release, store.codes_sha256, store.codebook):
        return facts
    with _rebuild_lock:
        facts = store.facts
        if facts is not None and facts.matches(
            store.imgt_release, store.codes_sha256, store.codebook
        ):
            return facts
        why = (
            "missing"
            if facts is None
            else f"built for IPD-IMGT/HLA {facts.imgt_release} or other codes"
        )
        log.warning("donor store %s: nomenclature facts %s, rebuilding them", store.path, why)
        facts = build_facts(nomenclature, store.codebook, store.codes_sha256, facts)
        try:
            save_facts(store.path, facts)
        except OSError as error:  # a read-only store still searches, only slower to open
            log.warning("donor store %s: facts not saved (%s)", store.path, error)
        store.facts = facts
        return facts
