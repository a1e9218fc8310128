from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("", views.staff_home, name="staff_home"),
]
