from django.urls import path

from . import views

app_name = "information"

PUBLIC_PAGES = [
    "osteopetrosis",
    "diagnosis",
    "transplant",
    "what-to-expect",
    "team",
    "research",
    "results",
    "sources",
    "trials",
    "contact",
]

urlpatterns = [
    path("", views.page, {"slug": "home"}, name="home"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    *[path(f"{slug}/", views.page, {"slug": slug}, name=slug) for slug in PUBLIC_PAGES],
    path("request-information/", views.request_information, name="request_information"),
    path("request-information/received/", views.request_received, name="request_received"),
    path("staff/requests/", views.queue, name="queue"),
    path("staff/requests/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("staff/requests/<uuid:public_id>/assign/", views.assign, name="assign"),
    path("staff/requests/<uuid:public_id>/status/", views.set_status, name="set_status"),
    path("staff/requests/<uuid:public_id>/notes/", views.add_note, name="add_note"),
    path("staff/requests/<uuid:public_id>/contacts/", views.log_contact, name="log_contact"),
]
