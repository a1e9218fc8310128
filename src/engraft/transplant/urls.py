from django.urls import path

from . import views, views_exports, views_ward  # noqa: F401

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

# The ward's daily view and alerts (views_ward.py).
urlpatterns += [
    path("ward/", views_ward.ward_today, name="ward"),
    path("alerts/<uuid:public_id>/acknowledge/", views_ward.acknowledge, name="acknowledge_alert"),
]
