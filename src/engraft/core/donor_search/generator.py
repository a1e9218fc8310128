"""A synthetic registry drawn from a haplotype-frequency file, vectorised and memory-light.

Input: the format of ``shared/data/hla/freqs/`` (``A~C~B~DRB1~DQB1,count,frequency`` per line,
gzip or plain). Each donor gets two haplotypes drawn by frequency. The frequency file has no
DPB1, so DPB1 is drawn independently from :data:`DPB1_FREQUENCIES` (in-house approximate
European figures, unsourced: synthetic data only).

Ambiguity as registries have it: a share of donors (``ambiguous_share``) is typed ambiguously,
each with one of: a MAC at one locus (a code from the MAC file containing the true allele), an
XX code at one locus (all alleles of the first field), or no DQB1/DPB1 typing. Attributes are
plausible, not sourced (in-house): age 18-60 skewed young, sex, CMV, ABO and registry.

Nothing here is a real person; identifiers are ``SYN`` + a number.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engraft.core.donor_search.facts import build_facts
from engraft.core.donor_search.store import (
    COLUMNS,
    ID_WIDTH,
    UNKNOWN_AGE,
    CodeBook,
    write_meta,
)
from engraft.core.hla.hla_typing import HlaTypingError, reduce_token
from engraft.core.hla.nomenclature import LOCI, Nomenclature

#: In-house approximate DPB1 allele frequencies (European-like), synthetic data only.
DPB1_FREQUENCIES: dict[str, float] = {
    "DPB1*04:01": 0.40, "DPB1*02:01": 0.12, "DPB1*04:02": 0.11, "DPB1*03:01": 0.09,
    "DPB1*01:01": 0.05, "DPB1*13:01": 0.03, "DPB1*05:01": 0.03, "DPB1*14:01": 0.03,
    "DPB1*10:01": 0.02, "DPB1*11:01": 0.02, "DPB1*06:01": 0.02, "DPB1*17:01": 0.02,
    "DPB1*09:01": 0.02, "DPB1*15:01": 0.02, "DPB1*19:01": 0.01, "DPB1*20:01": 0.01,
}  # fmt: skip

#: In-house plausible attribute distributions (synthetic data only, not sourced).
ABO_SHARES = (0.44, 0.42, 0.10, 0.04)  # O, A, B, AB
CMV_POSITIVE_SHARE = 0.45
MALE_SHARE = 0.45
SYNTHETIC_REGISTRIES = ["SYN-REG-1", "SYN-REG-2", "SYN-REG-3", "SYN-CORD-BANK"]
FREQ_FILE_ORDER = ("A", "C", "B", "DRB1", "DQB1")
CHUNK = 1_000_000


@dataclass(frozen=True)
class HaplotypeTable:
    """Haplotypes as per-locus code arrays, with their frequencies."""

    codes: dict[str, np.ndarray]  # locus -> (haplotypes,) uint16
    frequencies: np.ndarray


def read_haplotypes(nomenclature: Nomenclature, path: Path, codebook: CodeBook) -> HaplotypeTable:
    """Read a frequency file; every allele is validated and reduced to lgx with py-ard."""
    opener = gzip.open if path.suffix == ".gz" else open
    codes: dict[str, list[int]] = {locus: [] for locus in FREQ_FILE_ORDER}
    freqs: list[float] = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(",")
            if len(parts) != 3:
                raise ValueError(f"{path}:{line_no}: expected 'haplotype,count,frequency'")
            alleles = parts[0].split("~")
            if len(alleles) != len(FREQ_FILE_ORDER):
                raise ValueError(f"{path}:{line_no}: expected {'~'.join(FREQ_FILE_ORDER)}")
            for locus, allele in zip(FREQ_FILE_ORDER, alleles, strict=True):
                try:
                    reduced = reduce_token(nomenclature, allele)
                except HlaTypingError as error:
                    raise ValueError(f"{path}:{line_no}: {error}") from error
                codes[locus].append(codebook.code(locus, reduced))
            freqs.append(float(parts[2]))
    f = np.asarray(freqs, dtype=np.float64)
    return HaplotypeTable(
        codes={k: np.asarray(v, dtype=np.uint16) for k, v in codes.items()},
        frequencies=f / f.sum(),
    )


def _mac_alternatives(
    nomenclature: Nomenclature, codebook: CodeBook, locus: str, rng: np.random.Generator
) -> np.ndarray:
    """For each one-allele code: the code of a MAC typing containing it (else itself)."""
    out = np.arange(codebook.size(locus), dtype=np.uint16)
    by_second: dict[str, list[str]] = {}
    macs = _mac_index(nomenclature)
    for code in range(1, codebook.size(locus)):
        alleles = codebook.alleles(locus, code)
        if len(alleles) != 1:
            continue
        allele = next(iter(alleles))
        group, _, second = allele.partition("*")[2].partition(":")
        candidates = by_second.setdefault(second, macs.get(second, []))
        for mac in rng.permutation(candidates)[:5] if candidates else []:
            try:  # null members kept, as an import keeps them (hla_typing.reduce_token)
                expanded = reduce_token(nomenclature, f"{locus}*{group}:{mac}")
            except HlaTypingError:
                continue  # a MAC not valid for this group: try another
            if allele in expanded and len(expanded) > 1:
                out[code] = codebook.code(locus, expanded)
                break
    return out


_MAC_CACHE: dict[int, dict[str, list[str]]] = {}


def _mac_index(nomenclature: Nomenclature) -> dict[str, list[str]]:
    """Second field -> MAC codes listing it (short codes only, as registries use)."""
    key = id(nomenclature)
    if key not in _MAC_CACHE:
        index: dict[str, list[str]] = {}
        path = nomenclature.data_dir / "mac" / "numer.v3.subset.txt"
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 2 or fields[0] in ("", "CODE") or ":" in fields[1]:
                    continue
                subtypes = fields[1].split("/")
                if 2 <= len(subtypes) <= 6:
                    for sub in subtypes:
                        index.setdefault(sub, []).append(fields[0])
        _MAC_CACHE[key] = index
    return _MAC_CACHE[key]


def _xx_alternatives(nomenclature: Nomenclature, codebook: CodeBook, locus: str) -> np.ndarray:
    """For each one-allele code: the code of its first field's XX typing."""
    out = np.arange(codebook.size(locus), dtype=np.uint16)
    for code in range(1, codebook.size(locus)):
        alleles = codebook.alleles(locus, code)
        if len(alleles) == 1:
            allele = next(iter(alleles))
            group = allele.partition("*")[2].split(":")[0]
            try:
                out[code] = codebook.code(locus, reduce_token(nomenclature, f"{locus}*{group}:XX"))
            except HlaTypingError:
                continue
    return out


