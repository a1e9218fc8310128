from django.urls import path

from . import views

app_name = "followup"
P = "<uuid:public_id>/follow-up/"
# Mounted under staff/patients/ after the record's URLs (web/urls.py).
urlpatterns = [
    path(P, views.follow_up_page, name="patient"),
    path(P + "done/", views.mark_done, name="mark_done"),
    path(P + "visits/<uuid:visit_id>/void/", views.void_visit, name="void_visit"),
]
