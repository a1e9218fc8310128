from django.urls import path, register_converter

from . import views


class NctConverter:
    regex = r"NCT\d{8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NctConverter, "nct")

app_name = "trials"
P = "patients/<uuid:public_id>/trials/"
# Mounted under staff/ (web/urls.py).
urlpatterns = [
    path("trials/", views.catalogue, name="catalogue"),
    path("trials/import/", views.import_records, name="import"),
    path("trials/screening-log/", views.screening, name="screening"),
    path("trials/screening-log.csv", views.screening_csv, name="screening_csv"),
    path("trials/<nct:nct_id>/", views.trial_detail, name="trial"),
    path("trials/<nct:nct_id>/site/", views.edit_site, name="edit_site"),
    path("trials/<nct:nct_id>/rule/", views.edit_rule, name="edit_rule"),
    path(P, views.patient_trials, name="patient"),
    path(P + "<nct:nct_id>/step/", views.record_step, name="record_step"),
]
