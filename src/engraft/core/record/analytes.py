"""The catalogue of laboratory analytes the osteopetrosis record tracks.

Each analyte carries its LOINC code, its canonical UCUM unit, the other units labs commonly
report it in (with the factor that converts them), the limits outside which a value is
physiologically impossible (refused) and the range outside which it is unusual (flagged).

Sources. LOINC codes come from /work/shared/research/software.md section 3.2; a code that is
not confirmed there carries ``loinc_status="to verify"``. The analytes themselves are the
osteopetrosis work-up of clinical.md section 2c (CBC, calcium, phosphate, PTH, ALP,
immunoglobulins, bicarbonate; Wu 2017, GeneReviews NBK1127) and the SOS/VOD and hepatic items
of sections 4d and 7b (bilirubin, AST, ALT, creatinine). Conversion factors are molar masses
(calcium 40.08 g/mol, phosphorus 30.97 g/mol, creatinine 113.12 g/mol, bilirubin 584.7 g/mol,
PTH 9,425 g/mol) or unit identities; they are arithmetic, not clinical claims.

Possible and unusual ranges are NOT in the research notes: they are in-house limits chosen
wide enough to catch unit and typing errors, kept in the knowledge base (lab_limits.json,
versioned with the assessment rules) and labelled ``limits_source="in-house"`` so the UI
can say so. No paediatric reference interval is in the research notes either, so
``reference_band`` is None for every analyte; the sourced clinical thresholds (hypercalcaemia
after HSCT, engraftment) are carried as ``thresholds`` with their citations instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from engraft.core.knowledge import read_data_file

LOINC_SYSTEM = "http://loinc.org"
UCUM_SYSTEM = "http://unitsofmeasure.org"
IN_HOUSE = "in-house"
LOINC_CONFIRMED = "confirmed in software.md 3.2"
LOINC_TO_VERIFY = "to verify"


@dataclass(frozen=True)
class Threshold:
    """A clinically meaningful cut-off with its source (drawn as a line on charts)."""

    value: float
    label: str
    source: str


@dataclass(frozen=True)
class ReferenceBand:
    """A reference interval; ``source`` is a citation or the word ``in-house``."""

    low: float
    high: float
    source: str


@dataclass(frozen=True)
class Analyte:
    """One laboratory analyte: codes, units and plausibility limits."""

    key: str
    display: str
    loinc: str
    loinc_display: str
    loinc_status: str
    unit: str  # canonical UCUM unit; every stored value is in it
    alternative_units: tuple[tuple[str, float], ...]  # (UCUM unit, factor to canonical)
    possible: tuple[float, float]  # outside: refused
    unusual: tuple[float, float]  # outside: accepted but flagged
    limits_source: str = IN_HOUSE
    reference_band: ReferenceBand | None = None
    thresholds: tuple[Threshold, ...] = ()

    def factor_for(self, ucum_unit: str) -> float | None:
        """Factor converting a value in ``ucum_unit`` to the canonical unit, or None."""
        if ucum_unit == self.unit:
            return 1.0
        return dict(self.alternative_units).get(ucum_unit)

    @property
    def accepted_units(self) -> tuple[str, ...]:
        """The canonical unit followed by the alternatives, for messages and forms."""
        return (self.unit, *(u for u, _ in self.alternative_units))


_LIMITS = read_data_file("lab_limits.json")["analytes"]


def _limits(key: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """(possible, unusual) ranges of an analyte from the knowledge base."""
    row = _LIMITS[key]
    possible, unusual = row["possible"], row["unusual"]
    return (float(possible[0]), float(possible[1])), (float(unusual[0]), float(unusual[1]))


_CA_MOLAR = 4.008  # mg/dL per mmol/L of calcium (40.08 g/mol)
_PO4_MOLAR = 3.097  # mg/dL per mmol/L of phosphorus (30.97 g/mol)
_CREAT_MOLAR = 1 / 88.4  # mg/dL per umol/L of creatinine
_BILI_MOLAR = 1 / 17.1  # mg/dL per umol/L of bilirubin
_PTH_MOLAR = 9.43  # pg/mL per pmol/L of intact PTH
_KAT = 60.0  # U/L per ukat/L
_CELLS = (("10*3/uL", 1.0), ("/nL", 1.0), ("/uL", 0.001))

_ASTCT = "Kharfan-Dabaja 2021 / Sureda 2024 (clinical.md 4b)"

ANALYTES: tuple[Analyte, ...] = (
    Analyte(
        "haemoglobin", "Haemoglobin", "718-7", "Hemoglobin [Mass/volume] in Blood",
        LOINC_CONFIRMED, "g/dL", (("g/L", 0.1), ("mmol/L", 1.611)), *_limits("haemoglobin"),
    ),
    Analyte(
        "platelets", "Platelets", "777-3",
        "Platelets [#/volume] in Blood by Automated count", LOINC_CONFIRMED,
        "10*9/L", _CELLS, *_limits("platelets"),
        thresholds=(Threshold(20.0, "platelet recovery 20", _ASTCT),),
    ),
    Analyte(
        "white_cells", "White cells", "6690-2",
        "Leukocytes [#/volume] in Blood by Automated count", LOINC_CONFIRMED,
        "10*9/L", _CELLS, *_limits("white_cells"),
    ),
    Analyte(
        "anc", "Neutrophils (ANC)", "751-8",
        "Neutrophils [#/volume] in Blood by Automated count", LOINC_CONFIRMED,
        "10*9/L", _CELLS, *_limits("anc"),
        thresholds=(Threshold(0.5, "neutrophil recovery 0.5", _ASTCT),),
    ),
    Analyte(
        "calcium", "Calcium (total)", "17861-6", "Calcium [Mass/volume] in Serum or Plasma",
        LOINC_CONFIRMED, "mg/dL", (("mmol/L", _CA_MOLAR),), *_limits("calcium"),
        thresholds=(
            Threshold(11.0, "hypercalcaemia after HSCT >11.0", "Martinez 2010 (clinical.md 4a)"),
        ),
    ),
    Analyte(
        "calcium_ionised", "Calcium (ionised)", "1994-3",
        "Calcium.ionized [Moles/volume] in Blood", LOINC_TO_VERIFY,
        "mmol/L", (("mg/dL", 1 / _CA_MOLAR),), *_limits("calcium_ionised"),
    ),
    Analyte(
        "phosphate", "Phosphate", "2777-1", "Phosphate [Mass/volume] in Serum or Plasma",
        LOINC_TO_VERIFY, "mg/dL", (("mmol/L", _PO4_MOLAR),), *_limits("phosphate"),
    ),
    Analyte(
        "pth", "Parathyroid hormone (intact)", "2731-8",
        "Parathyrin.intact [Mass/volume] in Serum or Plasma", LOINC_TO_VERIFY,
        "pg/mL", (("ng/L", 1.0), ("pmol/L", _PTH_MOLAR)), *_limits("pth"),
    ),
    Analyte(
        "alkaline_phosphatase", "Alkaline phosphatase", "6768-6",
        "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma", LOINC_TO_VERIFY,
        "U/L", (("ukat/L", _KAT),), *_limits("alkaline_phosphatase"),
    ),
    Analyte(
        "bilirubin", "Bilirubin (total)", "1975-2",
        "Bilirubin.total [Mass/volume] in Serum or Plasma", LOINC_CONFIRMED,
        "mg/dL", (("umol/L", _BILI_MOLAR),), *_limits("bilirubin"),
        thresholds=(
            Threshold(2.0, "SOS/VOD bilirubin 2", "Corbacioglu 2018 (clinical.md 4d)"),
        ),
    ),
    Analyte(
        "ast", "AST", "1920-8",
        "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
        LOINC_CONFIRMED, "U/L", (("ukat/L", _KAT),), *_limits("ast"),
    ),
    Analyte(
        "alt", "ALT", "1742-6",
        "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
        LOINC_CONFIRMED, "U/L", (("ukat/L", _KAT),), *_limits("alt"),
    ),
    Analyte(
        "creatinine", "Creatinine", "2160-0", "Creatinine [Mass/volume] in Serum or Plasma",
        LOINC_CONFIRMED, "mg/dL", (("umol/L", _CREAT_MOLAR),), *_limits("creatinine"),
    ),
    Analyte(
        "igg", "Immunoglobulin G", "2465-3", "IgG [Mass/volume] in Serum or Plasma",
        LOINC_TO_VERIFY, "mg/dL", (("g/L", 100.0),), *_limits("igg"),
    ),
    Analyte(
        "iga", "Immunoglobulin A", "2458-8", "IgA [Mass/volume] in Serum or Plasma",
        LOINC_TO_VERIFY, "mg/dL", (("g/L", 100.0),), *_limits("iga"),
    ),
    Analyte(
        "igm", "Immunoglobulin M", "2472-9", "IgM [Mass/volume] in Serum or Plasma",
        LOINC_TO_VERIFY, "mg/dL", (("g/L", 100.0),), *_limits("igm"),
    ),
    Analyte(
        "bicarbonate", "Bicarbonate", "1963-8",
        "Bicarbonate [Moles/volume] in Serum or Plasma", LOINC_TO_VERIFY,
        "mmol/L", (("meq/L", 1.0),), *_limits("bicarbonate"),
    ),
    Analyte(
        "vitamin_d_25oh", "25-OH vitamin D", "1989-3",
        "25-hydroxyvitamin D3 [Mass/volume] in Serum or Plasma", LOINC_TO_VERIFY,
        "ng/mL", (("nmol/L", 1 / 2.496), ("ug/L", 1.0)), *_limits("vitamin_d_25oh"),
    ),
    Analyte(
        "ferritin", "Ferritin", "2276-4", "Ferritin [Mass/volume] in Serum or Plasma",
        LOINC_CONFIRMED, "ng/mL", (("ug/L", 1.0),), *_limits("ferritin"),
    ),
)  # fmt: skip

_BY_KEY = {a.key: a for a in ANALYTES}
_BY_LOINC = {a.loinc: a for a in ANALYTES}


class UnknownAnalyteError(KeyError):
    """The analyte is neither a catalogue key nor a catalogued LOINC code."""

    def __str__(self) -> str:
        return f"unknown analyte {self.args[0]!r}: use a catalogue key or its LOINC code"


def get_analyte(code: str) -> Analyte:
    """Look an analyte up by catalogue key (``calcium``) or LOINC code (``17861-6``)."""
    code = code.strip()
    found = _BY_KEY.get(code) or _BY_KEY.get(code.lower()) or _BY_LOINC.get(code)
    if found is None:
        raise UnknownAnalyteError(code)
    return found
