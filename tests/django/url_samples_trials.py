"""URL samples for the trials pages, and the builders the trials tests share.

Trials are made with the model directly from the shipped synthetic ClinicalTrials.gov records
(``engraft.core.trials`` samples), so a test of the pages does not depend on the import it may
be testing. A record can be renumbered: the access walk makes a fresh trial per URL.
"""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

from django.utils import timezone

from engraft.trials.models import Trial

from .factories import make_patient

SAMPLE_TRIALS = files("engraft.core.trials").joinpath("samples/trials")


def sample_record(source: str = "NCT90000001", *, nct_id: str | None = None) -> dict[str, Any]:
    """A shipped synthetic v2 study record (a fresh copy), renumbered to ``nct_id`` if given."""
    record = json.loads(SAMPLE_TRIALS.joinpath(f"{source}.json").read_text(encoding="utf-8"))
    if nct_id:
        record["protocolSection"]["identificationModule"]["nctId"] = nct_id
    return record


def sample_rule(source: str = "NCT90000001", *, nct_id: str | None = None) -> dict[str, Any]:
    """A shipped curated rule (a fresh copy), for ``nct_id`` if given."""
    text = SAMPLE_TRIALS.joinpath(f"{source}.rule.json").read_text(encoding="utf-8")
    rule = json.loads(text)
    if nct_id:
        rule["nct_id"] = nct_id
    return copy.deepcopy(rule)


def free_nct_id() -> str:
    """An NCT number no trial of the test database has (NCT91000001, NCT91000002...)."""
    n = Trial.objects.count() + 1
    while Trial.objects.filter(nct_id=f"NCT91{n:06d}").exists():
        n += 1
    return f"NCT91{n:06d}"


def make_trial(
    source: str = "NCT90000001",
    *,
    nct_id: str | None = None,
    site_status: str = "open",
    curated: bool = True,
    **fields: Any,
) -> Trial:
    """A catalogue row holding the shipped record ``source`` (and its rule when ``curated``).

    Numbered ``source`` itself unless that is taken (then the next free number) or ``nct_id``
    is given.
    """
    if nct_id is None:
        nct_id = source if not Trial.objects.filter(nct_id=source).exists() else free_nct_id()
    record = sample_record(source, nct_id=nct_id)
    ident = record["protocolSection"]["identificationModule"]
    values: dict[str, Any] = {
        "brief_title": ident["briefTitle"],
        "overall_status": record["protocolSection"]["statusModule"]["overallStatus"],
        "record": record,
        "imported_at": timezone.now(),
        "site_status": site_status,
        "rule": sample_rule(source, nct_id=nct_id) if curated else None,
    }
    values.update(fields)
    return Trial.objects.create(nct_id=nct_id, **values)


def trial_sample() -> dict[str, object]:
    return {"nct_id": make_trial().nct_id}


def patient_trial_sample() -> dict[str, object]:
    """A child and a trial open at the centre (so the step form is the one answering)."""
    return {"public_id": make_patient().public_id, "nct_id": make_trial().nct_id}


SAMPLES = {
    "trials:trial": trial_sample,
    "trials:edit_site": trial_sample,
    "trials:edit_rule": trial_sample,
    "trials:patient": lambda: {"public_id": make_patient().public_id},
    "trials:record_step": patient_trial_sample,
}