def generate_registry(
    nomenclature: Nomenclature,
    haplotype_file: Path,
    count: int,
    out_dir: Path,
    ambiguous_share: float = 0.0,
    seed: int = 0,
    cord_share: float = 0.0,
) -> int:
    """Write a synthetic store of ``count`` donors to ``out_dir``; return the count."""
    if not 0.0 <= ambiguous_share <= 1.0:
        raise ValueError("ambiguous share must be between 0 and 1")
    rng = np.random.default_rng(seed)
    codebook = CodeBook()
    haps = read_haplotypes(nomenclature, haplotype_file, codebook)
    dp_codes = np.asarray(
        [codebook.code("DPB1", reduce_token(nomenclature, a)) for a in DPB1_FREQUENCIES],
        dtype=np.uint16,
    )
    dp_p = np.asarray(list(DPB1_FREQUENCIES.values()))
    dp_p = dp_p / dp_p.sum()
    ambiguous_loci = ("A", "B", "C", "DRB1")
    mac_alt = {loc: _mac_alternatives(nomenclature, codebook, loc, rng) for loc in ambiguous_loci}
    xx_alt = {loc: _xx_alternatives(nomenclature, codebook, loc) for loc in ambiguous_loci}
    out_dir.mkdir(parents=True, exist_ok=True)
    open_mm = np.lib.format.open_memmap
    hla = open_mm(out_dir / "hla.npy", mode="w+", dtype=np.uint16, shape=(count, 12))
    dtypes = {"ids": f"S{ID_WIDTH}", "tnc": np.float32, "cd34": np.float32}
    cols = {
        name: open_mm(out_dir / f"{name}.npy", mode="w+", dtype=dtypes.get(name, np.uint8),
                      shape=(count,))
        for name in COLUMNS
    }  # fmt: skip
    cum = np.cumsum(haps.frequencies)
    for start in range(0, count, CHUNK):
        n = min(CHUNK, count - start)
        h = np.searchsorted(cum, rng.random((n, 2)) * cum[-1]).clip(0, len(cum) - 1)
        block = np.empty((n, 12), dtype=np.uint16)
        for li, locus in enumerate(LOCI):
            if locus == "DPB1":
                block[:, 10:12] = dp_codes[np.searchsorted(np.cumsum(dp_p), rng.random((n, 2)))
                                           .clip(0, len(dp_p) - 1)]  # fmt: skip
            else:
                block[:, 2 * li : 2 * li + 2] = haps.codes[locus][h]
        if ambiguous_share > 0:
            amb = np.flatnonzero(rng.random(n) < ambiguous_share)
            kind = rng.integers(0, 3, size=amb.size)
            # 0: MAC at one locus, 1: XX at one locus, 2: DQB1/DPB1 not typed
            locus_pick = rng.integers(0, len(ambiguous_loci), size=amb.size)
            slot_pick = rng.integers(0, 2, size=amb.size)
            for li, locus in enumerate(ambiguous_loci):
                col_base = 2 * LOCI.index(locus)
                for k, table in ((0, mac_alt[locus]), (1, xx_alt[locus])):
                    sel = amb[(kind == k) & (locus_pick == li)]
                    cols_sel = col_base + slot_pick[(kind == k) & (locus_pick == li)]
                    block[sel, cols_sel] = table[block[sel, cols_sel]]
            untyped = amb[kind == 2]
            drop_dq = rng.random(untyped.size) < 0.3
            block[untyped[drop_dq], 8:10] = 0
            block[untyped, 10:12] = 0
        hla[start : start + n] = block
        is_cord = rng.random(n) < cord_share
        cols["kind"][start : start + n] = is_cord
        age = 18 + np.minimum(rng.gamma(2.0, 6.0, n), 42).astype(np.uint8)
        age[is_cord] = UNKNOWN_AGE
        cols["age"][start : start + n] = age
        cols["sex"][start : start + n] = rng.random(n) < MALE_SHARE
        cols["cmv"][start : start + n] = rng.random(n) < CMV_POSITIVE_SHARE
        cols["abo"][start : start + n] = np.searchsorted(np.cumsum(ABO_SHARES), rng.random(n))
        registry = rng.integers(0, 3, n, dtype=np.uint8)
        registry[is_cord] = 3
        cols["registry"][start : start + n] = registry
        # Cord unit cells (in-house plausible: TNC ~1-3e9, CD34+ ~2-10e6 per unit)
        tnc = np.where(is_cord, rng.lognormal(np.log(1.5e9), 0.4, n), np.nan)
        cd34 = np.where(is_cord, rng.lognormal(np.log(5e6), 0.5, n), np.nan)
        cols["tnc"][start : start + n] = tnc
        cols["cd34"][start : start + n] = cd34
        ids = np.char.add(b"SYN", np.char.zfill(np.arange(start, start + n).astype("S12"), 10))
        cols["ids"][start : start + n] = ids
    hla.flush()
    for col in cols.values():
        col.flush()
    del hla, cols
    # the nomenclature facts of every code, once, so that no search asks py-ard about them
    facts = build_facts(nomenclature, codebook, codebook.digest())
    write_meta(out_dir, count, codebook, SYNTHETIC_REGISTRIES, nomenclature.imgt_release, facts)
    return count
