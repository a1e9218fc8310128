"""The project's one admin site (defined in engraft.access.admin_site), mounted by urls.py."""

from engraft.access.admin_site import site

__all__ = ["site"]
