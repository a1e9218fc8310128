"""The project's one admin site (defined in engraft.access.admin_site), mounted by urls.py."""

from engraft.access.admin_site import site

from . import account_admin  # noqa: F401 - registers the staff accounts on the site

__all__ = ["site"]
