from django.urls import path

from . import views, views_care_team

app_name = "record"
P = "<uuid:public_id>/"
urlpatterns = [
    path("", views.patient_list, name="patients"),
    path("new/", views.referral_intake, name="referral_intake"),
    path("import/", views.fhir_import, name="fhir_import"),
    path("break-glass/", views_care_team.break_glass_review, name="break_glass_review"),
    path(P, views.patient_detail, name="patient"),
    path(P + "diagnosis/", views.edit_diagnosis, name="edit_diagnosis"),
    path(P + "relatives/new/", views.add_relative, name="add_relative"),
    path(P + "genetics/new/", views.add_genetic_result, name="add_genetic_result"),
    path(P + "findings/new/", views.add_finding, name="add_finding"),
    path(P + "labs/new/", views.add_lab_result, name="add_lab_result"),
    path(P + "labs/", views.lab_charts, name="lab_charts"),
    path(P + "documents/new/", views.add_document, name="add_document"),
    path(P + "studies/new/", views.add_study, name="add_study"),
    path(P + "documents/<uuid:document_id>/", views.document_file, name="document"),
    path(P + "<str:kind>/<uuid:entry_id>/void/", views.void_entry, name="void_entry"),
    path(P + "timeline/", views.patient_timeline, name="timeline"),
    path(P + "fhir/", views.fhir_export, name="fhir_export"),
    path(P + "care-team/", views_care_team.team, name="care_team"),
    path(P + "break-glass/", views_care_team.break_glass, name="break_glass"),
]
