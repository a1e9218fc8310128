"""Match one patient against one trial: per criterion, and overall, with the reasons.

The registry's structured criteria (age at screening, sex, healthy volunteers) are checked
first, then the curated rule's tree in three-valued logic: an ``and`` fails if any child
fails and meets only if all meet; an ``or`` meets if any child meets and fails only if all
fail; a ``not`` swaps meets and fails. Anything else is "cannot determine". Overall:

- NOT_ELIGIBLE when any criterion does not meet (``failing`` lists the leaves that fail);
- ELIGIBLE only when there is a curated rule, every criterion meets AND every published
  free-text item is covered by it;
- otherwise POSSIBLY_ELIGIBLE, with ``to_check``: the criteria that could not be determined
  (and the missing data) and the free-text items no rule covers ("not assessed by Engraft").

Missing data is never "meets". Decision support: a research coordinator confirms eligibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from engraft.core.trials.criteria_eval import LeafOutcome, Outcome, evaluate_leaf
from engraft.core.trials.criteria_text import CriteriaItem
from engraft.core.trials.ctgov import TrialRecord, TrialSex
from engraft.core.trials.patient import Sex, TrialPatient
from engraft.core.trials.rules import And, Node, Not, Or, Rule

NOT_ASSESSED = "not assessed by Engraft"


class Overall(StrEnum):
    """A trial's overall result for one patient."""

    ELIGIBLE = "eligible"
    POSSIBLY_ELIGIBLE = "possibly_eligible"
    NOT_ELIGIBLE = "not_eligible"


class CriterionSource(StrEnum):
    """Where a criterion comes from."""

    REGISTRY = "registry"  # ClinicalTrials.gov's structured eligibility
    CURATED = "curated"  # the centre's curated rule


@dataclass(frozen=True)
class CriterionResult:
    """One criterion (a leaf or a node of the tree) evaluated for one patient."""

    id: str
    label: str
    source: CriterionSource
    outcome: Outcome
    test: str = ""  # the criterion in words ("age at screening 183 to 6574 days")
    patient_value: str | None = None
    value_date: date | None = None
    missing: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()
    children: tuple[CriterionResult, ...] = ()

    @property
    def is_leaf(self) -> bool:
        """A leaf, or a ``not`` over a leaf: reported as one criterion."""
        return not self.children or self.id.startswith("not:")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "id": self.id,
            "label": self.label,
            "source": self.source.value,
            "outcome": self.outcome.value,
            "test": self.test,
            "patient_value": self.patient_value,
            "value_date": self.value_date.isoformat() if self.value_date else None,
            "missing": list(self.missing),
            "covers": list(self.covers),
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(frozen=True)
class TrialMatch:
    """The patient against one trial on ``as_of``: overall, reasons, and what to check."""

    nct_id: str
    brief_title: str
    overall_status: str
    as_of: date
    overall: Overall
    criteria: tuple[CriterionResult, ...]  # registry criteria, then the curated tree's root
    failing: tuple[CriterionResult, ...] = ()
    to_check: tuple[CriterionResult, ...] = ()
    not_assessed: tuple[CriteriaItem, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "nct_id": self.nct_id,
            "brief_title": self.brief_title,
            "overall_status": self.overall_status,
            "as_of": self.as_of.isoformat(),
            "overall": self.overall.value,
            "criteria": [c.to_dict() for c in self.criteria],
            "failing": [c.id for c in self.failing],
            "to_check": [c.id for c in self.to_check],
            "not_assessed": [
                {"id": i.id, "section": i.section.value, "text": i.text, "note": NOT_ASSESSED}
                for i in self.not_assessed
            ],
            "warnings": list(self.warnings),
        }


def _registry(patient: TrialPatient, trial: TrialRecord, today: date) -> list[CriterionResult]:
    out = []
    rules = trial.eligibility
    low, high = rules.minimum_age, rules.maximum_age
    if low is not None or high is not None:
        words = [
            f"from {low.text} ({low.days} days)" if low else "",
            f"up to {high.text} ({high.days} days)" if high else "",
        ]
        test = "age at screening " + " ".join(w for w in words if w) + ", inclusive"
        if patient.birth_date is None or patient.birth_date > today:
            result = LeafOutcome(Outcome.CANNOT_DETERMINE, None, None, ("birth date",), test)
        else:
            days = (today - patient.birth_date).days
            ok = (low is None or low.admits(days)) and (high is None or high.admits(days))
            outcome = Outcome.MEETS if ok else Outcome.DOES_NOT_MEET
            result = LeafOutcome(outcome, f"{days} days", today, (), test)
        out.append(_leaf_result("registry-age", "age", CriterionSource.REGISTRY, result))
    if rules.sex is not None:
        test = "all sexes" if rules.sex is TrialSex.ALL else f"sex {rules.sex.value.lower()}"
        if rules.sex is TrialSex.ALL:
            result = LeafOutcome(Outcome.MEETS, patient.sex.value, None, (), test)
        elif patient.sex in (Sex.UNKNOWN, Sex.OTHER):
            result = LeafOutcome(
                Outcome.CANNOT_DETERMINE,
                patient.sex.value,
                None,
                ("sex (recorded as " + patient.sex.value + ")",),
                test,
            )
        else:
            ok = patient.sex.value == rules.sex.value.lower()
            result = LeafOutcome(
                Outcome.MEETS if ok else Outcome.DOES_NOT_MEET, patient.sex.value, None, (), test
            )
        out.append(_leaf_result("registry-sex", "sex", CriterionSource.REGISTRY, result))
    if rules.healthy_volunteers is not None:
        out.append(_healthy_volunteers(patient, rules.healthy_volunteers))
    return out


