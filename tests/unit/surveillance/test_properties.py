"""Property tests: a normal value never raises an alert; an alert lists what triggered it."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from engraft.core.surveillance.hypercalcaemia import evaluate_hypercalcaemia
from engraft.core.surveillance.vod import ImagingStudy, VodResult, evaluate_vod
from engraft.core.transplant.episode import Episode, LabValue
from tests.unit.surveillance.builders import episode, on_day

Values = list[tuple[int, str, float]]
Days = tuple[int, ...]
Base = ImagingStudy | None
Scans = list[ImagingStudy]

AS_OF = on_day(40)
days = st.integers(min_value=-10, max_value=45)
calcium = st.tuples(days, st.just("calcium"), st.floats(min_value=6.0, max_value=15.0))
bilirubin = st.tuples(days, st.just("bilirubin"), st.floats(min_value=0.1, max_value=8.0))
weight = st.tuples(days, st.just("weight"), st.floats(min_value=18.0, max_value=24.0))
values = st.lists(st.one_of(calcium, bilirubin, weight), max_size=40)
platelet_days = st.lists(st.integers(min_value=0, max_value=40), max_size=12).map(tuple)
studies = st.lists(
    st.builds(ImagingStudy, days.map(on_day), st.booleans(), st.booleans()), max_size=3
)
baseline = st.one_of(
    st.none(), st.builds(ImagingStudy, st.just(on_day(-8)), st.just(False), st.just(False))
)


def _vod(ep: Episode, base: ImagingStudy | None, scans: list[ImagingStudy]) -> VodResult:
    return evaluate_vod(ep, as_of=AS_OF, baseline_imaging=base, imaging=scans)


@settings(max_examples=150, deadline=None)
@given(values, days, st.floats(min_value=5.0, max_value=11.0))
def test_adding_a_calcium_of_11_0_or_less_never_raises_an_alert(
    vals: Values, day: int, normal: float
) -> None:
    ep = episode(vals)
    before = evaluate_hypercalcaemia(ep, as_of=AS_OF).alerts
    more = replace(ep, values=(*ep.values, LabValue(on_day(day), "calcium", normal)))
    assert evaluate_hypercalcaemia(more, as_of=AS_OF).alerts == before


@settings(max_examples=150, deadline=None)
@given(values, platelet_days, baseline, studies, st.sampled_from(["anc", "hb", "calcium"]))
def test_adding_a_value_the_criteria_do_not_read_never_raises_a_vod_alert(
    vals: Values, platelets: Days, base: Base, scans: Scans, analyte: str
) -> None:
    ep = episode(vals, platelet_days=platelets)
    before = [a.day for a in _vod(ep, base, scans).alerts]
    more = replace(ep, values=(*ep.values, LabValue(on_day(5), analyte, 1.0)))
    assert [a.day for a in _vod(more, base, scans).alerts] == before


@settings(max_examples=150, deadline=None)
@given(values, platelet_days, baseline, studies, st.data())
def test_adding_a_lower_same_day_bilirubin_or_weight_never_raises_a_vod_alert(
    vals: Values, platelets: Days, base: Base, scans: Scans, data: st.DataObject
) -> None:
    ep = episode(vals, platelet_days=platelets)
    rows = [v for v in ep.values if v.analyte in ("bilirubin", "weight")]
    before = [a.day for a in _vod(ep, base, scans).alerts]
    if rows:
        row = data.draw(st.sampled_from(rows))
        lower = data.draw(st.floats(min_value=0.0, max_value=row.value))
        more = replace(ep, values=(*ep.values, LabValue(row.date, row.analyte, lower)))
        assert [a.day for a in _vod(more, base, scans).alerts] == before


@settings(max_examples=150, deadline=None)
@given(values)
def test_every_calcium_above_11_0_is_listed_in_an_alert(vals: Values) -> None:
    ep = episode(vals)
    listed = [
        (v.date, v.value) for a in evaluate_hypercalcaemia(ep, as_of=AS_OF).alerts for v in a.values
    ]
    high = [
        (v.date, v.value)
        for v in ep.values
        if v.analyte == "calcium" and v.value > 11.0 and v.date <= AS_OF
    ]
    assert sorted(listed) == sorted(high)


@settings(max_examples=150, deadline=None)
@given(values, platelet_days, baseline, studies)
def test_a_vod_alert_lists_the_values_of_every_criterion_met(
    vals: Values, platelets: Days, base: Base, scans: Scans
) -> None:
    result = _vod(episode(vals, platelet_days=platelets), base, scans)
    by_day = {d.day: d for d in result.days}
    for alert in result.alerts:
        met = by_day[alert.day].met
        assert len(met) >= 2
        for criterion in met:
            assert criterion.values, criterion
            assert set(criterion.values) <= set(alert.values)
