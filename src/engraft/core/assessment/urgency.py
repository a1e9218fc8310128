"""Urgency: emergent, urgent, elective or not applicable (clinical.md section 8, rules 3, 4, 7).

Rule 4's triggers escalate to the highest urgency. Otherwise a classic infantile case is
urgent (rule 3, with the vision window before about 3 months), and an intermediate or
late-presenting case (for example over 5 years) is elective (rule 7).
"""

from __future__ import annotations

from datetime import date

from engraft.core.assessment.candidacy import Inputs
from engraft.core.assessment.dates import add_months, add_years, before_age_months
from engraft.core.assessment.result import Candidacy, Conclusion, DataUsed, Reason, Urgency
from engraft.core.assessment.result import rule_reason as _reason
from engraft.core.vocabulary import ClinicalForm

# Rule 4 triggers that need only to be present (haematologic impairment needs an age test).
PRESENT_TRIGGERS = ("transfusion_dependence", "vision_declining", "raised_icp")
MILD_SEVERITIES = ("intermediate", "moderate", "mild")
_LABELS = {
    Urgency.EMERGENT: "Emergent: highest urgency (rule 4 trigger present)",
    Urgency.URGENT: "Urgent: transplant at the earliest possible date",
    Urgency.ELECTIVE: "Elective HSCT consideration (not emergency listing)",
    Urgency.NOT_APPLICABLE: "Not applicable: HSCT is not a current option",
}


def rule_4_triggers(inp: Inputs) -> list[Reason]:
    """Rule 4: haematologic impairment before 3 months, transfusion dependence, progressive VEP
    delay or falling vision, raised ICP or hydrocephalus.

    Source: clinical.md section 8 rule 4 (Gerritsen 1994 Pediatrics; Thompson 1998; EBMT
    2025). "Before 3 months" is before the 3-month birthday (parameter
    early_haematologic_impairment_months).
    """
    kb, dob = inp.kb, inp.case.date_of_birth
    months = int(kb.parameter("early_haematologic_impairment_months").value)
    reasons = []
    early = [
        o
        for o in inp.severity.present_observations("haematologic_impairment")
        if before_age_months(dob, o.date, months)
    ]
    if early:
        first = min(early, key=lambda o: o.date)
        data = (
            DataUsed("markers.haematologic_impairment", f"present ({first.source})", first.date),
            DataUsed("date_of_birth", dob.isoformat()),
        )
        text = f"Haematologic impairment before {months} months of age: very poor prognosis"
        extra = kb.parameter("early_haematologic_impairment_months").citations
        if first.source != "finding":
            text += " (from a lab value below an in-house cut-off)"
            extra += (kb.in_house,)
        reasons.append(_reason(kb, "R4", text, data, extra))
    for marker in PRESENT_TRIGGERS:
        if inp.severity.present(marker):
            state = inp.severity.state(marker)
            data = (DataUsed(f"markers.{marker}", "present", state.date),)
            reasons.append(_reason(kb, "R4", f"{state.label} present", data))
    return reasons


def is_late_presenting(dob: date, as_of: date, years: int) -> bool:
    """True from the ``years``-th birthday (rule 7 example: over 5 years)."""
    return as_of >= add_years(dob, years)


def assess_urgency(inp: Inputs, candidacy: Conclusion, as_of: date) -> Conclusion:
    """Urgency for the case, given its candidacy."""
    kb, case = inp.kb, inp.case
    cand = DataUsed("candidacy", candidacy.value)
    if candidacy.value not in (Candidacy.INDICATED, Candidacy.EXPERT_REVIEW):
        text = "HSCT is not indicated, not curative or contraindicated"
        reason = Reason("G-STANCE", text, (cand,), candidacy.reasons[0].citations)
        return _conclusion(Urgency.NOT_APPLICABLE, [reason])
    triggers = rule_4_triggers(inp)
    if triggers:
        return _conclusion(Urgency.EMERGENT, triggers + _vision_window(inp, as_of))
    years = int(kb.parameter("late_presentation_age_years").value)
    age = DataUsed("age", f"{(as_of - case.date_of_birth).days} days", as_of)
    if is_late_presenting(case.date_of_birth, as_of, years):
        text = f"Late presentation (age {years} years or more) without a rule 4 trigger"
        param = kb.parameter("late_presentation_age_years").citations
        return _conclusion(Urgency.ELECTIVE, [_reason(kb, "R7", text, (age, cand), param)])
    if _intermediate(inp):
        text = "Intermediate form without a rule 4 trigger: no urgency, but complications accrue"
        form = DataUsed("clinical_form", str(case.clinical_form))
        return _conclusion(Urgency.ELECTIVE, [_reason(kb, "R7", text, (form, age, cand))])
    text = "Severe / infantile form: transplant at the earliest possible date"
    reasons = [_reason(kb, "R3", text, (age, cand)), *_vision_window(inp, as_of)]
    return _conclusion(Urgency.URGENT, reasons)


def _intermediate(inp: Inputs) -> bool:
    """Intermediate by the clinician's clinical form, else by the subtype's typical course.

    A classic infantile genotype of rule 3 in an infant is never intermediate, whatever the
    recorded form says (rule IH-FORM-GENOTYPE; the discordance is shown as a warning).
    """
    if inp.is_infant() and inp.classic_infantile_rows():
        return False
    form = inp.case.clinical_form
    if form in (ClinicalForm.INTERMEDIATE_ARO, ClinicalForm.ADO):
        return True
    if form is ClinicalForm.INFANTILE_ARO:
        return False
    rows = [row for row, _ in inp.call.diagnoses]
    return bool(rows) and all(
        r.clinical_form is ClinicalForm.INTERMEDIATE_ARO
        or r.typical_severity.value in MILD_SEVERITIES
        for r in rows
    )


def _vision_window(inp: Inputs, as_of: date) -> list[Reason]:
    """The vision window: HSCT before about 3 months preserves vision best (Driessen 2003)."""
    kb, dob = inp.kb, inp.case.date_of_birth
    months = int(kb.parameter("vision_window_months").value)
    closes = add_months(dob, months)
    data = (DataUsed("date_of_birth", dob.isoformat()), DataUsed("as_of", as_of.isoformat()))
    if as_of < closes:
        text = (
            f"Vision window open: HSCT before about {months} months of age, that is before "
            f"{closes.isoformat()} ({(closes - as_of).days} days left)"
        )
    else:
        text = f"Past the {months}-month vision window (closed {closes.isoformat()})"
    return [_reason(kb, "R3", text, data, kb.parameter("vision_window_months").citations)]


def _conclusion(value: Urgency, reasons: list[Reason]) -> Conclusion:
    return Conclusion("urgency", value, _LABELS[value], tuple(reasons))
