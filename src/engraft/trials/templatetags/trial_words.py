"""Trial matches in words on the pages (the same words as ``engraft trials match``)."""

from django import template
from engraft.core.trials.render import OUTCOME_WORDS, OVERALL_WORDS, criterion_line, leaves

register = template.Library()


@register.filter
def overall_words(overall) -> str:
    return OVERALL_WORDS[overall].capitalize()


@register.filter
def outcome_words(outcome) -> str:
    return OUTCOME_WORDS[outcome]


@register.filter(name="criterion_line")
def criterion_line_filter(result) -> str:
    return criterion_line(result)


@register.filter
def leaf_criteria(match) -> list:
    """Every leaf criterion of a match, registry first, in order."""
    return [leaf for criterion in match.criteria for leaf in leaves(criterion)]
