from django.http import HttpRequest

from .models import ContactDetails, Page


def contact_details(request: HttpRequest) -> dict[str, object]:
    """Contact details and the public menu, shown in every page's header and footer."""
    return {
        "contact": ContactDetails.objects.first(),
        "public_menu": Page.objects.only("slug", "menu_label").order_by("menu_order", "slug"),
    }
