from django.urls import path

from . import views, views_exports, views_growth, views_surveillance, views_ward

app_name = "transplant"

E = "episodes/<uuid:episode_id>"
urlpatterns: list = [
    # The episode and the flowsheet (section 1 and 2's data entry).
    path("patients/<uuid:public_id>/", views.transplant_page, name="patient"),
    path("patients/<uuid:public_id>/open/", views.open_episode, name="open"),
    path("patients/<uuid:public_id>/history/", views.open_history, name="open_history"),
    path(f"{E}/retransplant/", views.open_retransplant, name="retransplant"),
    path(f"{E}/admit/", views.admit, name="admit"),
    path(f"{E}/dates/", views.dates, name="dates"),
    path(f"{E}/close/", views.close, name="close"),
    path(f"{E}/conditioning/", views.conditioning, name="conditioning"),
    path(f"{E}/graft/", views.graft, name="graft"),
    path(f"{E}/flowsheet/", views.flowsheet, name="flowsheet"),
    path(f"{E}/transfusions/add/", views.add_transfusion, name="add_transfusion"),
    path(f"{E}/growth-factors/add/", views.add_growth_factor, name="add_growth_factor"),
    path(f"{E}/chimerism/add/", views.add_chimerism, name="add_chimerism"),
    path(f"{E}/support/<str:kind>/<uuid:entry_id>/void/", views.void_support, name="void_support"),
    path(f"{E}/chimerism/<uuid:entry_id>/void/", views.void_chimerism, name="void_chimerism"),
]

# Outputs of an episode: the FHIR R4 Bundle and the summary PDF (views_exports.py).
urlpatterns += [
    path(f"{E}/fhir/", views_exports.episode_fhir, name="episode_fhir"),
    path(f"{E}/summary.pdf", views_exports.summary_pdf_download, name="summary_pdf"),
]

# The ward's daily view and alerts (views_ward.py).
urlpatterns += [
    path("ward/", views_ward.ward_today, name="ward"),
    path("alerts/<uuid:public_id>/acknowledge/", views_ward.acknowledge, name="acknowledge_alert"),
]

# The patient's growth charts (views_growth.py).
urlpatterns += [
    path("patients/<uuid:public_id>/growth/", views_growth.growth, name="growth"),
]

# The surveillance's entries: observations, acute and chronic GVHD, adverse events.
S = f"{E}/surveillance"
urlpatterns += [
    path(f"{S}/", views_surveillance.surveillance_entries, name="surveillance"),
    path(f"{S}/observations/add/", views_surveillance.add_observation, name="add_observation"),
    path(f"{S}/gvhd/add/", views_surveillance.add_gvhd_assessment, name="add_gvhd_assessment"),
    path(f"{S}/chronic-gvhd/add/", views_surveillance.add_chronic_gvhd, name="add_chronic_gvhd"),
    path(
        f"{S}/adverse-events/add/", views_surveillance.add_adverse_event, name="add_adverse_event"
    ),
    path(
        f"{S}/<str:kind>/<uuid:entry_id>/void/",
        views_surveillance.void_surveillance_entry,
        name="void_surveillance_entry",
    ),
]
