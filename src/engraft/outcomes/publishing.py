"""The figures a data manager may publish on the public "Our results" page, and their values.

Each publishable figure is an endpoint's estimate on one reporting day for all transplants or
one donor type. The value is computed when asked, from the cohort as it stands, through the
core's result tables after the small-cell rule: the estimates table of the whole donor-type
split is suppressed at once, so a withheld group can never be worked out from the total and
the other groups (complementary suppression), and a figure over a withheld count is withheld.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings

from engraft.core.assessment.case import DonorType
from engraft.core.outcomes import analyse, analysis_conventions
from engraft.core.outcomes.knowledge import AnalysisConventions
from engraft.core.outcomes.published import figures_for
from engraft.core.outcomes.records import TransplantOutcome
from engraft.core.outcomes.report import estimates_table
from engraft.core.outcomes.tables import Count, Number, suppress

ALL = "all"
DONOR_WORDS = {
    DonorType.MSD.value: "Matched sibling donor",
    DonorType.MRD.value: "Other matched related donor",
    DonorType.MUD.value: "Matched unrelated donor",
    DonorType.MMRD.value: "Mismatched related (haploidentical) donor",
    DonorType.MMUD.value: "Mismatched unrelated donor",
    DonorType.UCB.value: "Unrelated cord blood",
}
LABELS = {
    "os": "Alive {when} after transplant",
    "efs": "Alive without graft failure or a second transplant {when} after transplant",
    "engraftment": "Neutrophil engraftment by {when}",
    "graft_failure": "Graft failure by {when}",
}
DAYS = {"os": (365, 1095, 1826), "efs": (365, 1095, 1826), "engraftment": (28,),
        "graft_failure": (365,)}  # fmt: skip
BY_DONOR = ("os", "efs")


@dataclass(frozen=True)
class Publishable:
    key: str
    endpoint: str
    day: int
    group: str  # ALL or a donor type code

    def label(self, conv: AnalysisConventions) -> str:
        when = conv.day_label(self.day)
        return LABELS[self.endpoint].format(when=when)

    @property
    def group_words(self) -> str:
        return "" if self.group == ALL else DONOR_WORDS[self.group]


def _catalogue() -> dict[str, Publishable]:
    out = {}
    for endpoint, days in DAYS.items():
        groups = (ALL, *DONOR_WORDS) if endpoint in BY_DONOR else (ALL,)
        for day in days:
            for group in groups:
                key = f"{endpoint}-{day}-{group}"
                out[key] = Publishable(key, endpoint, day, group)
    return out


PUBLISHABLE: dict[str, Publishable] = _catalogue()


def suppress_below() -> int:
    """The small-cell threshold of shared outputs (a setting; default 11, software.md 4.3)."""
    return int(getattr(settings, "OUTCOMES_SUPPRESS_BELOW", analysis_conventions().suppress_below))


@dataclass(frozen=True)
class FigureValue:
    """A publishable figure's value after the small-cell rule (n and value None: withheld)."""

    figure: Publishable
    label: str
    n: int | None
    value: str | None
    published: str
    published_source: str

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def as_contract(self) -> dict[str, object]:
        """The figure in the shape of ``information.published_results``."""
        return {
            "label": self.label, "group": self.figure.group_words, "n": self.n,
            "value": self.value or "", "suppressed": self.suppressed,
            "published": self.published, "published_source": self.published_source,
        }  # fmt: skip


def _percent(cell) -> float | None:
    return cell.value if isinstance(cell, Number) else None


def _published_beside(item: Publishable, conv: AnalysisConventions) -> tuple[str, str]:
    for figure in figures_for(item.endpoint):
        if figure.time_days != item.day:
            continue
        donors = figure.group.donor_type
        if (item.group == ALL and not donors) or donors == (item.group,):
            n = figure.n if figure.n is not None else figure.series_n
            text = (
                f"{figure.percent:g}% at {conv.day_label(figure.time_days)} in {figure.study} "
                f"({figure.group.label}, {n} children; {figure.measure})"
            )
            return text, "; ".join(c.reference for c in figure.citations)
    return "", ""


def figure_values(
    outcomes: Sequence[TransplantOutcome],
    items: Iterable[Publishable],
    *,
    threshold: int | None = None,
) -> list[FigureValue]:
    """The values of ``items`` over ``outcomes``, each after the small-cell rule."""
    conv = analysis_conventions()
    threshold = suppress_below() if threshold is None else threshold
    items = list(items)
    rows: dict[str, dict[str, tuple]] = {}  # endpoint -> group code -> suppressed row
    columns: dict[str, tuple[str, ...]] = {}
    for endpoint in sorted({i.endpoint for i in items}):
        if not outcomes:
            rows[endpoint] = {}
            continue
        analysis = analyse(outcomes, endpoint, by="donor_type")
        table = suppress(estimates_table(analysis, conv), threshold)
        keys = [g.key.split("-", 1)[-1] for g in analysis.groups] + [ALL]
        rows[endpoint] = dict(zip(keys, table.rows, strict=True))
        columns[endpoint] = table.columns
    out = []
    for item in items:
        label = item.label(conv)
        published, source = _published_beside(item, conv)
        row = rows[item.endpoint].get(item.group)
        n_cell = row[1] if row is not None else None
        if row is None or not isinstance(n_cell, Count):
            out.append(FigureValue(item, label, None, None, published, source))
            continue
        j = columns[item.endpoint].index(f"{conv.day_label(item.day)} (%)")
        value, low, high = row[j], row[j + 1], row[j + 2]
        if not isinstance(value, Number):
            out.append(FigureValue(item, label, None, None, published, source))
            continue
        if value.value is None:
            text = "not estimable yet: no child followed this long"
        elif _percent(low) is None or _percent(high) is None:
            text = f"{value.value:.0f}% (no interval: no event, or all events, so far)"
        else:
            text = f"{value.value:.0f}% (95% CI {_percent(low):.0f} to {_percent(high):.0f}%)"
        out.append(FigureValue(item, label, n_cell.value, text, published, source))
    return out
