"""How an administrator's text reads on a public page: paragraphs, and tappable phones."""

from __future__ import annotations

import re

from django.template import Library
from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import SafeString, mark_safe

register = Library()

# A phone number in international form: "+44 20 7946 0000", "+1 (612) 555-0100".
PHONE = re.compile(r"\+\d[\d ()\-]{5,}\d")


def tel_href(number: str) -> str:
    """The tel: address of a written number: its digits and the leading plus."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


@register.filter(needs_autoescape=True)
def section_text(value: str, autoescape: bool = True) -> SafeString:
    """Paragraphs (blank lines) and line breaks, with phone numbers as tel: links.

    The text is escaped first; a phone number holds only digits, spaces, brackets and
    hyphens, which escaping leaves as they are, so the links wrap escaped text only.
    """
    html = linebreaks_filter(value, autoescape)
    linked = PHONE.sub(lambda m: f'<a href="{tel_href(m.group())}">{m.group()}</a>', html)
    return mark_safe(linked)  # noqa: S308 - built from escaped text and digits only
