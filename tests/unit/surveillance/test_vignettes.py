"""The surveillance vignettes (data in vignettes/*.json) with expectations from clinical.md."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from engraft.core.gvhd.daily import GvhdAssessment, stage_gvhd_days
from engraft.core.surveillance.hypercalcaemia import DrawStatus, evaluate_hypercalcaemia
from engraft.core.surveillance.inputs import Echocardiogram, WardObservation
from engraft.core.surveillance.pulmonary_hypertension import evaluate_pulmonary_hypertension
from engraft.core.surveillance.vod import evaluate_vod
from tests.unit.surveillance.builders import BU_FLU_DAYS, DAY0, episode, imaging, on_day

HERE = Path(__file__).parent / "vignettes"


def _cases(name: str) -> list[Any]:
    cases = json.loads((HERE / name).read_text(encoding="utf-8"))["cases"]
    return [pytest.param(c, id=c["id"]) for c in cases]


@pytest.mark.parametrize(
    "name", ["hypercalcaemia.json", "vod.json", "pulmonary_hypertension.json", "gvhd_daily.json"]
)
def test_every_vignette_names_its_source(name: str) -> None:
    cases = [p.values[0] for p in _cases(name)]
    assert len(cases) >= 8
    assert all(c["source"].strip() for c in cases)
    assert len({c["id"] for c in cases}) == len(cases)


def _values(case: dict[str, Any]) -> list[tuple[int, str, float]]:
    return [(v["day"], v["analyte"], v["value"]) for v in case["values"]]


@pytest.mark.parametrize("case", _cases("hypercalcaemia.json"))
def test_hypercalcaemia_vignette(case: dict[str, Any]) -> None:
    born = case.get("birth_date")
    result = evaluate_hypercalcaemia(
        episode(_values(case)),
        as_of=on_day(case["as_of_day"]),
        genes=case.get("genes", []),
        birth_date=date.fromisoformat(born) if born else None,
    )
    expect = case["expect"]
    if "alert_values" in expect:
        got = [[a.day, v.value] for a in result.alerts for v in a.values]
        assert got == expect["alert_values"]
        assert all(a.rule_id == "hypercalcaemia" and a.citations for a in result.alerts)
    if "due" in expect:
        assert [d.first_day for d in result.due] == expect["due"]
    if "overdue" in expect:
        assert [d.first_day for d in result.overdue] == expect["overdue"]
    if "overdue_count" in expect:
        assert len(result.overdue) == expect["overdue_count"]
    if "done" in expect:
        done = [d.first_day for d in result.schedule if d.status is DrawStatus.DONE]
        assert done == expect["done"]
    if "risk_raised" in expect:
        assert result.risk.raised is expect["risk_raised"]
    if "risk_label" in expect:
        assert result.risk.label == expect["risk_label"]
    if "risk_reason_contains" in expect:
        assert any(expect["risk_reason_contains"] in r for r in result.risk.reasons)


@pytest.mark.parametrize("case", _cases("vod.json"))
def test_vod_vignette(case: dict[str, Any]) -> None:
    ep = episode(
        _values(case),
        platelet_days=tuple(case.get("platelet_transfusion_days", ())),
        conditioning_days=tuple(case.get("conditioning_days", BU_FLU_DAYS)),
    )
    result = evaluate_vod(
        ep,
        as_of=on_day(case["as_of_day"]),
        baseline_imaging=imaging(case["baseline_imaging"]),
        imaging=[s for s in map(imaging, case.get("imaging", [])) if s is not None],
    )
    expect = case["expect"]
    assert [a.day for a in result.alerts] == expect["alert_days"]
    by_day = {str(d.day): d for d in result.days}
    for day, criteria in expect.get("met_on", {}).items():
        assert sorted(c.id for c in by_day[day].met) == sorted(criteria)
    for day, grade in expect.get("severity_on", {}).items():
        assert by_day[day].severity is not None
        assert by_day[day].severity.grade == grade
    if "missing_contains" in expect:
        assert any(expect["missing_contains"] in m for m in result.missing)


def _moved(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k != "day"}


@pytest.mark.parametrize("case", _cases("pulmonary_hypertension.json"))
def test_pulmonary_hypertension_vignette(case: dict[str, Any]) -> None:
    result = evaluate_pulmonary_hypertension(
        day0=DAY0,
        observations=[WardObservation(on_day(o["day"]), **_moved(o)) for o in case["observations"]],
        echocardiograms=[
            Echocardiogram(on_day(e["day"]), e["pulmonary_hypertension"])
            for e in case.get("echocardiograms", [])
        ],
        as_of=on_day(case["as_of_day"]),
    )
    expect = case["expect"]
    assert [p.day for p in result.prompts] == expect["prompt_days"]
    assert all(p.rule_id == "pulmonary_hypertension_prompt" and p.citations for p in result.prompts)
    by_day = {str(p.day): p for p in result.prompts}
    for day, values in expect.get("values_on", {}).items():
        assert [[v.analyte, v.value] for v in by_day[day].values] == values
    if "reason_contains" in expect:
        assert any(expect["reason_contains"] in r for p in result.prompts for r in p.reasons)
    if "watching" in expect:
        assert result.watching is expect["watching"]


@pytest.mark.parametrize("case", _cases("gvhd_daily.json"))
def test_gvhd_daily_vignette(case: dict[str, Any]) -> None:
    graded = stage_gvhd_days(
        assessments=[GvhdAssessment(on_day(a["day"]), **_moved(a)) for a in case["assessments"]],
        bilirubin=[(on_day(d), v) for d, v in case.get("bilirubin", [])],
        weights=[(on_day(d), v) for d, v in case.get("weights", [])],
        as_of=on_day(case["as_of_day"]),
    )
    expect = case["expect"]
    by_day = {str((g.date - DAY0).days): g.grade for g in graded}
    if "assessed_days" in expect:
        assert [int(d) for d in by_day] == expect["assessed_days"]
    for day, stages in expect.get("stages_on", {}).items():
        assert {organ: by_day[day].stage(organ) for organ in stages} == stages
    for day, grade in expect.get("grade_on", {}).items():
        assert by_day[day].grade == grade
    for day, complete in expect.get("complete_on", {}).items():
        assert by_day[day].complete is complete
    for day, words in expect.get("reason_contains", {}).items():
        assert any(words in r for r in by_day[day].reasons), by_day[day].reasons
