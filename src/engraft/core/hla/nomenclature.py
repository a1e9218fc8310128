"""HLA nomenclature through py-ard (NMDP), set up to work offline.

py-ard normally downloads the IPD-IMGT/HLA files and NMDP's multiple-allele codes (MACs). The
hospital network has no route to those sites, so we build py-ard's SQLite file once from the
reference files in the shared data folder (IPD-IMGT/HLA release 3.58.0 and a MAC subset, see
``shared/data/hla/README.md``) and reuse it afterwards:

- ``IMGT_HLA_URL`` is pointed at a ``file://`` URL of the data folder's ``imgt/`` directory, which
  mirrors the IMGTHLA repository layout;
- the SQLite file is pre-created with a ``mac_codes`` table filled from the MAC subset, so py-ard
  neither asks NMDP for MACs nor asks the IMGT API which versions exist;
- after the build an empty ``antigen_specifities`` table is added: py-ard 2.4.2 only creates it
  for releases >= 3.64.0, and without it each later ``init`` re-reads ``rel_dna_ser.txt``.

Paths are configurable: ``ENGRAFT_HLA_DATA`` (default ``<repo>/../shared/data/hla``) and
``ENGRAFT_CACHE_DIR`` (default ``<repo>/.cache``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyard.ard import ARD

_REPO_ROOT = Path(__file__).resolve().parents[4]

#: The IPD-IMGT/HLA release the shared data folder holds (imgt/3580/release_version.txt).
DEFAULT_IMGT_VERSION = "3580"

#: Loci graded for transplant (Dehn 2019: A, B, C, DRB1 = 8/8; + DQB1 = 10/10; + DPB1 = 12/12).
LOCI: tuple[str, ...] = ("A", "B", "C", "DRB1", "DQB1", "DPB1")


def hla_data_dir() -> Path:
    """The HLA reference data folder: ``$ENGRAFT_HLA_DATA`` or ``<repo>/../shared/data/hla``."""
    env = os.environ.get("ENGRAFT_HLA_DATA")
    return Path(env) if env else _REPO_ROOT.parent / "shared" / "data" / "hla"


def cache_dir() -> Path:
    """Where built caches live: ``$ENGRAFT_CACHE_DIR`` or ``<repo>/.cache`` (git-ignored)."""
    env = os.environ.get("ENGRAFT_CACHE_DIR")
    return Path(env) if env else _REPO_ROOT / ".cache"


def imgt_release_label(version: str = DEFAULT_IMGT_VERSION) -> str:
    """Dotted release name, e.g. ``"3580"`` -> ``"3.58.0"``, as written in result objects."""
    if version.isdigit() and len(version) == 4:
        return f"{version[0]}.{version[1:3]}.{version[3]}"
    return version


@dataclass(frozen=True, eq=False)  # identity hash: cheap keys for per-release caches
class Nomenclature:
    """An initialised py-ard instance and the IMGT release it was built from."""

    ard: ARD
    imgt_version: str
    data_dir: Path

    @property
    def imgt_release(self) -> str:
        """The release as users read it (``3.58.0``)."""
        return imgt_release_label(self.imgt_version)


def _read_mac_subset(mac_file: Path) -> list[tuple[str, str]]:
    """Rows (code, subtype list) of a file in NMDP's ``numer.v3.txt`` layout."""
    rows: list[tuple[str, str]] = []
    with mac_file.open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and fields[0] and fields[0] != "CODE":
                rows.append((fields[0].strip(), fields[1].strip()))
    return rows


def _import_pyard_offline(data_dir: Path):
    """Import py-ard with its download URL pointed at the local files.

    py-ard reads ``IMGT_HLA_URL`` when its loader package is first imported and prints the URL
    to stdout; the print is sent to stderr so that JSON on stdout stays clean.
    """
    os.environ["IMGT_HLA_URL"] = (data_dir / "imgt").resolve().as_uri() + "/"
    os.environ.setdefault("PYARD_RC", "no")
    with contextlib.redirect_stdout(sys.stderr):
        import pyard
        import pyard.loader
    return pyard


def build_pyard_database(
    imgt_version: str = DEFAULT_IMGT_VERSION,
    data_dir: Path | None = None,
    target_dir: Path | None = None,
) -> Path:
    """Build ``pyard-<version>.sqlite3`` from the local files; return its path.

    The file is built in a temporary folder and moved into place, so that two processes
    starting at once never see a half-built database.
    """
    data_dir = data_dir or hla_data_dir()
    target_dir = target_dir or cache_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    db_name = f"pyard-{imgt_version}.sqlite3"
    pyard = _import_pyard_offline(data_dir)
    with tempfile.TemporaryDirectory(dir=target_dir, prefix="pyard-build-") as tmp:
        tmp_db = Path(tmp) / db_name
        with contextlib.closing(sqlite3.connect(tmp_db)) as conn:
            conn.execute("CREATE TABLE mac_codes (code TEXT PRIMARY KEY, alleles TEXT NOT NULL)")
            conn.executemany(
                "INSERT OR REPLACE INTO mac_codes VALUES (?, ?)",
                _read_mac_subset(data_dir / "mac" / "numer.v3.subset.txt"),
            )
            conn.commit()
        with contextlib.redirect_stdout(sys.stderr):
            ard = pyard.init(imgt_version=imgt_version, data_dir=tmp, load_mac=True)
        ard.db_connection.close()
        with contextlib.closing(sqlite3.connect(tmp_db)) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS antigen_specifities "
                "(allele TEXT PRIMARY KEY, hats TEXT)"
            )
            conn.commit()
        final = target_dir / db_name
        os.replace(tmp_db, final)
    return final


@functools.cache
def get_nomenclature(imgt_version: str = DEFAULT_IMGT_VERSION) -> Nomenclature:
    """The process-wide py-ard instance for ``imgt_version``, built on first use."""
    data_dir = hla_data_dir()
    if not (data_dir / "imgt" / imgt_version).is_dir():
        raise FileNotFoundError(
            f"HLA reference data for release {imgt_version} not found under {data_dir}; "
            "set ENGRAFT_HLA_DATA"
        )
    target = cache_dir()
    db_file = target / f"pyard-{imgt_version}.sqlite3"
    if not db_file.exists():
        build_pyard_database(imgt_version, data_dir, target)
    pyard = _import_pyard_offline(data_dir)
    with contextlib.redirect_stdout(sys.stderr):
        ard = pyard.init(
            imgt_version=imgt_version,
            data_dir=str(target),
            load_mac=True,
            cache_size=1_000_000,
        )
    return Nomenclature(ard=ard, imgt_version=imgt_version, data_dir=data_dir)


def clear_pyard_cache(target_dir: Path | None = None) -> None:
    """Remove built py-ard files (used when the reference data changes)."""
    target_dir = target_dir or cache_dir()
    for path in target_dir.glob("pyard-*.sqlite3"):
        path.unlink()
    for path in target_dir.glob("pyard-build-*"):
        shutil.rmtree(path, ignore_errors=True)
