"""The assessment as a PDF for the multidisciplinary meeting (WeasyPrint, from HTML)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML


def assessment_html(context: dict[str, Any]) -> str:
    """The printable page: the same conclusions, reasons and sources as the screen."""
    return render_to_string("assessment/pdf.html", context)


def assessment_pdf(context: dict[str, Any]) -> bytes:
    """PDF bytes of the printable page (no external resources: styles are inline)."""
    return HTML(string=assessment_html(context)).write_pdf()
