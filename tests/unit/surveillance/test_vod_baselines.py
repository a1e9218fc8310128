"""SOS/VOD baselines: the weight before conditioning and the pre-transplant imaging."""

from __future__ import annotations

from engraft.core.surveillance.vod import ImagingStudy, baseline_weight, evaluate_vod
from tests.unit.surveillance.builders import episode, on_day


def test_baseline_weight_is_the_last_weight_before_conditioning_started() -> None:
    ep = episode([(-9, "weight", 19.0), (-7, "weight", 22.0), (-3, "weight", 23.0)])
    found, missing = baseline_weight(ep)
    assert missing is None
    assert found is not None and (found.date, found.kg) == (on_day(-8), 20.0)


def test_a_weight_of_zero_before_conditioning_is_missing_not_a_division_error() -> None:
    result = evaluate_vod(episode([(12, "weight", 21.0)], baseline_weight=0.0), as_of=on_day(14))
    assert result.baseline_weight is None
    assert any("not positive" in m for m in result.missing)


def test_imaging_after_day_0_is_not_taken_as_the_baseline() -> None:
    late = ImagingStudy(on_day(3), hepatomegaly=False, ascites=False)
    scans = [ImagingStudy(on_day(5), hepatomegaly=True, ascites=True)]
    result = evaluate_vod(episode(), as_of=on_day(9), baseline_imaging=late, imaging=scans)
    assert any("day +3, not before the transplant" in m for m in result.missing)
    assert result.alerts == ()
    day9 = result.days[-1]
    assert [c.met for c in day9.criteria if c.id in ("hepatomegaly", "ascites")] == [None, None]


def test_a_larger_liver_span_than_baseline_counts_as_hepatomegaly_above_it() -> None:
    base = ImagingStudy(on_day(-8), hepatomegaly=True, ascites=False, liver_span_cm=9.0)
    scan = ImagingStudy(on_day(5), hepatomegaly=True, ascites=False, liver_span_cm=10.5)
    result = evaluate_vod(
        episode(platelet_days=(7, 8)), as_of=on_day(8), baseline_imaging=base, imaging=[scan]
    )
    assert [a.day for a in result.alerts] == [8]
    assert [(v.analyte, v.value) for v in result.alerts[0].values][-1] == ("liver_span", 10.5)


def test_data_dated_after_as_of_do_not_count() -> None:
    base = ImagingStudy(on_day(-8), hepatomegaly=False, ascites=False)
    scan = ImagingStudy(on_day(12), hepatomegaly=True, ascites=True)
    result = evaluate_vod(episode(), as_of=on_day(10), baseline_imaging=base, imaging=[scan])
    assert result.alerts == ()
    assert len(result.days) == 11  # day 0 to day +10
