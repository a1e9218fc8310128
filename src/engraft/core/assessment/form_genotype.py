"""Where the recorded clinical form and the genotype disagree, the assessment says so.

Rule 3 names the classic infantile genotypes (pathways.json); in an infant they drive the
infantile pathway whatever the recorded form (rule IH-FORM-GENOTYPE, in-house). The team
still has to reconcile the record, so the disagreement is a warning the page shows.
"""

from __future__ import annotations

from engraft.core.assessment.candidacy import Inputs
from engraft.core.assessment.result import DataUsed, Reason, rule_reason
from engraft.core.vocabulary import ClinicalForm


def form_genotype_warnings(inp: Inputs) -> tuple[Reason, ...]:
    """A warning when a classic infantile genotype meets a form that disagrees with it.

    In an infant: any form but infantile (a missing form included); later: the ADO form.
    """
    classic = inp.classic_infantile_rows()
    form = inp.case.clinical_form
    if not classic or form is ClinicalForm.INFANTILE_ARO:
        return ()
    # Past infancy an intermediate course of SNX10 or CLCN7 fits the genotype; ADO never does.
    if not inp.is_infant() and form is not ClinicalForm.ADO:
        return ()
    data = (
        DataUsed("clinical_form", str(form)),
        DataUsed("subtype", "+".join(classic)),
        DataUsed("age", f"{(inp.as_of - inp.case.date_of_birth).days} days", inp.as_of)
        if inp.as_of
        else DataUsed("age", "unknown"),
    )
    if form is ClinicalForm.UNKNOWN:
        text = "Clinical form not recorded: the classic infantile genotype decides the pathway"
    else:
        text = (
            f"The recorded clinical form ({form}) disagrees with a classic infantile genotype "
            f"({', '.join(classic)}): reconcile the record"
        )
    if inp.is_infant():
        text += "; in an infant the genotype drives the infantile (urgent) pathway"
    extra = inp.kb.classic_infantile.citations
    return (rule_reason(inp.kb, "IH-FORM-GENOTYPE", text, data, extra),)
