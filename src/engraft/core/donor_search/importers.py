"""Import donors and cord units into a store, streamed, with a per-row error report.

Formats (documented in docs/donor-search.md):

- GL file: one donor a line, ``ID%GL-string`` (the WMDA matching-validation layout, Bochtler W
  et al., HLA 2016;87(6):439-48); ``.gz`` accepted. No attributes: they stay unknown.
- CSV file (header required, UTF-8): ``donor_id,kind,registry,age,sex,cmv,abo,tnc,cd34,hla``
  where kind is ``adult`` or ``cord``; sex ``female``/``male``/``unknown``; cmv
  ``negative``/``positive``/``unknown``; abo ``O``/``A``/``B``/``AB``/``unknown``; tnc and cd34
  the cells in a cord unit (empty for adults); hla a GL string. Empty cells mean unknown.

A donor id already in the store is updated in place, never duplicated.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from engraft.core.donor_search.facts import build_facts
from engraft.core.donor_search.store import (
    ABO_CODES,
    CMV_CODES,
    COLUMNS,
    ID_WIDTH,
    KIND_CODES,
    SEX_CODES,
    UNKNOWN_AGE,
    CodeBook,
    empty_columns,
    open_store,
    write_store,
)
from engraft.core.hla.hla_typing import HlaTypingError, parse_typing
from engraft.core.hla.nomenclature import Nomenclature

CSV_FIELDS = ("donor_id", "kind", "registry", "age", "sex", "cmv", "abo", "tnc", "cd34", "hla")


@dataclass(frozen=True)
class RowError:
    """One refused row: where, which donor, and why."""

    line: int
    donor_id: str
    message: str


@dataclass
class ImportReport:
    """What an import did."""

    rows_read: int = 0
    added: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class DonorRow:
    """A parsed row, before encoding."""

    line: int
    donor_id: str
    hla: str
    attributes: dict[str, object]


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8", newline="")


def _gl_rows(path: Path) -> Iterator[DonorRow | RowError]:
    with _open_text(path) as handle:
        for line_no, line in enumerate(handle, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            donor_id, sep, gl = line.partition("%")
            if not sep or not donor_id.strip() or not gl.strip():
                yield RowError(line_no, donor_id.strip(), "expected 'ID%GL-string'")
                continue
            yield DonorRow(line_no, donor_id.strip(), gl.strip(), {})


def _choice(value: str, allowed: tuple[str, ...], name: str) -> int:
    value = value.strip() or "unknown"
    if value not in allowed:
        raise ValueError(f"{name} {value!r} not one of {', '.join(allowed)}")
    return allowed.index(value)


def _csv_attributes(row: dict[str, str]) -> dict[str, object]:
    age_text = row["age"].strip()
    age = UNKNOWN_AGE  # empty = unknown
    if age_text:
        age = int(age_text)
        if not 0 <= age < UNKNOWN_AGE:
            raise ValueError(f"age {age_text!r} out of range")
    return {
        "kind": _choice(row["kind"] or "adult", KIND_CODES, "kind"),
        "registry": row["registry"].strip() or "unknown",
        "age": age,
        "sex": _choice(row["sex"], SEX_CODES, "sex"),
        "cmv": _choice(row["cmv"], CMV_CODES, "cmv"),
        "abo": _choice(row["abo"], ABO_CODES, "abo"),
        "tnc": float(row["tnc"]) if row["tnc"].strip() else np.nan,
        "cd34": float(row["cd34"]) if row["cd34"].strip() else np.nan,
    }


def _csv_rows(path: Path) -> Iterator[DonorRow | RowError]:
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = [f for f in CSV_FIELDS if f not in (reader.fieldnames or [])]
        if missing:
            yield RowError(1, "", f"CSV header lacks column(s): {', '.join(missing)}")
            return
        for row in reader:
            line_no = reader.line_num
            donor_id = (row["donor_id"] or "").strip()
            if not donor_id:
                yield RowError(line_no, "", "empty donor_id")
                continue
            try:
                attributes = _csv_attributes(row)
            except ValueError as error:
                yield RowError(line_no, donor_id, str(error))
                continue
            yield DonorRow(line_no, donor_id, row["hla"].strip(), attributes)


def read_rows(path: Path) -> Iterator[DonorRow | RowError]:
    """Rows of a GL (``ID%GL``) or CSV file, chosen by the file name (.csv or not)."""
    name = path.name.removesuffix(".gz")
    return _csv_rows(path) if name.endswith(".csv") else _gl_rows(path)


def import_file(
    nomenclature: Nomenclature, path: Path, store_dir: Path, progress: bool = True
) -> ImportReport:
    """Import a file into a store (created if absent); re-import updates rather than adds."""
    report = ImportReport()
    if (store_dir / "meta.json").exists():
        store = open_store(store_dir, writable=True)
        if store.imgt_release != nomenclature.imgt_release:
            raise ValueError(
                f"store built with IMGT {store.imgt_release}, nomenclature is "
                f"{nomenclature.imgt_release}: rebuild the store"
            )
        hla_rows = list(store.hla)
        columns = {name: list(store.columns[name]) for name in COLUMNS}
        codebook, registries = store.codebook, store.registries
        previous_facts = store.facts
    else:
        hla_rows, codebook, registries = [], CodeBook(), ["unknown"]
        previous_facts = None
        columns = {name: [] for name in COLUMNS}
    index = {bytes(v).decode("ascii"): i for i, v in enumerate(columns["ids"])}
    defaults = {k: v[0] for k, v in empty_columns(1).items()}
    for item in tqdm(read_rows(path), desc=f"import {path.name}", unit=" rows",
                     disable=not progress):  # fmt: skip
        if isinstance(item, RowError):
            report.errors.append(item)
            continue
        report.rows_read += 1
        if len(item.donor_id.encode("ascii", "replace")) > ID_WIDTH:
            report.errors.append(RowError(item.line, item.donor_id, "donor_id over 16 chars"))
            continue
        try:
            typing = parse_typing(nomenclature, item.hla)
        except HlaTypingError as error:
            report.errors.append(RowError(item.line, item.donor_id, str(error)))
            continue
        values = dict(defaults)
        values.update({k: v for k, v in item.attributes.items() if k != "registry"})
        registry = str(item.attributes.get("registry", "unknown"))
        if registry not in registries:
            registries.append(registry)
        values["registry"] = registries.index(registry)
        values["ids"] = item.donor_id.encode("ascii", "replace")
        row = codebook.encode(typing)
        if item.donor_id in index:
            i = index[item.donor_id]
            hla_rows[i] = row
            for name in COLUMNS:
                columns[name][i] = values[name]
            report.updated += 1
        else:
            index[item.donor_id] = len(hla_rows)
            hla_rows.append(row)
            for name in COLUMNS:
                columns[name].append(values[name])
            report.added += 1
    template = empty_columns(0)
    arrays = {n: np.asarray(columns[n], dtype=template[n].dtype) for n in COLUMNS}
    hla = np.asarray(hla_rows, dtype=np.uint16).reshape(-1, 12)
    # facts for the codes this import added; those of known alleles are reused
    facts = build_facts(nomenclature, codebook, codebook.digest(), previous_facts)
    write_store(store_dir, hla, arrays, codebook, registries, nomenclature.imgt_release, facts)
    return report
