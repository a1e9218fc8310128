"""The decision in force: the physician's signed-off value until a new computation differs.

A sign-off holds for the version it signed and for every later version whose computed
decision is the same (new data that changes nothing does not undo it). Once today's
computation differs from what was signed, the sign-off is superseded: the computed value
stands, flagged as unsigned, and the page says what changed and who must sign again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .changes import Change, decision, differences
from .models import SignOff, StoredAssessment

SIGNED = "signed"
UNSIGNED = "unsigned"
SUPERSEDED = "superseded"
# Who may sign (Permission.ASSESSMENT_SIGN), in words for the page.
WHO_SIGNS = "a transplant physician"


@dataclass(frozen=True)
class InForce:
    """Today's assessment of one patient and the candidacy and urgency in force."""

    stored: StoredAssessment  # the stored version today's computation matches
    result: dict[str, Any]  # today's computation (what is shown, printed and used)
    candidacy: str
    urgency: str
    state: str  # SIGNED, UNSIGNED or SUPERSEDED
    sign_off: SignOff | None = None  # the sign-off in force, or the superseded one
    signed_version: StoredAssessment | None = None  # the version that sign-off signed
    changes: list[Change] = field(default_factory=list)  # signed version vs today, if superseded

    @property
    def is_signed(self) -> bool:
        return self.state == SIGNED

    @property
    def is_superseded(self) -> bool:
        return self.state == SUPERSEDED

    @property
    def is_override(self) -> bool:
        return self.is_signed and self.sign_off is not None and self.sign_off.is_override

    @property
    def computed_candidacy(self) -> str:
        return self.result["candidacy"]["value"]

    @property
    def computed_urgency(self) -> str:
        return self.result["urgency"]["value"]

    @property
    def who_signs(self) -> str:
        return WHO_SIGNS


def latest_sign_off(stored: StoredAssessment) -> SignOff | None:
    """The patient's most recent sign-off of any stored version, up to this one."""
    return (
        SignOff.objects.filter(
            assessment__patient_id=stored.patient_id, assessment__id__lte=stored.pk
        )
        .select_related("assessment", "physician")
        .order_by("-signed_at", "-id")
        .first()
    )


_LOOK_UP = object()


def in_force(
    stored: StoredAssessment, result: dict[str, Any], *, signed: Any = _LOOK_UP
) -> InForce:
    """What is in force for `stored`, computed today as `result`.

    `signed` is `latest_sign_off(stored)` when the caller fetched it already (a list of many
    patients); by default it is looked up.
    """
    computed = result["candidacy"]["value"], result["urgency"]["value"]
    if signed is _LOOK_UP:
        signed = latest_sign_off(stored)
    if signed is None:
        return InForce(stored, result, *computed, state=UNSIGNED)
    version = signed.assessment
    if decision(version.result) != decision(result):
        return InForce(
            stored,
            result,
            *computed,
            state=SUPERSEDED,
            sign_off=signed,
            signed_version=version,
            changes=differences(version.result, result),
        )
    value = (signed.candidacy, signed.urgency) if signed.is_override else computed
    return InForce(stored, result, *value, state=SIGNED, sign_off=signed, signed_version=version)
