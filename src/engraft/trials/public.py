"""The public list of open trials: what the information app's trials page shows.

Only the catalogue's own fields and the published record: never a patient.
"""

from __future__ import annotations

from dataclasses import dataclass

from engraft.core.trials.plain_words import status_words, who_may_join

from .selectors import open_trials, parsed

CTGOV_STUDY_URL = "https://clinicaltrials.gov/study/{nct_id}"


@dataclass(frozen=True)
class PublicTrial:
    nct_id: str
    title: str
    summary: str
    who_may_join: str
    status: str
    contact_name: str
    contact_phone: str
    contact_email: str
    registry_url: str


def open_trials_context() -> dict[str, object]:
    """Template context for the public trials page: ``trials``, open to accrual here."""
    trials = []
    for trial in open_trials():
        p = parsed(trial)
        trials.append(
            PublicTrial(
                nct_id=trial.nct_id,
                title=trial.brief_title,
                summary=trial.plain_summary,
                who_may_join=who_may_join(p.record.eligibility),
                status=status_words(trial.overall_status),
                contact_name=trial.contact_name,
                contact_phone=trial.contact_phone,
                contact_email=trial.contact_email,
                registry_url=CTGOV_STUDY_URL.format(nct_id=trial.nct_id),
            )
        )
    return {"trials": trials}
