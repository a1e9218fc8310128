from django.urls import path

from . import views

app_name = "outcomes"
P = "patients/<uuid:public_id>/outcomes/"
# Mounted under staff/ (web/urls.py).
urlpatterns = [
    path("outcomes/", views.cohort, name="cohort"),
    path("outcomes/publish/", views.publish, name="publish"),
    path(P, views.patient_outcomes, name="patient"),
    path(P + "vital-status/", views.record_vital_status, name="record_vital_status"),
]
