from django.urls import path

from . import views

app_name = "donors"
urlpatterns = [
    path("patients/<uuid:public_id>/", views.donor_page, name="patient"),
    path("patients/<uuid:public_id>/typings/add/", views.add_typing, name="add_typing"),
    path("patients/<uuid:public_id>/antibodies/add/", views.add_antibody, name="add_antibody"),
    path(
        "patients/<uuid:public_id>/typings/<uuid:typing_id>/void/",
        views.void_typing,
        name="void_typing",
    ),
    path(
        "patients/<uuid:public_id>/antibodies/<uuid:antibody_id>/void/",
        views.void_antibody,
        name="void_antibody",
    ),
    path("patients/<uuid:public_id>/context/", views.transplant_context, name="context"),
    path(
        "patients/<uuid:public_id>/measurements/add/",
        views.add_measurement,
        name="add_measurement",
    ),
    path(
        "patients/<uuid:public_id>/measurements/<uuid:measurement_id>/void/",
        views.void_measurement,
        name="void_measurement",
    ),
    path("patients/<uuid:public_id>/search/", views.search_page, name="search"),
    path("patients/<uuid:public_id>/search/run/", views.run_search, name="run_search"),
    path("patients/<uuid:public_id>/select/", views.select_donor, name="select"),
    path("patients/<uuid:public_id>/confirmatory/", views.confirmatory, name="confirmatory"),
    path(
        "patients/<uuid:public_id>/confirmatory/request/",
        views.request_confirmatory,
        name="request_confirmatory",
    ),
    path(
        "patients/<uuid:public_id>/confirmatory/<uuid:request_id>/result/",
        views.confirmatory_result,
        name="confirmatory_result",
    ),
]
