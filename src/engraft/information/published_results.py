"""The "Our results" page: what a results provider gives it, and the small-cell rule on it.

The outcomes analytics (a later stage, issue 14) registers a provider for the slug
``"results"`` through :mod:`engraft.information.public_listings`. The provider returns::

    {
        "results": [figure, ...],          # the figures the data manager chose to publish
        "results_as_of": date | None,      # optional: the date the figures were computed
        "results_cohort": str,             # optional: which children, in words
    }

Each figure is a mapping (or any object with these attributes):

    label: str              what was measured, in words ("Alive 1 year after transplant")
    group: str              optional: which children ("Matched sibling donor"); "" for all
    n: int                  the number of children the figure is computed on
    value: str              the figure as text, with its uncertainty ("85% (95% CI 70 to 93%)")
    suppressed: bool        optional: the provider suppressed it itself (default False)
    published: str          optional: the published series beside it, in words
                            ("62% at 5 years after matched sibling donors, 193 children")
    published_source: str   optional: that series' citation ("Orchard PJ et al. Blood 2015")

The page shows a figure's value and its n only when the figure is not suppressed and its n
passes :func:`engraft.core.small_cells.is_small_cell` (fewer than 11 children is never
shown, whatever the provider says; a missing or malformed n counts as small). A suppressed
figure keeps its label and published series, and says that it rests on too few children.
Complementary suppression (a hidden cell that could be worked out from the others) is the
provider's to apply: this page cannot know how the figures add up.
The provider must return no patient data: aggregates only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from engraft.core.small_cells import SMALL_CELL_MIN_N, is_small_cell


@dataclass(frozen=True)
class ShownFigure:
    """A published figure as the page may show it: ``n`` and ``value`` are None if hidden."""

    label: str
    group: str
    n: int | None
    value: str | None
    published: str
    published_source: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def _field(figure: object, name: str, default: object = "") -> object:
    if isinstance(figure, Mapping):
        return figure.get(name, default)
    return getattr(figure, name, default)


def shown_figure(figure: object) -> ShownFigure:
    """One provider figure after the small-cell rule."""
    n = _field(figure, "n", None)
    hidden = bool(_field(figure, "suppressed", False)) or is_small_cell(n)
    return ShownFigure(
        label=str(_field(figure, "label")),
        group=str(_field(figure, "group") or ""),
        n=None if hidden else int(n),  # type: ignore[arg-type]
        value=None if hidden else str(_field(figure, "value")),
        published=str(_field(figure, "published") or ""),
        published_source=str(_field(figure, "published_source") or ""),
    )


def results_context(provided: Mapping[str, object]) -> dict[str, object]:
    """The template context of the results page, from what the providers gave.

    Only the keys of the contract pass, and the figures only through :func:`shown_figure`.
    """
    figures = provided.get("results") or ()
    if isinstance(figures, str | bytes | Mapping) or not isinstance(figures, Iterable):
        figures = ()
    return {
        "results": [shown_figure(f) for f in figures],
        "results_as_of": provided.get("results_as_of"),
        "results_cohort": provided.get("results_cohort") or "",
        "small_cell_min_n": SMALL_CELL_MIN_N,
    }
