"""The public site's sitemap (Django's sitemaps framework): every public page and the form."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Page


class PublicPagesSitemap(Sitemap):
    """Every public page, in menu order: the pages are rows, so a new one is listed at once."""

    def items(self):
        return Page.objects.only("slug").order_by("menu_order", "slug")

    def location(self, item: Page) -> str:
        return reverse("information:home" if item.slug == "home" else f"information:{item.slug}")


class RequestFormSitemap(Sitemap):
    def items(self):
        return ["information:request_information"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"pages": PublicPagesSitemap, "forms": RequestFormSitemap}
