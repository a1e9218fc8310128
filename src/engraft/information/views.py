from django.contrib.auth import get_user_model
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from engraft.access.decorators import public, requires
from engraft.access.roles import ROLES_WITH, Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access, request_actor

from . import public_listings, published_results, selectors, services
from .forms import (
    AssignForm,
    ContactAttemptForm,
    InformationRequestForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
)
from .models import InformationRequest, Page, TeamMember
from .sitemaps import SITEMAPS

# Public pages ---------------------------------------------------------------------------


# What a page lists besides its text, from this app's own tables.
PAGE_LISTS = {
    "team": lambda: {"team": TeamMember.objects.all()},
    "research": lambda: {"projects": selectors.research_projects()},
    "sources": lambda: {"sources": selectors.recommended_sources()},
}


@public
def page(request: HttpRequest, slug: str) -> HttpResponse:
    shown = get_object_or_404(Page.objects.prefetch_related("sections"), slug=slug)
    # ?print=1 is the printable version: the same page without the menu.
    context: dict[str, object] = {"page": shown, "printable": request.GET.get("print") == "1"}
    if slug in PAGE_LISTS:
        context.update(PAGE_LISTS[slug]())
    # Later stages (the trials catalogue, the outcomes) add their public listings; without
    # them, none. The results page's figures pass the small-cell rule here, whatever a
    # provider sends.
    provided = public_listings.context_for(slug)
    if slug == "results":
        provided = published_results.results_context(provided)
    context.update(provided)
    return render(request, f"information/page_{slug}.html", context)


@public
def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)


def _rate_limited(request: HttpRequest, wait_until) -> HttpResponse:
    response = render(
        request, "information/rate_limited.html", {"wait_until": wait_until}, status=429
    )
    seconds = max(1, int((wait_until - timezone.now()).total_seconds()))
    response["Retry-After"] = str(seconds)
    return response


@public
def request_information(request: HttpRequest) -> HttpResponse:
    form = InformationRequestForm(request.POST or None)
    if request.method == "POST":
        wait_until = services.retry_after(client_address(request))
        if wait_until is not None:
            return _rate_limited(request, wait_until)
        if form.is_valid():
            # A filled honeypot is a bot: answer as usual, store nothing.
            if not form.is_bot:
                try:
                    services.submit_request(
                        actor=request_actor(request), ip=client_address(request),
                        data=form.cleaned_data,
                    )  # fmt: skip
                except services.RateLimited as limited:
                    return _rate_limited(request, limited.until)
            return redirect("information:request_received")
    return render(request, "information/request_form.html", {"form": form})


@public
def request_received(request: HttpRequest) -> HttpResponse:
    return render(request, "information/request_received.html")


# Staff queue ----------------------------------------------------------------------------


@requires(Permission.INQUIRY_VIEW)
def queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET or None)
    status = search = ""
    sort = "oldest"
    if filters.is_valid():
        status = filters.cleaned_data["status"]
        search = filters.cleaned_data["q"]
        sort = filters.cleaned_data["sort"] or "oldest"
    page_obj = Paginator(selectors.queue(status, search, sort), 25).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    rows = [(info, selectors.contact_overdue(info, today)) for info in page_obj]
    record_access(
        request,
        AuditAction.VIEW,
        "information.InformationRequest",
        summary=f"queue list status={status or 'open'} q={search!r} page={page_obj.number}",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "information/staff/queue.html",
        {"filters": filters, "page": page_obj, "rows": rows, "query": query.urlencode()},
    )


def _staff():
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=ROLES_WITH[Permission.INQUIRY_MANAGE])
        .order_by("username")
    )


@requires(Permission.INQUIRY_VIEW)
def request_detail(request: HttpRequest, public_id) -> HttpResponse:
    info = get_object_or_404(
        InformationRequest.objects.select_related("assigned_to"), public_id=public_id
    )
    record_access(request, AuditAction.VIEW, info)
    context = {
        "info": info,
        "overdue": selectors.contact_overdue(info),
        "notes": info.notes.select_related("author"),
        "contacts": info.contacts.select_related("by"),
        "assign_form": AssignForm(
            initial={"assigned_to": info.assigned_to}, staff_queryset=_staff()
        ),
        "status_form": StatusForm(initial={"status": info.status}),
        "note_form": NoteForm(),
        "contact_form": ContactAttemptForm(),
        "may_manage": request.user.may(Permission.INQUIRY_MANAGE),
    }
    return render(request, "information/staff/detail.html", context)


def _managed(public_id) -> InformationRequest:
    return get_object_or_404(InformationRequest, public_id=public_id)


@requires(Permission.INQUIRY_MANAGE)
@require_POST
def assign(request: HttpRequest, public_id) -> HttpResponse:
    info = _managed(public_id)
    form = AssignForm(request.POST, staff_queryset=_staff())
    if form.is_valid():
        services.assign_request(
            info=info,
            actor=request.user,
            ip=client_address(request),
            staff=form.cleaned_data["assigned_to"],
        )
    return redirect("information:request_detail", public_id=info.public_id)


@requires(Permission.INQUIRY_MANAGE)
@require_POST
def set_status(request: HttpRequest, public_id) -> HttpResponse:
    info = _managed(public_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.change_status(
            info=info,
            actor=request.user,
            ip=client_address(request),
            status=form.cleaned_data["status"],
        )
    return redirect("information:request_detail", public_id=info.public_id)


@requires(Permission.INQUIRY_MANAGE)
@require_POST
def add_note(request: HttpRequest, public_id) -> HttpResponse:
    info = _managed(public_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(
            info=info,
            actor=request.user,
            ip=client_address(request),
            text=form.cleaned_data["text"],
        )
    return redirect("information:request_detail", public_id=info.public_id)


@requires(Permission.INQUIRY_MANAGE)
@require_POST
def log_contact(request: HttpRequest, public_id) -> HttpResponse:
    info = _managed(public_id)
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        services.log_contact(
            info=info, actor=request.user, ip=client_address(request), data=form.cleaned_data
        )
    return redirect("information:request_detail", public_id=info.public_id)
