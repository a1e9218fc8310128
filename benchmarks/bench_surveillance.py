"""Benchmark: every rule for 200 open episodes of 100 days (the cost of the ward view).

.venv/bin/python benchmarks/bench_surveillance.py                 # 200 episodes, 100 days
.venv/bin/python benchmarks/bench_surveillance.py --episodes 50 --days 30 --repeats 5

Pure core, no database: builds synthetic open episodes (seeded) with a value a day of ANC,
WBC, Hb, platelets, calcium, bilirubin, ALT, creatinine and weight from day -8, a Bu/Flu
conditioning, platelet transfusions in the first weeks, two ward observations a day, liver
imaging and acute GVHD assessments every other day from day +14. Times what the ward does for
each: ``evaluate_episode`` + ``evaluate_surveillance`` as of today (day +99). "cold" is a new
Python process per run (imports, the first call reading the knowledge files, then the ward);
"warm" repeats the whole ward in one process. Prints median and p95 of each.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BEGAN = time.perf_counter()

from engraft.core.gvhd.daily import GvhdAssessment  # noqa: E402 (the import is timed)
from engraft.core.surveillance.evaluate import evaluate_surveillance  # noqa: E402
from engraft.core.surveillance.inputs import (  # noqa: E402
    Echocardiogram,
    SurveillanceInputs,
    WardObservation,
)
from engraft.core.surveillance.vod import ImagingStudy  # noqa: E402
from engraft.core.transplant import (  # noqa: E402
    Episode,
    GraftSource,
    LabValue,
    RecordedAgent,
    RecordedConditioning,
    Transfusion,
    evaluate_episode,
)

IMPORTED = time.perf_counter()
TODAY = date(2026, 12, 2)


def synthetic(n: int, days: int) -> tuple[Episode, SurveillanceInputs]:
    """One open episode at day +(days - 1) today, with every input the ward reads."""
    rng = random.Random(n)
    day0 = TODAY - timedelta(days=days - 1)
    on = [day0 + timedelta(days=d) for d in range(-8, days)]
    engraft_day = rng.randint(12, 28)
    values: list[LabValue] = []
    weight = rng.uniform(6.0, 20.0)
    for d, when in enumerate(on, start=-8):
        low = d < engraft_day
        weight *= rng.uniform(0.99, 1.012)
        values += [
            LabValue(when, "anc", rng.uniform(0.0, 0.3) if low else rng.uniform(0.6, 4.0)),
            LabValue(when, "wbc", rng.uniform(0.1, 0.8) if low else rng.uniform(1.5, 9.0)),
            LabValue(when, "hb", rng.uniform(70, 120)),
            LabValue(when, "platelets", rng.uniform(5, 19) if low else rng.uniform(25, 300)),
            # About 1 calcium in 20 above 11.0 and 1 bilirubin in 10 at 2 mg/dL or more.
            LabValue(when, "calcium", rng.uniform(8.5, 11.2) if rng.random() < 0.9 else 11.6),
            LabValue(when, "bilirubin", rng.uniform(0.3, 1.6) if rng.random() < 0.9 else 2.4),
            LabValue(when, "alt", rng.uniform(10, 150)),
            LabValue(when, "creatinine", rng.uniform(0.2, 0.6)),
            LabValue(when, "weight", round(weight, 2)),
        ]  # fmt: skip
    transfusions = tuple(
        Transfusion(day0 + timedelta(days=d), "platelets")
        for d in range(0, engraft_day)
        if rng.random() < 0.4
    )
    agents = (
        RecordedAgent("busulfan", 16.0, "mg/kg", (-5, -4, -3, -2)),
        RecordedAgent("fludarabine", 160.0, "mg/m2", (-6, -5, -4, -3)),
    )
    episode = Episode(
        episode_id=f"bench-{n:03d}",
        day0=day0,
        graft_source=GraftSource.BONE_MARROW,
        values=tuple(values),
        transfusions=transfusions,
        conditioning=RecordedConditioning("bu_flu", agents),
        height_cm=rng.uniform(60, 110),
    )
    observations = tuple(
        WardObservation(
            day0 + timedelta(days=d),
            spo2_percent=rng.uniform(93, 100) if rng.random() < 0.97 else 89.0,
            heart_rate=rng.uniform(80, 170),
            acute_dyspnoea=rng.random() < 0.02,
            heart_rate_abnormal=rng.random() < 0.03,
        )
        for d in range(-3, days)
        for _ in range(2)
    )
    gvhd = tuple(
        GvhdAssessment(
            day0 + timedelta(days=d),
            rash_bsa_percent=rng.choice((0.0, rng.uniform(0, 60))),
            stool_ml=rng.uniform(0, 400),
            persistent_upper_gi_symptoms=rng.random() < 0.2,
        )
        for d in range(14, days, 2)
    )
    inputs = SurveillanceInputs(
        genes=("TNFRSF11A",) if n % 4 == 0 else ("TCIRG1",),
        birth_date=day0 - timedelta(days=rng.randint(200, 1500)),
        baseline_imaging=ImagingStudy(day0 - timedelta(days=9), False, False),
        imaging=tuple(
            ImagingStudy(day0 + timedelta(days=d), rng.random() < 0.2, rng.random() < 0.2)
            for d in range(7, days, 14)
        ),
        observations=observations,
        gvhd=gvhd,
        echocardiograms=(Echocardiogram(day0 + timedelta(days=30), False),),
    )
    return episode, inputs


def evaluate_ward(ward: list[tuple[Episode, SurveillanceInputs]]) -> int:
    """Every rule for every episode, as the ward view does; returns the alerts raised."""
    raised = 0
    for episode, inputs in ward:
        engraftment = evaluate_episode(episode, TODAY)
        surveillance = evaluate_surveillance(episode, inputs, as_of=TODAY)
        raised += len(engraftment.alerts) + len(surveillance.alerts)
    return raised


def p95(times: list[float]) -> float:
    """The 95th percentile (the 19th of 20 quantiles)."""
    return statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]


def cold(episodes: int, days: int) -> dict[str, float]:
    """One cold run, in this (new) process: first call, then the whole ward once."""
    ward = [synthetic(n, days) for n in range(episodes)]
    first = time.perf_counter()
    evaluate_ward(ward[:1])
    after_first = time.perf_counter()
    evaluate_ward(ward)
    done = time.perf_counter()
    return {
        "import_s": IMPORTED - BEGAN,
        "first_episode_s": after_first - first,
        "ward_s": done - after_first,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=10, help="warm repeats of the ward")
    parser.add_argument("--cold-runs", type=int, default=5, help="new processes")
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        print(json.dumps(cold(args.episodes, args.days)))
        return
    colds = [
        json.loads(
            subprocess.run(
                [sys.executable, __file__, "--cold", f"--episodes={args.episodes}",
                 f"--days={args.days}"],
                check=True, capture_output=True, text=True,
            ).stdout
        )
        for _ in range(args.cold_runs)
    ]  # fmt: skip
    ward = [synthetic(n, args.days) for n in range(args.episodes)]
    values = sum(len(e.values) for e, _ in ward)
    alerts = evaluate_ward(ward)  # warm-up
    whole = []
    for _ in range(args.repeats):
        began = time.perf_counter()
        evaluate_ward(ward)
        whole.append(time.perf_counter() - began)
    each = []
    for pair in ward:
        began = time.perf_counter()
        evaluate_ward([pair])
        each.append(time.perf_counter() - began)
    alone = []
    for _ in range(args.repeats):
        began = time.perf_counter()
        for episode, inputs in ward:
            evaluate_surveillance(episode, inputs, as_of=TODAY)
        alone.append(time.perf_counter() - began)
    slowest = max(range(len(each)), key=each.__getitem__)
    rows = [
        ("cold: imports", [c["import_s"] for c in colds]),
        ("cold: first episode (knowledge loaded)", [c["first_episode_s"] for c in colds]),
        (f"cold: then the ward, {args.episodes} episodes", [c["ward_s"] for c in colds]),
        (f"warm: the ward, {args.episodes} episodes", whole),
        ("warm: of which evaluate_surveillance", alone),
        ("warm: one episode", each),
    ]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.machine(),
    )
    print(f"machine: {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}")
    print(
        f"{args.episodes} open episodes of {args.days} days, {values} daily values, "
        f"{alerts} alerts; {args.cold_runs} cold processes, {args.repeats} warm repeats"
    )
    print(f"{'what':<44} {'median':>10} {'p95':>10} {'runs':>5}")
    for title, times in rows:
        print(
            f"{title:<44} {statistics.median(times) * 1000:>8.1f}ms "
            f"{p95(times) * 1000:>8.1f}ms {len(times):>5}"
        )
    print(f"slowest episode: {ward[slowest][0].episode_id} at {each[slowest] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
