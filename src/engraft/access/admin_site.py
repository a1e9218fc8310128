from django.contrib import admin
from django.http import HttpRequest

from .roles import Permission


class EngraftAdminSite(admin.AdminSite):
    """Django's admin, opened to administrators only, for content and accounts."""

    site_header = "Engraft administration"
    site_title = "Engraft administration"
    index_title = "Page text, research, recommended sources, team, contact details and accounts"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_authenticated and user.may(Permission.CONTENT_EDIT))


# The project's one admin site; apps register their content models on it. It lives here, in
# a shared lower layer, so that apps never import the project shell (engraft.web).
site = EngraftAdminSite(name="admin")
