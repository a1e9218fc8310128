"""The project's one admin site; apps register their content models on it."""

from engraft.access.admin_site import EngraftAdminSite

site = EngraftAdminSite(name="admin")
