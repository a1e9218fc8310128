"""The groups an analysis is split by: donor type, graft source, conditioning, genotype, era,
age at transplant. Each transplant falls in one group, or in "not recorded" when the
characteristic is unknown (that group is shown, but left out of any test between groups).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engraft.core.assessment.case import DonorType
from engraft.core.outcomes.knowledge import AnalysisConventions, analysis_conventions
from engraft.core.outcomes.records import TransplantOutcome
from engraft.core.transplant.episode import GraftSource

STRATA = ("donor_type", "graft_source", "conditioning", "genotype", "era", "age_group")
NOT_RECORDED = "not recorded"

DONOR_LABELS = {
    DonorType.MSD: "matched sibling (MSD)",
    DonorType.MRD: "other matched related (MRD)",
    DonorType.MUD: "matched unrelated (MUD)",
    DonorType.MMRD: "mismatched related / haploidentical (MMRD)",
    DonorType.MMUD: "mismatched unrelated (MMUD)",
    DonorType.UCB: "unrelated cord blood (UCB)",
}
SOURCE_LABELS = {
    GraftSource.BONE_MARROW: "bone marrow",
    GraftSource.PERIPHERAL_BLOOD: "peripheral blood stem cells",
    GraftSource.CORD_BLOOD: "cord blood",
}
UNDER_3_MONTHS, OLDER = "under_3_months", "3_months_or_older"


@dataclass(frozen=True)
class Group:
    """One group of a stratified analysis: its key (sortable), label and members."""

    key: str
    label: str
    members: tuple[int, ...]  # positions in the input sequence
    recorded: bool = True  # False for the "not recorded" group


def _regimen_names() -> dict[str, str]:
    from engraft.core.transplant.knowledge import load_transplant_knowledge

    return {key: r.name for key, r in load_transplant_knowledge().regimens.items()}


def _era_key(year: int, breaks: Sequence[int]) -> tuple[str, str]:
    if not breaks:
        start = year - year % 10
        return f"{start}", f"{start}-{start + 9}"
    starts = sorted(breaks)
    if year < starts[0]:
        return f"0000-{starts[0]}", f"before {starts[0]}"
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else None
        if end is None or year <= end:
            label = f"{start}-{end}" if end is not None else f"{start} or later"
            return f"{start}", label
    raise AssertionError("unreachable")


def stratum_of(
    by: str,
    *,
    era_breaks: Sequence[int] = (),
    conventions: AnalysisConventions | None = None,
) -> Callable[[TransplantOutcome], tuple[str, str] | None]:
    """A function giving a transplant's (key, label) in stratum ``by``; None: not recorded."""
    if by not in STRATA:
        raise ValueError(f"unknown stratum {by!r}; one of {', '.join(STRATA)}")
    conv = conventions or analysis_conventions()
    limit = conv.age_threshold_days
    months = int(conv.age_group.value)
    donors = {d: (f"{i}-{d.value}", DONOR_LABELS[d]) for i, d in enumerate(DonorType)}
    sources = {s: (f"{i}-{s.value}", SOURCE_LABELS[s]) for i, s in enumerate(GraftSource)}

    def donor(o: TransplantOutcome) -> tuple[str, str] | None:
        return donors.get(o.donor_type)  # type: ignore[arg-type]

    def source(o: TransplantOutcome) -> tuple[str, str] | None:
        return sources.get(o.graft_source)  # type: ignore[arg-type]

    regimens = _regimen_names() if by == "conditioning" else {}

    def conditioning(o: TransplantOutcome) -> tuple[str, str] | None:
        if o.conditioning is None:
            return None
        return o.conditioning, regimens.get(o.conditioning, o.conditioning)

    def genotype(o: TransplantOutcome) -> tuple[str, str] | None:
        return None if o.gene is None else (o.gene, o.gene)

    def era(o: TransplantOutcome) -> tuple[str, str] | None:
        return _era_key(o.era, era_breaks)

    def age_group(o: TransplantOutcome) -> tuple[str, str] | None:
        age = o.age_at_transplant_days
        if age is None:
            return None
        if age < limit:
            return f"0-{UNDER_3_MONTHS}", f"under {months} months"
        return f"1-{OLDER}", f"{months} months or older"

    return {
        "donor_type": donor,
        "graft_source": source,
        "conditioning": conditioning,
        "genotype": genotype,
        "era": era,
        "age_group": age_group,
    }[by]


def group_outcomes(
    outcomes: Sequence[TransplantOutcome],
    by: str,
    *,
    era_breaks: Sequence[int] = (),
    conventions: AnalysisConventions | None = None,
) -> tuple[Group, ...]:
    """The groups of ``outcomes`` in stratum ``by``, in a stable order; "not recorded" last."""
    of = stratum_of(by, era_breaks=era_breaks, conventions=conventions)
    members: dict[tuple[str, str], list[int]] = {}
    unknown: list[int] = []
    for position, outcome in enumerate(outcomes):
        found = of(outcome)
        if found is None:
            unknown.append(position)
        else:
            members.setdefault(found, []).append(position)
    groups = [Group(k, label, tuple(m)) for (k, label), m in sorted(members.items())]
    if unknown:
        groups.append(Group("~not-recorded", NOT_RECORDED, tuple(unknown), recorded=False))
    return tuple(groups)
