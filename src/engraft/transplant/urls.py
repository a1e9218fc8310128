from django.urls import path

from . import (
    views,  # noqa: F401
    views_exports,
)

app_name = "transplant"

urlpatterns: list = []

# Outputs of an episode: the FHIR R4 Bundle and the summary PDF (views_exports.py).
urlpatterns += [
    path("episodes/<uuid:episode_id>/fhir/", views_exports.episode_fhir, name="episode_fhir"),
    path(
        "episodes/<uuid:episode_id>/summary.pdf",
        views_exports.summary_pdf_download,
        name="summary_pdf",
    ),
]
