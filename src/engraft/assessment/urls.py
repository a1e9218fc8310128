from django.urls import path

from . import views

app_name = "assessment"
P = "<uuid:public_id>/"
urlpatterns = [
    path("awaiting-sign-off/", views.awaiting_sign_off, name="awaiting_sign_off"),
    path(P, views.patient_assessment, name="current"),
    path(P + "sign-off/", views.sign_off, name="sign_off"),
    path(P + "history/", views.assessment_history, name="history"),
    path(P + "history/<uuid:assessment_id>/", views.stored_assessment, name="stored"),
    path(P + "meeting/", views.record_meeting, name="meeting"),
    path(P + "pdf/", views.assessment_pdf_download, name="pdf"),
]
