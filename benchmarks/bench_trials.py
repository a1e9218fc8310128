"""Benchmark: matching 1,000 synthetic patients against 500 trials (the pure core, no database).

.venv/bin/python benchmarks/bench_trials.py                       # 1,000 x 500, 5 repeats
.venv/bin/python benchmarks/bench_trials.py --patients 200 --trials 100 --repeats 3

Trials are the five shipped synthetic samples (``core/trials/samples``) copied under new NCT
numbers with varied age limits, so every pair runs the registry criteria and, for four in
five, a curated tree of 2 to 7 leaves. Patients are drawn from a seed with every field varied
(some unknown). Reports the median total over the repeats and the median per pair.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from engraft.core.trials import (
    CandidacyStatement,
    Diagnosis,
    GeneFinding,
    LabReading,
    LanskyReading,
    TransplantStatus,
    TrialPatient,
    match_patient,
    sample_trials,
)
from engraft.core.trials.ages import LimitKind, parse_age_limit
from engraft.core.trials.patient import Candidacy, DonorType, GraftSource
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

TODAY = date(2026, 12, 2)


def make_trials(count: int, rng: random.Random) -> list[tuple]:
    base = sample_trials()
    out = []
    for i in range(count):
        template = base[i % len(base)]
        nct = f"NCT8{i:07d}"
        low = parse_age_limit(f"{rng.choice([0, 1, 3, 6])} Months", LimitKind.MINIMUM)
        high = parse_age_limit(f"{rng.choice([2, 5, 10, 18])} Years", LimitKind.MAXIMUM)
        elig = dataclasses.replace(template.record.eligibility, minimum_age=low, maximum_age=high)
        record = dataclasses.replace(template.record, nct_id=nct, eligibility=elig)
        rule = dataclasses.replace(template.rule, nct_id=nct) if template.rule else None
        out.append((record, rule))
    return out


def make_patient(i: int, rng: random.Random) -> TrialPatient:
    def day(low: int, high: int) -> date:
        return TODAY - timedelta(days=rng.randint(low, high))

    def maybe(value):
        return value if rng.random() < 0.8 else None

    transplanted = rng.random() < 0.4
    return TrialPatient(
        patient_id=f"bench-{i}",
        birth_date=day(30, 5000),
        sex=rng.choice([Sex.FEMALE, Sex.MALE, Sex.MALE, Sex.UNKNOWN]),
        diagnosis=maybe(
            Diagnosis("Q78.2", rng.choice(list(ClinicalForm)), "TCIRG1-ARO", day(0, 900))
        ),
        genes=(
            GeneFinding(
                rng.choice(["TCIRG1", "CLCN7", "OSTM1", "SNX10"]),
                rng.choice(list(Zygosity)),
                VariantClassification.PATHOGENIC,
            ),
        ),
        genetics_reported_on=maybe(day(0, 900)),
        transplant_status=TransplantStatus.TRANSPLANTED
        if transplanted
        else TransplantStatus.CANDIDATE,
        day0=day(0, 400) if transplanted else None,
        donor_type=maybe(rng.choice(list(DonorType))),
        graft_source=maybe(rng.choice(list(GraftSource))),
        prior_transplants=maybe(1 if transplanted else 0),
        lansky=maybe(LanskyReading(rng.choice(range(30, 101, 10)), day(0, 120))),
        labs=tuple(
            LabReading(a, rng.uniform(0.2, 3.0), u, day(0, 40))
            for a, u in (("bilirubin", "mg/dL"), ("creatinine", "mg/dL"), ("calcium", "mg/dL"))
            for _ in range(3)
        ),
        candidacy=maybe(CandidacyStatement(rng.choice(list(Candidacy)), day(0, 200))),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    trials = make_trials(args.trials, rng)
    patients = [make_patient(i, rng) for i in range(args.patients)]
    pairs = args.patients * args.trials
    totals = []
    counts: dict[str, int] = {}
    for _ in range(args.repeats):
        start = time.perf_counter()
        for patient in patients:
            for record, rule in trials:
                match = match_patient(patient, record, rule, today=TODAY)
                counts[match.overall.value] = counts.get(match.overall.value, 0) + 1
        totals.append(time.perf_counter() - start)
    median = statistics.median(totals)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    print(f"machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"{args.patients} patients x {args.trials} trials = {pairs:,} pairs, {args.repeats} repeats"
    )
    print(f"median total {median:.2f} s (min {min(totals):.2f}, max {max(totals):.2f})")
    print(f"median per pair {median / pairs * 1e6:.1f} us")
    print(
        "results per run: "
        + ", ".join(f"{k} {v // args.repeats:,}" for k, v in sorted(counts.items()))
    )


if __name__ == "__main__":
    main()
