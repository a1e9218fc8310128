"""Trial files on disk: ClinicalTrials.gov records with their curated rules beside them.

A directory holds record files (``*.json``: one API v2 study, or a search response with
``studies``) and rule files named by the trial they curate: ``NCT12345678.rule.json`` applies
to the study ``NCT12345678`` wherever its record is (its own file or a search response).
The shipped synthetic trials (``samples/trials/``) follow this layout; the Django demo loads
them with :func:`sample_trials`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from engraft.core.trials.ctgov import TrialRecord, parse_records
from engraft.core.trials.rules import Rule, RuleError, rule_from_dict, rule_problems

RULE_SUFFIX = ".rule.json"


@dataclass(frozen=True)
class CuratedTrial:
    """A trial record and its curated rule (None: not curated yet)."""

    record: TrialRecord
    rule: Rule | None
    source: str  # the file the record came from


@dataclass(frozen=True)
class FileProblem:
    """A file, or one study in it, that could not be read: where and why."""

    file: str
    message: str


def load_trial_directory(
    directory: Path | Traversable,
) -> tuple[tuple[CuratedTrial, ...], tuple[FileProblem, ...]]:
    """Every readable trial of ``directory`` with its rule, and a problem per bad file or study.

    A bad record or rule does not stop the others. A rule whose trial is not in the directory,
    or that does not fit its trial (``rule_problems``), is reported and not used.
    """
    entries = sorted(
        (e for e in directory.iterdir() if e.name.endswith(".json")), key=lambda e: e.name
    )
    problems: list[FileProblem] = []
    rules: dict[str, tuple[str, Rule]] = {}
    records: list[tuple[TrialRecord, str]] = []
    for entry in entries:
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            problems.append(FileProblem(entry.name, f"(file): not valid JSON: {exc}"))
            continue
        if entry.name.endswith(RULE_SUFFIX):
            try:
                rule = rule_from_dict(data)
            except RuleError as error:
                problems.append(FileProblem(entry.name, str(error)))
                continue
            expected = entry.name.removesuffix(RULE_SUFFIX)
            if rule.nct_id != expected:
                problems.append(
                    FileProblem(
                        entry.name,
                        f"nct_id: {rule.nct_id} does not match the file name ({expected})",
                    )
                )
                continue
            rules[rule.nct_id] = (entry.name, rule)
            continue
        good, bad = parse_records(data)
        records += [(record, entry.name) for record in good]
        for problem in bad:
            where = f"{entry.name} study {problem.index}"
            if problem.nct_id:
                where += f" ({problem.nct_id})"
            problems.append(FileProblem(where, str(problem.error)))
    out = []
    for record, source in records:
        found = rules.pop(record.nct_id, None)
        rule = found[1] if found else None
        if found and rule is not None:
            ids = frozenset(i.id for i in record.eligibility.criteria_items)
            misfit = rule_problems(rule, ids, record.nct_id)
            if misfit:
                problems += [FileProblem(found[0], m) for m in misfit]
                rule = None
        out.append(CuratedTrial(record, rule, source))
    for nct_id, (name, _) in sorted(rules.items()):
        problems.append(FileProblem(name, f"no record of {nct_id} in the directory"))
    return tuple(out), tuple(problems)


def sample_trials() -> tuple[CuratedTrial, ...]:
    """The shipped synthetic trials with their rules (titles marked "(synthetic)")."""
    trials, problems = load_trial_directory(files("engraft.core.trials").joinpath("samples/trials"))
    if problems:
        raise ValueError(f"sample trials are broken: {problems[0].file}: {problems[0].message}")
    return trials
