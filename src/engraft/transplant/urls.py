from django.urls import path

from . import views  # noqa: F401
from .views_ward import acknowledge, ward_today

app_name = "transplant"

urlpatterns: list = []

# The ward's daily view and alerts (views_ward.py).
urlpatterns += [
    path("ward/", ward_today, name="ward"),
    path("alerts/<uuid:public_id>/acknowledge/", acknowledge, name="acknowledge_alert"),
]
