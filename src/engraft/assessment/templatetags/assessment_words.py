"""Words for the codes a stored assessment holds (evidence labels, snake_case values)."""

from django import template

register = template.Library()

EVIDENCE_WORDS = {
    "V": "verified in the source",
    "V-abs": "verified in the abstract only",
    "unverified": "unverified: a clinician must check it",
    "in-house": "in-house: an Engraft choice, no published source",
}


@register.filter
def evidence_words(label: str) -> str:
    """The evidence label of a citation, in words."""
    return EVIDENCE_WORDS.get(label, label)


@register.filter
def words(code: str) -> str:
    """A snake_case code as words: ``not_indicated`` -> ``not indicated``."""
    return str(code or "").replace("_", " ")


@register.filter
def iso_date(value: str | None) -> str:
    """An ISO date from stored JSON, or a dash when the data is undated."""
    return value or "undated"


@register.filter
def listed(value: object) -> list[object]:
    """One object as a list of one, for a partial that loops over a list."""
    return [value]