def _healthy_volunteers(patient: TrialPatient, accepts: bool) -> CriterionResult:
    # Engraft's patients are children with a diagnosis, not healthy volunteers; a trial that
    # does not accept healthy volunteers wants patients with the condition.
    test = "accepts healthy volunteers" if accepts else "patients with the condition only"
    diagnosed = patient.diagnosis is not None and (
        patient.diagnosis.icd10 is not None or patient.diagnosis.clinical_form.value != "unknown"
    )
    if accepts:
        result = LeafOutcome(Outcome.MEETS, None, None, (), test)
    elif diagnosed:
        assert patient.diagnosis is not None
        result = LeafOutcome(Outcome.MEETS, "has a diagnosis", patient.diagnosis.date, (), test)
    else:
        result = LeafOutcome(Outcome.CANNOT_DETERMINE, None, None, ("diagnosis",), test)
    return _leaf_result(
        "registry-healthy-volunteers", "healthy volunteers", CriterionSource.REGISTRY, result
    )


def _leaf_result(
    id_: str, label: str, source: CriterionSource, r: LeafOutcome, covers: tuple[str, ...] = ()
) -> CriterionResult:
    return CriterionResult(
        id_, label, source, r.outcome, r.test, r.value, r.value_date, r.missing, covers
    )


_SWAP = {
    Outcome.MEETS: Outcome.DOES_NOT_MEET,
    Outcome.DOES_NOT_MEET: Outcome.MEETS,
    Outcome.CANNOT_DETERMINE: Outcome.CANNOT_DETERMINE,
}


def evaluate_node(node: Node, patient: TrialPatient, today: date) -> CriterionResult:
    """A curated rule's node for the patient, with its children's results (Kleene logic)."""
    if isinstance(node, Not):
        child = evaluate_node(node.child, patient, today)
        return CriterionResult(
            f"not:{child.id}",
            f"not: {child.label}",
            CriterionSource.CURATED,
            _SWAP[child.outcome],
            f"not ({child.test})",
            child.patient_value,
            child.value_date,
            child.missing,
            child.covers,
            (child,),
        )
    if isinstance(node, And | Or):
        children = tuple(evaluate_node(c, patient, today) for c in node.children)
        outcomes = {c.outcome for c in children}
        win, lose = (
            (Outcome.DOES_NOT_MEET, Outcome.MEETS)
            if isinstance(node, And)
            else (Outcome.MEETS, Outcome.DOES_NOT_MEET)
        )
        if win in outcomes:
            outcome = win
        elif outcomes == {lose}:
            outcome = lose
        else:
            outcome = Outcome.CANNOT_DETERMINE
        kind = "and" if isinstance(node, And) else "or"
        return CriterionResult(
            f"{kind}:{','.join(c.id for c in children)}",
            node.label,
            CriterionSource.CURATED,
            outcome,
            kind,
            children=children,
        )
    result = evaluate_leaf(node, patient, today)
    return _leaf_result(
        node.info.id, node.info.label, CriterionSource.CURATED, result, node.info.covers
    )


def _collect(result: CriterionResult, outcome: Outcome) -> list[CriterionResult]:
    """The leaves (or negated leaves) that give ``result`` its ``outcome``."""
    if result.outcome is not outcome:
        return []
    if result.is_leaf:
        return [result]
    return [leaf for child in result.children for leaf in _collect(child, outcome)]


def match_patient(
    patient: TrialPatient, trial: TrialRecord, rule: Rule | None, *, today: date
) -> TrialMatch:
    """Match ``patient`` against ``trial`` (and its curated ``rule``, if any) on ``today``.

    ``today`` is the screening date (the clock is read by the caller). A rule for another
    trial raises ValueError: it would answer the wrong question.
    """
    if rule is not None and rule.nct_id != trial.nct_id:
        raise ValueError(f"the rule is for {rule.nct_id}, not {trial.nct_id}")
    criteria = _registry(patient, trial, today)
    if rule is not None:
        criteria.append(evaluate_node(rule.criteria, patient, today))
    covered = rule.covered_items() if rule else frozenset()
    not_assessed = tuple(i for i in trial.eligibility.criteria_items if i.id not in covered)
    failing = [leaf for c in criteria for leaf in _collect(c, Outcome.DOES_NOT_MEET)]
    to_check = [leaf for c in criteria for leaf in _collect(c, Outcome.CANNOT_DETERMINE)]
    if failing:
        overall = Overall.NOT_ELIGIBLE
    elif to_check or not_assessed or rule is None:
        overall = Overall.POSSIBLY_ELIGIBLE
    else:
        overall = Overall.ELIGIBLE
    warnings = list(trial.warnings)
    if rule is None:
        warnings.append("no curated rule: only the registry's structured criteria were checked")
    if not trial.is_recruiting:
        warnings.append(f"the trial is {trial.overall_status.replace('_', ' ').lower()}")
    return TrialMatch(
        nct_id=trial.nct_id,
        brief_title=trial.brief_title,
        overall_status=trial.overall_status,
        as_of=today,
        overall=overall,
        criteria=tuple(criteria),
        failing=tuple(failing),
        to_check=tuple(to_check),
        not_assessed=not_assessed,
        warnings=tuple(warnings),
    )
