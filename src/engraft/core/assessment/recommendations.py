"""Recommendations that follow from the assessment: HLA typing, genetics, neuro screen, referral,
supportive care, and the cautions the knowledge base attaches to a genetic subtype.
"""

from __future__ import annotations

from engraft.core.assessment.candidacy import Inputs, neuro_screen_missing
from engraft.core.assessment.result import Candidacy, Conclusion, DataUsed, Reason, rule_reason
from engraft.core.vocabulary import ClinicalForm

TRANSPLANT_OPEN = (Candidacy.INDICATED, Candidacy.EXPERT_REVIEW)


def hla_typing(inp: Inputs, candidacy: Conclusion) -> Conclusion:
    """Rule 5: HLA-type patient and family at diagnosis, without waiting for genetics.

    Source: clinical.md section 8 rule 5 (unverified as a written guideline rule; consistent
    with Driessen 2003 and GeneReviews Table 7). Not recommended once HSCT is ruled out.
    """
    states = {w.item: w for w in inp.workup if w.item.startswith("hla_typing")}
    data = tuple(DataUsed(f"workup.{k}", w.status, w.last_date) for k, w in states.items())
    data += (DataUsed("genetics", inp.call.state), DataUsed("candidacy", candidacy.value))
    if candidacy.value not in TRANSPLANT_OPEN:
        text = "HSCT is not a current option: HLA typing not needed for transplant"
        return Conclusion(
            "hla_typing", "not_recommended", text, (rule_reason(inp.kb, "R5", text, data),)
        )
    todo = tuple(k for k, w in states.items() if w.status != "current")
    if not todo:
        text = "Patient and family HLA typing done"
        return Conclusion("hla_typing", "done", text, (rule_reason(inp.kb, "R5", text, data),))
    text = (
        "HLA-type the patient and family now, in parallel with genetic testing; genetics "
        "gates only the final go/no-go (rule 5, unverified as a written guideline rule)"
    )
    return Conclusion(
        "hla_typing",
        "recommended",
        "Start HLA typing of patient and family now",
        (rule_reason(inp.kb, "R5", text, data),),
        todo,
    )


def genetic_testing(inp: Inputs) -> Conclusion | None:
    """Genetics decides whether to transplant (section 2b/2c; Villa 2008; Bone 2013 OSTM1)."""
    state = inp.call.state
    if state == "diagnosed":
        return None
    testing = inp.case.genetic_testing
    data = (
        DataUsed("genetic_testing.status", str(testing.status), testing.requested_on),
        DataUsed("genetic_testing.ostm1_deletion_analysis", str(testing.ostm1_deletion_analysis)),
    )
    text = {
        "not_sent": "Send an ARO gene panel or WES including OSTM1 deletion analysis",
        "pending": "Chase the pending genetic result; confirm OSTM1 deletion analysis is included",
    }.get(
        state,
        "Genetic result unresolved: refer to the genetics MDT; consider OSTM1 deletion "
        "analysis and re-analysis",
    )
    reason = rule_reason(inp.kb, "G-PENDING", text, data)
    return Conclusion("genetic_testing", "recommended", text, (reason,))


def neuro_screen(inp: Inputs) -> Conclusion | None:
    """Rule 2: neurological exam, brain MRI, ERG plus VEP and development before any ARO HSCT."""
    missing = neuro_screen_missing(inp)
    if not missing:
        return None
    text = "Complete the neurodegeneration screen before the final HSCT decision"
    reason = rule_reason(inp.kb, "R2", text, tuple(DataUsed("missing", m) for m in missing))
    return Conclusion("neuro_screen", "recommended", text, (reason,), missing)


def referral(inp: Inputs, candidacy: Conclusion) -> Conclusion | None:
    """Section 2b: transfer newly diagnosed infantile ARO to an experienced HSCT centre ASAP."""
    infantile = inp.case.clinical_form is ClinicalForm.INFANTILE_ARO or any(
        row.clinical_form is ClinicalForm.INFANTILE_ARO for row, _ in inp.call.diagnoses
    )
    if not infantile or candidacy.value not in TRANSPLANT_OPEN:
        return None
    text = (
        "Transfer to a paediatric centre experienced in HSCT for osteopetrosis as soon as possible"
    )
    data = (DataUsed("clinical_form", str(inp.case.clinical_form)),)
    return Conclusion(
        "referral", "recommended", text, (rule_reason(inp.kb, "S2B-REFERRAL", text, data),)
    )


def supportive_care(inp: Inputs, candidacy: Conclusion) -> Conclusion | None:
    """Rule 8 (Wu 2017): supportive monitoring for mild forms, and no high-dose calcitriol."""
    if candidacy.value != Candidacy.NOT_INDICATED:
        return None
    text = (
        "Supportive monitoring: mineral metabolism, cranial nerve impingement, CBC for anaemia "
        "or leukopenia, dental disease. Do not recommend high-dose calcitriol"
    )
    data = (DataUsed("candidacy", candidacy.value),)
    return Conclusion(
        "supportive_care", "recommended", text, (rule_reason(inp.kb, "R8", text, data),)
    )


def cautions(inp: Inputs) -> list[Conclusion]:
    """The notes a genetic subtype carries (e.g. RANK: hypercalcaemia; CA2: RTA persists)."""
    out = []
    for row, _result in inp.call.diagnoses:
        data = (DataUsed("subtype", row.id),)
        for note in row.notes:
            reason = Reason("G-STANCE", note.text, data, note.citations)
            out.append(Conclusion(note.kind, row.id, f"{row.gene}: {note.text}", (reason,)))
    return out


def recommend(inp: Inputs, candidacy: Conclusion) -> tuple[Conclusion, ...]:
    """All recommendations, HLA typing first."""
    optional = (
        genetic_testing(inp),
        neuro_screen(inp) if candidacy.value in TRANSPLANT_OPEN else None,
        referral(inp, candidacy),
        supportive_care(inp, candidacy),
    )
    return (hla_typing(inp, candidacy), *(c for c in optional if c), *cautions(inp))
