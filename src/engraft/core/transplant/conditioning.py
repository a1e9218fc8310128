"""A recorded conditioning checked against the regimen list of transplant.json.

The regimens (Bu/Flu, Bu/Cy, Treo/Flu/Thiotepa, reduced-intensity ones) and the units each
agent may be dosed in are data. Typical doses and days are in-house and only shown; the check
refuses what cannot be right (an unknown agent, a unit the agent is never dosed in, a dose
that is not positive, chemotherapy on or after day 0) and warns about what is unusual.
Rule 6 of clinical.md section 8 (Bone Marrow Transplant 2006;38:783-7): cord blood under
reduced-intensity conditioning carries a high graft-failure risk, so it is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from engraft.core.knowledge.loader import Citation
from engraft.core.transplant.knowledge import TransplantKnowledge, load_transplant_knowledge


@dataclass(frozen=True)
class RecordedAgent:
    """One agent as given: its total dose, unit and days relative to day 0."""

    agent: str
    dose: float
    unit: str
    days: tuple[int, ...]


@dataclass(frozen=True)
class RecordedConditioning:
    """The regimen chosen from the list and the agents actually given (serotherapy included)."""

    regimen: str
    agents: tuple[RecordedAgent, ...]


@dataclass(frozen=True)
class Problem:
    """Something wrong ("error") or unusual ("warning") at a field path."""

    path: str
    severity: str
    message: str


@dataclass(frozen=True)
class ClinicalWarning:
    """A cited clinical warning shown with the conditioning (e.g. cord blood under RIC)."""

    rule_id: str
    title: str
    text: str
    citations: tuple[Citation, ...]


def validate_conditioning(
    conditioning: RecordedConditioning,
    kb: TransplantKnowledge | None = None,
    path: str = "conditioning",
) -> tuple[Problem, ...]:
    """Every problem of a recorded conditioning, errors first; empty when it is plausible."""
    kb = kb or load_transplant_knowledge()
    errors: list[Problem] = []
    warnings: list[Problem] = []
    regimen = kb.regimens.get(conditioning.regimen)
    if regimen is None:
        known = ", ".join(sorted(kb.regimens))
        errors.append(
            Problem(
                f"{path}.regimen", "error", f"unknown regimen {conditioning.regimen!r} ({known})"
            )
        )
    for i, given in enumerate(conditioning.agents):
        where = f"{path}.agents[{i}]"
        agent = kb.agents.get(given.agent)
        if agent is None:
            errors.append(Problem(f"{where}.agent", "error", f"unknown agent {given.agent!r}"))
            continue
        if given.unit not in agent.units:
            allowed = ", ".join(agent.units)
            errors.append(
                Problem(
                    f"{where}.unit",
                    "error",
                    f"{agent.name} is not dosed in {given.unit!r} (allowed: {allowed})",
                )
            )
        if not given.dose > 0:
            errors.append(Problem(f"{where}.dose", "error", f"dose {given.dose} must be > 0"))
        if not given.days:
            errors.append(Problem(f"{where}.days", "error", "at least one day is needed"))
        for day in given.days:
            if not agent.earliest_day <= day <= agent.latest_day:
                errors.append(
                    Problem(
                        f"{where}.days",
                        "error",
                        f"{agent.name} on day {day:+d}: {agent.kind} is given from day "
                        f"{agent.earliest_day:+d} to day {agent.latest_day:+d}",
                    )
                )
    if regimen is not None:
        given_ids = {a.agent for a in conditioning.agents}
        for expected in regimen.agents:
            if expected.agent not in given_ids:
                name = kb.agents[expected.agent].name
                warnings.append(
                    Problem(
                        f"{path}.agents",
                        "warning",
                        f"{regimen.name} usually includes {name}; none is recorded",
                    )
                )
        expected_ids = {a.agent for a in regimen.agents}
        for i, given in enumerate(conditioning.agents):
            agent = kb.agents.get(given.agent)
            if (
                agent
                and agent.kind != "serotherapy"
                and expected_ids
                and (given.agent not in expected_ids)
            ):
                warnings.append(
                    Problem(
                        f"{path}.agents[{i}].agent",
                        "warning",
                        f"{agent.name} is not part of {regimen.name}",
                    )
                )
    return tuple(errors + warnings)


def is_reduced_intensity(regimen_id: str, kb: TransplantKnowledge | None = None) -> bool:
    """True for a regimen the list marks as reduced-intensity."""
    kb = kb or load_transplant_knowledge()
    regimen = kb.regimens.get(regimen_id)
    return regimen is not None and regimen.intensity == "reduced_intensity"


def cord_blood_under_ric_warning(
    graft_source: str, regimen_id: str | None, kb: TransplantKnowledge | None = None
) -> ClinicalWarning | None:
    """Rule 6: warn when a cord blood graft follows reduced-intensity conditioning.

    Source: Minnesota RIC series, Bone Marrow Transplant 2006;38(12):783-7 (0/5 unrelated cord
    blood grafts engrafted); clinical.md section 3 and section 8 rule 6.
    """
    kb = kb or load_transplant_knowledge()
    if graft_source != "cord_blood" or regimen_id is None:
        return None
    if not is_reduced_intensity(regimen_id, kb):
        return None
    rule = kb.rules["cord_blood_under_ric"]
    return ClinicalWarning(rule.id, rule.title, rule.text, rule.citations)
