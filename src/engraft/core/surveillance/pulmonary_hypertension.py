"""The pulmonary hypertension prompt after HCT for osteopetrosis (Steward 2004; rule 9(c)).

From day -2 to about day +90, a recorded acute dyspnoea, hypoxia (SpO2 below the knowledge
base's in-house threshold) or a bradycardia or tachycardia prompts "exclude pulmonary
hypertension: echocardiography". The prompt says whether an echocardiogram was recorded on or
after the day of the signs, and what it found; it never decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from engraft.core.surveillance.alert import SurveillanceAlert, TriggerValue
from engraft.core.surveillance.inputs import Echocardiogram, WardObservation
from engraft.core.surveillance.knowledge import SurveillanceKnowledge, load_surveillance_knowledge
from engraft.core.transplant.days import date_of_day, date_words, day_label, transplant_day

RULE_ID = "pulmonary_hypertension_prompt"


@dataclass(frozen=True)
class PulmonaryHypertensionResult:
    """The watch window (days), whether the as-of date is in it, and the prompts raised."""

    first_day: int
    last_day: int
    watching: bool
    prompts: tuple[SurveillanceAlert, ...]


def _signs(
    seen: WardObservation, day: int, threshold: float
) -> tuple[list[TriggerValue], list[str]]:
    values: list[TriggerValue] = []
    words: list[str] = []
    on, label = seen.date, day_label(day)
    if seen.acute_dyspnoea:
        values.append(TriggerValue(on, day, "acute_dyspnoea", True))
        words.append(f"acute dyspnoea recorded on {label}")
    if seen.spo2_percent is not None and seen.spo2_percent < threshold:
        values.append(TriggerValue(on, day, "spo2", seen.spo2_percent, "%"))
        words.append(f"SpO2 {seen.spo2_percent:g} % on {label} (below {threshold:g} %, in-house)")
    if seen.heart_rate_abnormal:
        rate = seen.heart_rate
        values.append(TriggerValue(on, day, "heart_rate_abnormal", True))
        if rate is not None:
            values.append(TriggerValue(on, day, "heart_rate", rate, "/min"))
        at = f" ({rate:g}/min)" if rate is not None else ""
        words.append(f"bradycardia or tachycardia{at} recorded on {label}")
    return values, words


def _echo_words(echoes: Sequence[Echocardiogram], on: date, day0: date) -> str:
    after = sorted((e for e in echoes if e.date >= on), key=lambda e: e.date)
    if not after:
        return "No echocardiogram recorded since: request one"
    echo = after[0]
    found = {
        True: "pulmonary hypertension reported",
        False: "no pulmonary hypertension reported",
        None: "result not coded: read the report",
    }[echo.pulmonary_hypertension]
    return f"Echocardiogram on {day_label(transplant_day(day0, echo.date))}: {found}"


def evaluate_pulmonary_hypertension(
    *,
    day0: date,
    observations: Sequence[WardObservation],
    echocardiograms: Sequence[Echocardiogram] = (),
    as_of: date,
    knowledge: SurveillanceKnowledge | None = None,
) -> PulmonaryHypertensionResult:
    """One prompt for each day inside the window whose observations show a sign.

    Observations and echocardiograms dated after ``as_of`` are ignored; several observations
    of one day make one prompt with every sign of that day.
    """
    kb = knowledge or load_surveillance_knowledge()
    first, last = kb.count("ph_window_first_day"), kb.count("ph_window_last_day")
    threshold = kb.value("ph_hypoxia_spo2_below")
    rule = kb.rules[RULE_ID]
    echoes = [e for e in echocardiograms if e.date <= as_of]
    by_day: dict[date, tuple[list[TriggerValue], list[str]]] = {}
    for seen in sorted(observations, key=lambda o: o.date):
        day = transplant_day(day0, seen.date)
        if seen.date > as_of or not first <= day <= last:
            continue
        values, words = _signs(seen, day, threshold)
        if values:
            kept = by_day.setdefault(seen.date, ([], []))
            kept[0].extend(values)
            kept[1].extend(words)
    prompts = []
    for on, (values, words) in sorted(by_day.items()):
        day = transplant_day(day0, on)
        signs = "; ".join(words)
        prompts.append(
            SurveillanceAlert(
                rule.id,
                rule.title,
                on,
                day,
                tuple(values),
                (
                    f"{signs[:1].upper()}{signs[1:]}: inside the watch from {day_label(first)} "
                    f"to {day_label(last)} ({date_words(on)})",
                    _echo_words(echoes, on, day0),
                ),
                rule.citations,
            )
        )
    watching = date_of_day(day0, first) <= as_of <= date_of_day(day0, last)
    return PulmonaryHypertensionResult(first, last, watching, tuple(prompts))
