from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .decorators import public, requires
from .roles import Permission

login = public(
    auth_views.LoginView.as_view(
        template_name="access/login.html", redirect_authenticated_user=True
    )
)
logout = public(auth_views.LogoutView.as_view())


@requires(Permission.STAFF_HOME)
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "access/staff_home.html")
