"""Properties of every rule together (``evaluate_surveillance``, as the ward evaluates them).

Adding a normal value never adds an alert; every alert lists the values that raised it, and
its ``data_date`` is the latest of them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from engraft.core.gvhd.daily import GvhdAssessment
from engraft.core.surveillance.evaluate import SurveillanceEvaluation, evaluate_surveillance
from engraft.core.surveillance.inputs import Echocardiogram, SurveillanceInputs, WardObservation
from engraft.core.surveillance.vod import ImagingStudy, daily_values
from engraft.core.transplant.episode import Episode, LabValue
from tests.unit.surveillance.builders import DAY0, episode, on_day

AS_OF = on_day(50)
days = st.integers(min_value=-10, max_value=55)
calcium = st.tuples(days, st.just("calcium"), st.floats(min_value=6.0, max_value=15.0))
bilirubin = st.tuples(days, st.just("bilirubin"), st.floats(min_value=0.1, max_value=8.0))
weight = st.tuples(days, st.just("weight"), st.floats(min_value=18.0, max_value=24.0))
values = st.lists(st.one_of(calcium, bilirubin, weight), max_size=40)
platelet_days = st.lists(st.integers(min_value=0, max_value=50), max_size=12).map(tuple)
observation = st.builds(
    WardObservation,
    days.map(on_day),
    spo2_percent=st.one_of(st.none(), st.floats(min_value=80.0, max_value=100.0)),
    heart_rate=st.one_of(st.none(), st.floats(min_value=50.0, max_value=220.0)),
    acute_dyspnoea=st.booleans(),
    heart_rate_abnormal=st.booleans(),
)
assessment = st.builds(
    GvhdAssessment,
    st.integers(min_value=0, max_value=55).map(on_day),
    rash_bsa_percent=st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
    stool_ml=st.one_of(st.none(), st.floats(min_value=0, max_value=1000)),
)
inputs = st.builds(
    SurveillanceInputs,
    genes=st.sampled_from([(), ("TNFRSF11A",)]),
    baseline_imaging=st.one_of(
        st.none(), st.just(ImagingStudy(on_day(-8), hepatomegaly=False, ascites=False))
    ),
    imaging=st.lists(
        st.builds(ImagingStudy, days.map(on_day), st.booleans(), st.booleans()), max_size=3
    ).map(tuple),
    observations=st.lists(observation, max_size=8).map(tuple),
    gvhd=st.lists(assessment, max_size=4).map(tuple),
    echocardiograms=st.lists(
        st.builds(Echocardiogram, days.map(on_day), st.one_of(st.none(), st.booleans())),
        max_size=2,
    ).map(tuple),
)
normal_observation = st.builds(
    WardObservation,
    days.map(on_day),
    spo2_percent=st.one_of(st.none(), st.floats(min_value=92.0, max_value=100.0)),
    heart_rate=st.one_of(st.none(), st.floats(min_value=80.0, max_value=140.0)),
)


def _evaluate(ep: Episode, context: SurveillanceInputs) -> SurveillanceEvaluation:
    return evaluate_surveillance(ep, context, as_of=AS_OF)


def _raised(s: SurveillanceEvaluation) -> list[tuple[str, date]]:
    return [(a.rule_id, a.date) for a in s.alerts]


def _with(ep: Episode, on: date, analyte: str, value: float) -> Episode:
    return replace(ep, values=(*ep.values, LabValue(on, analyte, value)))


@settings(max_examples=100, deadline=None)
@given(values, platelet_days, inputs, days, st.floats(min_value=5.0, max_value=11.0))
def test_adding_a_calcium_of_11_0_or_less_never_adds_an_alert(
    vals, platelets, context, day: int, normal: float
) -> None:
    ep = episode(vals, platelet_days=platelets)
    before = _evaluate(ep, context).alerts
    assert _evaluate(_with(ep, on_day(day), "calcium", normal), context).alerts == before


@settings(max_examples=100, deadline=None)
@given(values, platelet_days, inputs, normal_observation)
def test_adding_an_observation_without_signs_never_adds_an_alert(
    vals, platelets, context: SurveillanceInputs, seen: WardObservation
) -> None:
    ep = episode(vals, platelet_days=platelets)
    before = _evaluate(ep, context).alerts
    more = replace(context, observations=(*context.observations, seen))
    assert _evaluate(ep, more).alerts == before


@settings(max_examples=100, deadline=None)
@given(values, platelet_days, inputs, st.builds(Echocardiogram, days.map(on_day), st.booleans()))
def test_adding_an_echocardiogram_never_adds_an_alert(
    vals, platelets, context: SurveillanceInputs, echo: Echocardiogram
) -> None:
    ep = episode(vals, platelet_days=platelets)
    before = _raised(_evaluate(ep, context))
    more = replace(context, echocardiograms=(*context.echocardiograms, echo))
    assert _raised(_evaluate(ep, more)) == before


@settings(max_examples=100, deadline=None)
@given(values, platelet_days, inputs, st.data())
def test_a_later_bilirubin_below_the_last_and_below_2_never_adds_an_alert(
    vals, platelets, context: SurveillanceInputs, data: st.DataObject
) -> None:
    ep = episode(vals, platelet_days=platelets)
    series = daily_values(ep.series("bilirubin"), AS_OF)
    last = max(series, default=on_day(-1))
    if last >= AS_OF:
        return
    on = on_day(data.draw(st.integers(min_value=(last - DAY0).days + 1, max_value=50)))
    ceiling = min(series.get(last, 2.0), 2.0)
    lower = data.draw(st.floats(min_value=0.0, max_value=ceiling, exclude_max=True))
    before = _raised(_evaluate(ep, context))
    assert _raised(_evaluate(_with(ep, on, "bilirubin", lower), context)) == before


@settings(max_examples=100, deadline=None)
@given(values, platelet_days, inputs, st.data())
def test_a_later_weight_below_the_last_and_within_5_percent_never_adds_an_alert(
    vals, platelets, context: SurveillanceInputs, data: st.DataObject
) -> None:
    ep = episode(vals, platelet_days=platelets)  # baseline 20.0 kg on day -8
    series = daily_values(ep.series("weight"), AS_OF)
    last = max((d for d in series if d >= DAY0), default=on_day(-1))
    if last >= AS_OF:
        return
    on = on_day(data.draw(st.integers(min_value=(last - DAY0).days + 1, max_value=50)))
    ceiling = min(series.get(last, 21.0), 21.0)  # 21.0 kg is +5 % of 20.0, not above it
    lower = data.draw(st.floats(min_value=10.0, max_value=ceiling, exclude_max=True))
    before = _raised(_evaluate(ep, context))
    assert _raised(_evaluate(_with(ep, on, "weight", lower), context)) == before


@settings(max_examples=150, deadline=None)
@given(values, platelet_days, inputs)
def test_every_alert_lists_the_values_that_raised_it_and_dates_them(
    vals, platelets, context: SurveillanceInputs
) -> None:
    ep = episode(vals, platelet_days=platelets)
    result = _evaluate(ep, context)
    calcium = daily_values(ep.series("calcium"), AS_OF)
    for alert in result.alerts:
        assert alert.values and alert.citations
        assert alert.data_date == max(v.date for v in alert.values)
        assert alert.data_date <= alert.date <= AS_OF
        if alert.rule_id == "hypercalcaemia":
            (value,) = alert.values
            assert value.analyte == "calcium" and value.value > 11.0
            assert (value.date, value.value) in ep.series("calcium")
            assert calcium[value.date] >= value.value
        elif alert.rule_id == "pulmonary_hypertension_prompt":
            seen = [o for o in context.observations if o.date == alert.date]
            low = {o.spo2_percent for o in seen if o.spo2_percent is not None}
            listed = {v.value for v in alert.values if v.analyte == "spo2"}
            assert listed == {s for s in low if s < 92}
            assert all(v.date == alert.date for v in alert.values)
            if any(o.acute_dyspnoea for o in seen):
                assert ("acute_dyspnoea", True) in [(v.analyte, v.value) for v in alert.values]
    # Every calcium above 11.0 and every day with a sign in the watch raised an alert.
    high = {d for d, v in calcium.items() if v > 11.0}
    assert high <= {a.date for a in result.alerts if a.rule_id == "hypercalcaemia"}
    signs = {
        o.date
        for o in context.observations
        if -2 <= (o.date - DAY0).days <= 90
        and o.date <= AS_OF
        and (o.acute_dyspnoea or o.heart_rate_abnormal or (o.spo2_percent or 100) < 92)
    }
    assert signs == {a.date for a in result.alerts if a.rule_id == "pulmonary_hypertension_prompt"}


@settings(max_examples=100, deadline=None)
@given(values, platelet_days, inputs)
def test_a_vod_alert_lists_each_weight_and_bilirubin_as_recorded(
    vals, platelets, context: SurveillanceInputs
) -> None:
    ep = episode(vals, platelet_days=platelets)
    series = {a: daily_values(ep.series(a), AS_OF) for a in ("weight", "bilirubin")}
    for alert in _evaluate(ep, context).alerts:
        if alert.rule_id != "vod_sos":
            continue
        for v in alert.values:
            if v.analyte in series:
                assert series[v.analyte][v.date] == v.value, v
