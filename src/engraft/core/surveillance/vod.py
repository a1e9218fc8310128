"""SOS/VOD: the EBMT paediatric 2018 criteria evaluated for each day (Corbacioglu 2018).

Osteopetrosis is a high-risk disease (rule 9(b) of clinical.md section 8). Two or more of five
criteria raise the alert: transfusion-refractory thrombocytopenia, weight gain (3 consecutive
days or > 5 % over the weight before conditioning), hepatomegaly and ascites above the
pre-transplant imaging, and bilirubin rising 3 days or reaching >= 2 mg/dL within 72 h. A
missing baseline makes its criterion "not assessable", never assumed. Severity is graded
only on the rows clinical.md verifies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from engraft.core.knowledge.loader import Citation
from engraft.core.surveillance.alert import SurveillanceAlert, TriggerValue
from engraft.core.surveillance.knowledge import (
    SeverityRow,
    SurveillanceKnowledge,
    load_surveillance_knowledge,
)
from engraft.core.transplant.days import (
    date_of_day,
    date_words,
    day_label,
    day_label_of,
    transplant_day,
)
from engraft.core.transplant.episode import ANALYTE_UNITS, Episode

THROMBOCYTOPENIA = "refractory_thrombocytopenia"
WEIGHT = "weight_gain"
HEPATOMEGALY = "hepatomegaly"
ASCITES = "ascites"
BILIRUBIN = "bilirubin"
GRADES = ("mild", "moderate", "severe")
CRITERION_TITLES = {
    THROMBOCYTOPENIA: "Transfusion-refractory thrombocytopenia",
    WEIGHT: "Weight gain",
    HEPATOMEGALY: "Hepatomegaly",
    ASCITES: "Ascites",
    BILIRUBIN: "Rising bilirubin",
}


@dataclass(frozen=True)
class ImagingStudy:
    """Liver imaging (US, CT or MRI) on a date: hepatomegaly, ascites, liver span if measured."""

    date: date
    hepatomegaly: bool
    ascites: bool
    liver_span_cm: float | None = None


@dataclass(frozen=True)
class BaselineWeight:
    """The last weight recorded before conditioning started."""

    date: date
    kg: float


@dataclass(frozen=True)
class Criterion:
    """One criterion on one day: met (True/False) or not assessable (None), and why."""

    id: str
    met: bool | None
    values: tuple[TriggerValue, ...]
    reason: str

    @property
    def title(self) -> str:
        """The criterion in words, as the EBMT table names it."""
        return CRITERION_TITLES.get(self.id, self.id)


@dataclass(frozen=True)
class RowGrade:
    """The severity one verified row gives, from the value read."""

    criterion: str
    value: float
    grade: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Severity:
    """The worst grade of the verified rows; "severe" cannot tell severe from very severe."""

    grade: str | None
    rows: tuple[RowGrade, ...]
    not_graded: tuple[str, ...]


@dataclass(frozen=True)
class VodDay:
    """The five criteria on one day and, when 2 or more are met, the severity."""

    date: date
    day: int
    criteria: tuple[Criterion, ...]
    severity: Severity | None

    @property
    def met(self) -> tuple[Criterion, ...]:
        """The criteria met on this day."""
        return tuple(c for c in self.criteria if c.met)


@dataclass(frozen=True)
class VodResult:
    """Each day from day 0 to the as-of date, the alerts, and the baselines found or missing."""

    days: tuple[VodDay, ...]
    alerts: tuple[SurveillanceAlert, ...]
    baseline_weight: BaselineWeight | None
    missing: tuple[str, ...]


def daily_values(pairs: tuple[tuple[date, float], ...], as_of: date) -> dict[date, float]:
    """One value a day up to ``as_of``: the day's highest, since the rules look for rises.

    Later dates are dropped: a value dated after ``as_of`` is not a clinical fact yet.
    """
    out: dict[date, float] = {}
    for on, value in pairs:
        if on <= as_of:
            out[on] = max(value, out.get(on, value))
    return out


def baseline_weight(episode: Episode) -> tuple[BaselineWeight | None, str | None]:
    """The weight before conditioning, or None with the reason it is missing."""
    conditioning = episode.conditioning
    days = [d for agent in (conditioning.agents if conditioning else ()) for d in agent.days]
    if not days:
        return None, "Baseline weight missing: no conditioning recorded, so its start is unknown"
    start = date_of_day(episode.day0, min(days))
    before = [(on, kg) for on, kg in episode.series("weight") if on < start]
    if not before:
        return None, (
            f"Baseline weight missing: no weight recorded before conditioning started on "
            f"{date_words(start)}"
        )
    on, kg = max(before, key=lambda pair: pair[0])
    if kg <= 0:
        return None, f"Baseline weight missing: the weight of {date_words(on)} is not positive"
    return BaselineWeight(on, kg), None


class _Day:
    """Reads the criteria for one day from the daily series (one value a day)."""

    def __init__(self, episode: Episode, kb: SurveillanceKnowledge, as_of: date) -> None:
        self.episode = episode
        self.kb = kb
        self.weight = daily_values(episode.series("weight"), as_of)
        self.bilirubin = daily_values(episode.series("bilirubin"), as_of)
        self.alt = daily_values(episode.series("alt"), as_of)
        self.platelet_days = {
            t.date for t in episode.transfusions if t.product == "platelets" and t.date <= as_of
        }

    def value(self, on: date, analyte: str, value: float | bool, unit: str = "") -> TriggerValue:
        return TriggerValue(on, transplant_day(self.episode.day0, on), analyte, value, unit)

    def rising(self, series: dict[date, float], on: date, analyte: str) -> list[TriggerValue]:
        """The values of the run when each of n consecutive days is above the day before."""
        n = self.kb.count("vod_rising_days")
        run = [on - timedelta(days=k) for k in range(n, -1, -1)]
        if any(d not in series for d in run):
            return []
        if all(series[b] > series[a] for a, b in pairwise(run)):
            return [self.value(d, analyte, series[d], ANALYTE_UNITS[analyte]) for d in run]
        return []

    def platelet_run(self, on: date) -> int:
        run = 0
        while on - timedelta(days=run) in self.platelet_days:
            run += 1
        return run

    def thrombocytopenia(self, on: date) -> Criterion:
        need = self.kb.count("vod_refractory_platelet_days")
        run = self.platelet_run(on)
        values = tuple(
            self.value(on - timedelta(days=k), "platelet_transfusion", True) for k in range(run)
        )[::-1]
        if run >= need:
            return Criterion(
                THROMBOCYTOPENIA,
                True,
                values,
                f"Platelet transfusions on {run} consecutive days (>= {need}, in-house)",
            )
        return Criterion(
            THROMBOCYTOPENIA, False, (), f"Platelet transfusions on {run} consecutive days"
        )

    def weight_gain(self, on: date, baseline: BaselineWeight | None) -> Criterion:
        unit = ANALYTE_UNITS["weight"]
        run = self.rising(self.weight, on, "weight")
        if run:
            days = len(run) - 1
            return Criterion(WEIGHT, True, tuple(run), f"Weight rising on {days} consecutive days")
        if on not in self.weight:
            return Criterion(WEIGHT, None if baseline is None else False, (), "No weight today")
        if baseline is None:
            return Criterion(WEIGHT, None, (), "Baseline weight missing: gain over it unknown")
        limit = self.kb.value("vod_weight_gain_percent")
        kg = self.weight[on]
        gain = round((kg - baseline.kg) / baseline.kg * 100, 6)
        met = gain > limit
        values = (
            self.value(baseline.date, "weight", baseline.kg, unit),
            self.value(on, "weight", kg, unit),
        )
        return Criterion(
            WEIGHT,
            met,
            values if met else (),
            f"Weight {kg:g} {unit} is {gain:+.1f} % of the baseline {baseline.kg:g} {unit} "
            f"({date_words(baseline.date)}); the criterion is > {limit:g} %",
        )

    def bilirubin_rise(self, on: date) -> Criterion:
        unit = ANALYTE_UNITS["bilirubin"]
        run = self.rising(self.bilirubin, on, "bilirubin")
        if run:
            reason = f"Bilirubin rising on {len(run) - 1} consecutive days"
            return Criterion(BILIRUBIN, True, tuple(run), reason)
        threshold = self.kb.value("vod_bilirubin_threshold")
        window = self.kb.count("vod_bilirubin_window_days")
        today = self.bilirubin.get(on)
        if today is None:
            return Criterion(BILIRUBIN, False, (), "No bilirubin today")
        earlier = [
            on - timedelta(days=k)
            for k in range(1, window + 1)
            if self.bilirubin.get(on - timedelta(days=k), threshold) < threshold
        ]
        if today >= threshold and earlier:
            low = earlier[0]
            return Criterion(
                BILIRUBIN,
                True,
                (
                    self.value(low, "bilirubin", self.bilirubin[low], unit),
                    self.value(on, "bilirubin", today, unit),
                ),
                f"Bilirubin reached {today:g} {unit} (>= {threshold:g}) within {window * 24} h of "
                f"{self.bilirubin[low]:g} {unit} on {date_words(low)}",
            )
        return Criterion(BILIRUBIN, False, (), f"Bilirubin {today:g} {unit}: no rise met")


def _imaging(
    kind: str, on: date, baseline: ImagingStudy | None, studies: Sequence[ImagingStudy], day0: date
) -> Criterion:
    if baseline is None:
        return Criterion(kind, None, (), f"Baseline imaging missing: {kind} above it unknown")
    later = [s for s in studies if baseline.date < s.date <= on]
    if not later:
        return Criterion(kind, None, (), "No imaging since the baseline")
    study = max(later, key=lambda s: s.date)
    finding = study.hepatomegaly if kind == HEPATOMEGALY else study.ascites
    before = baseline.hepatomegaly if kind == HEPATOMEGALY else baseline.ascites
    value = TriggerValue(study.date, transplant_day(day0, study.date), kind, True)
    if not finding:
        return Criterion(kind, False, (), f"No {kind} on imaging of {date_words(study.date)}")
    if not before:
        return Criterion(
            kind, True, (value,), f"{kind} on {date_words(study.date)}, not at baseline"
        )
    then, now = baseline.liver_span_cm, study.liver_span_cm
    if kind == HEPATOMEGALY and then is not None and now is not None:
        grown = now > then
        span = TriggerValue(study.date, value.day, "liver_span", now, "cm")
        return Criterion(
            kind,
            grown,
            (span,) if grown else (),
            f"Liver span {now:g} cm vs {then:g} cm at baseline",
        )
    return Criterion(kind, None, (), f"{kind} already at baseline: cannot tell if above it")


def _grade(row: SeverityRow, value: float) -> str:
    assert row.bounds is not None
    for grade, bound in zip(GRADES, row.bounds, strict=False):
        if (value <= bound) if row.inclusive else (value < bound):
            return grade
    return GRADES[-1]


def _severity(day: _Day, on: date) -> Severity:
    kb = day.kb
    read = {
        "alt_times_uln": (day.alt[on] / kb.value("vod_alt_upper_limit")) if on in day.alt else None,
        "refractory_thrombocytopenia_days": float(day.platelet_run(on)) or None,
        "bilirubin_mg_dl": day.bilirubin.get(on),
    }
    rows, not_graded = [], []
    for row in kb.vod_severity:
        value = read.get(row.criterion)
        if row.bounds is None:
            not_graded.append(f"{row.criterion}: {row.text}")
        elif value is None:
            not_graded.append(f"{row.criterion}: no value on this day")
        else:
            rows.append(RowGrade(row.criterion, value, _grade(row, value), row.citations))
    grade = max((r.grade for r in rows), key=GRADES.index, default=None)
    return Severity(grade, tuple(rows), tuple(not_graded))


def evaluate_vod(
    episode: Episode,
    *,
    as_of: date,
    baseline_imaging: ImagingStudy | None = None,
    imaging: Sequence[ImagingStudy] = (),
    knowledge: SurveillanceKnowledge | None = None,
) -> VodResult:
    """The EBMT paediatric SOS/VOD criteria for each day from day 0 to ``as_of``.

    ``baseline_imaging`` is the study just before HCT; ``imaging`` the studies after it. Data
    dated after ``as_of`` are ignored. An alert is raised for each day with 2 or more criteria.
    """
    kb = knowledge or load_surveillance_knowledge()
    weight, weight_missing = baseline_weight(episode)
    missing = [m for m in (weight_missing,) if m]
    if baseline_imaging is not None and baseline_imaging.date >= episode.day0:
        # Imaging on or after day 0 is not the pre-transplant baseline the criteria compare with.
        missing.append(
            f"Baseline imaging missing: the study given as baseline is dated "
            f"{day_label_of(episode.day0, baseline_imaging.date)}, not before the transplant"
        )
        baseline_imaging = None
    elif baseline_imaging is None:
        missing.append("Baseline imaging missing: hepatomegaly and ascites cannot be assessed")
    reader = _Day(episode, kb, as_of)
    studies = [s for s in imaging if s.date <= as_of]
    need = kb.count("vod_criteria_needed")
    rule = kb.rules["vod_sos"]
    days, alerts = [], []
    for n in range(transplant_day(episode.day0, as_of) + 1):
        on = date_of_day(episode.day0, n)
        criteria = (
            reader.thrombocytopenia(on),
            reader.weight_gain(on, weight),
            _imaging(HEPATOMEGALY, on, baseline_imaging, studies, episode.day0),
            _imaging(ASCITES, on, baseline_imaging, studies, episode.day0),
            reader.bilirubin_rise(on),
        )
        met = [c for c in criteria if c.met]
        severity = _severity(reader, on) if len(met) >= need else None
        days.append(VodDay(on, n, criteria, severity))
        if severity is not None:
            alerts.append(
                SurveillanceAlert(
                    rule.id,
                    rule.title,
                    on,
                    n,
                    tuple(v for c in met for v in c.values),
                    (
                        f"{len(met)} criteria met on {day_label(n)}: "
                        + "; ".join(f"{c.id}: {c.reason}" for c in met),
                        f"Severity (verified rows only): {severity.grade or 'not graded'}"
                        + (" (severe or very severe)" if severity.grade == GRADES[-1] else ""),
                    ),
                    rule.citations,
                )
            )
    return VodResult(tuple(days), tuple(alerts), weight, tuple(missing))
