"""Demo trials: the shipped synthetic ClinicalTrials.gov records, curated, and a few screenings.

The five synthetic trials (titles marked "(synthetic)") are imported through the same
service as ``engraft trials import``, their curated rules saved, four opened at the centre
with a plain summary and contact, and three demo children screened. Idempotent: a trial
already in the catalogue is updated (its centre's fields kept) and nobody is screened twice.
"""

from __future__ import annotations

import json
from datetime import timedelta
from importlib.resources import files

from django.contrib.auth import get_user_model
from django.utils import timezone

from engraft.core.trials.matching import Overall
from engraft.core.trials.trial_files import RULE_SUFFIX
from engraft.record.models import Patient

from . import selectors, services
from .models import Enrolment, SiteStatus, Trial

SAMPLES = files("engraft.core.trials").joinpath("samples/trials")
CONTACT = {
    "principal_investigator": "Dr Demo Investigator (synthetic)",
    "contact_name": "Trials office (synthetic)",
    "contact_phone": "+1 555 0100",
    "contact_email": "trials@example.org",
}
SUMMARIES = {
    "NCT90000001": "A synthetic demo trial of a transplant from a parent or other relative "
    "who is a half match, with the graft's T cells that cause graft-versus-host disease taken "
    "out first. For babies and young children with the infantile form of osteopetrosis.",
    "NCT90000002": "A synthetic demo trial of a second transplant for children whose first "
    "graft did not take or was lost.",
    "NCT90000003": "A synthetic demo trial of a medicine (denosumab) to keep calcium levels "
    "safe in the weeks after a transplant.",
    "NCT90000004": "A synthetic demo registry that follows children with osteopetrosis over "
    "many years, to learn how they grow and do after treatment.",
}


def _documents() -> tuple[list[tuple[str, object]], dict[str, dict]]:
    records, rules = [], {}
    for entry in sorted(SAMPLES.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        if entry.name.endswith(RULE_SUFFIX):
            rules[entry.name.removesuffix(RULE_SUFFIX)] = data
        else:
            records.append((f"samples/{entry.name}", data))
    return records, rules


def _screen(trial: Trial, coordinator, today) -> None:
    """Screen the first demo children the trial finds possibly eligible (or eligible)."""
    if Enrolment.objects.filter(trial=trial).exists():
        return
    found = [
        c
        for c in selectors.candidates_for_trial(trial, today)
        if c.match.overall is not Overall.NOT_ELIGIBLE
    ][:2]
    for n, candidate in enumerate(found):
        common = {"patient": candidate.patient, "trial": trial, "actor": coordinator, "ip": None}
        screened = today - timedelta(days=20 - n)
        services.record_enrolment_step(status="screened", on=screened, **common)
        if n == 0:
            services.record_enrolment_step(
                status="eligible", on=screened + timedelta(days=3), **common
            )
        else:
            services.record_enrolment_step(
                status="not_enrolled", on=screened + timedelta(days=5),
                not_enrolled_reason="declined", reason_text="The family chose not to take part.",
                **common,
            )  # fmt: skip


def load_demo_trials() -> None:
    """Import, curate and open the synthetic trials; screen a few demo children."""
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    records, rules = _documents()
    services.import_trial_records(documents=records, actor=coordinator, ip=None)
    for trial in Trial.objects.filter(nct_id__in=[n for _, d in records for n in _ids(d)]):
        if trial.rule is None and trial.nct_id in rules:
            services.save_trial_rule(
                trial=trial, rule_data=rules[trial.nct_id], version=trial.version,
                actor=coordinator, ip=None,
            )  # fmt: skip
        if not trial.plain_summary and trial.nct_id in SUMMARIES:
            services.update_trial_at_site(
                trial=trial, version=trial.version, actor=coordinator, ip=None,
                site_status=SiteStatus.OPEN, local_protocol_number=f"ENG-{trial.nct_id[-3:]}",
                plain_summary=SUMMARIES[trial.nct_id], **CONTACT,
            )  # fmt: skip
    if Patient.objects.exists():
        today = timezone.localdate()
        for trial in Trial.objects.filter(site_status=SiteStatus.OPEN, nct_id="NCT90000001"):
            _screen(trial, coordinator, today)


def _ids(data) -> list[str]:
    studies = data.get("studies", [data]) if isinstance(data, dict) else []
    return [s["protocolSection"]["identificationModule"]["nctId"] for s in studies]
