from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from engraft.access.decorators import requires
from engraft.access.roles import Permission

from .forms import AuditFilterForm
from .models import AuditAction, AuditEvent
from .services import record_access


@requires(Permission.AUDIT_VIEW)
def audit_trail(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor")
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # Reading the trail is a read of personal data too: audited, with the filter used.
    record_access(
        request,
        AuditAction.VIEW,
        "audit.AuditEvent",
        summary=f"audit trail page {page.number}: {request.GET.urlencode()}",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
