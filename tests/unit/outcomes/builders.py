"""Small builders for outcome tests: a transplant from a few keywords."""

from __future__ import annotations

from datetime import date

from engraft.core.assessment.case import DonorType
from engraft.core.outcomes.records import Event, TransplantOutcome

DAY0 = date(2015, 3, 1)


def transplant(
    number: int,
    *,
    last: int,
    died: bool = False,
    donor: DonorType | None = DonorType.MSD,
    age: int | None = 200,
    **events: int | str | None,
) -> TransplantOutcome:
    """A transplant followed to day ``last`` (the death day if ``died``).

    Each event keyword is a day (it happened), "no" (it did not) or None (unknown); events not
    named did not happen.
    """

    def event(value: int | str | None) -> Event:
        if value is None:
            return Event.unknown()
        if value == "no":
            return Event.none()
        return Event.on(int(value))

    names = ("neutrophil_engraftment", "graft_failure", "second_transplant", "agvhd_2_4",
             "cgvhd", "vod", "hypercalcaemia")  # fmt: skip
    unknown_names = set(events) - set(names)
    assert not unknown_names, unknown_names
    return TransplantOutcome(
        transplant_id=f"T{number:04d}",
        transplant_date=DAY0,
        last_contact_day=last,
        age_at_transplant_days=age,
        donor_type=donor,
        death=Event.on(last) if died else Event.none(),
        **{name: event(events.get(name, "no")) for name in names},
    )
