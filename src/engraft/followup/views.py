"""The follow-up page of a child: the schedule from day 0, and the visits marked done (thin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from engraft.access.decorators import requires
from engraft.access.disciplines import finding_kinds_of, study_codes_of
from engraft.access.roles import Permission
from engraft.audit.services import client_address
from engraft.core.followup.knowledge import load_followup_knowledge
from engraft.record.pages import apply_errors, patient_for

from . import selectors, services
from .evidence import entry_labels, kinds_of
from .forms import FilterForm, VisitDoneForm, VoidVisitForm
from .models import FollowUpVisitRecord


def _may_record(user, discipline: str) -> bool:
    return user.may_act(Permission.FOLLOWUP_RECORD, {discipline})


def _entry_links(user, patient, episode, item: str) -> list[tuple[str, str]]:
    """Links to the forms where the record keeps this item's results, those the user may use."""
    kinds = kinds_of(item)
    what = ", ".join(entry_labels(item))
    scoped = user.scoped(Permission.RESULT_RECORD)
    links = []
    for form in kinds.entry_forms:
        if form == "chimerism":
            if user.may(Permission.TRANSPLANT_MANAGE):
                url = reverse("transplant:add_chimerism", args=[episode.public_id])
                links.append(("Add a chimerism result", url))
            continue
        if not user.may(Permission.RESULT_RECORD):
            continue
        if form == "finding":
            if scoped and not kinds.findings & finding_kinds_of(user.discipline):
                continue
            url = reverse("record:add_finding", args=[patient.public_id])
            links.append((f"Add a finding ({what})", url))
        elif form == "study":
            if scoped and not kinds.studies & study_codes_of(user.discipline):
                continue
            url = reverse("record:add_study", args=[patient.public_id])
            links.append((f"Add a study ({what})", url))
        elif form == "lab" and not scoped:
            label = f"Add a lab result ({what})" if what else "Add a lab result"
            links.append((label, reverse("record:add_lab_result", args=[patient.public_id])))
    return links


def _ids(item: str, timepoint: str) -> str:
    """Each visit's form has its own element ids (many forms share the page)."""
    return f"id_{item}-{timepoint}_%s"


def _page(request, patient, *, failed=None, status: int = 200) -> HttpResponse:
    """The schedule grouped by timepoint; ``failed`` is (item, timepoint, bound form)."""
    today = timezone.localdate()
    episode = selectors.follow_up_episode(patient, today)
    filters = FilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    context = {"patient": patient, "episode": episode, "today": today, "filters": filters}
    if episode is None:
        return render(request, "followup/patient.html", context, status=status)
    groups: dict[str, dict] = {}
    sources: dict[str, object] = {}
    counts = {"done": 0, "due": 0, "overdue": 0, "upcoming": 0}
    for row in selectors.schedule_rows(episode, today):
        v = row.visit
        counts[v.state.value] += 1
        if wanted.get("discipline") and v.discipline != wanted["discipline"]:
            continue
        if wanted.get("state") and v.state.value != wanted["state"]:
            continue
        may = _may_record(request.user, v.discipline)
        form = None
        if may and row.record is None and not row.evidence:
            if failed and failed[:2] == (v.item, v.timepoint):
                form = failed[2]
            else:
                initial = {"item": v.item, "timepoint": v.timepoint,
                           "done_on": min(today, v.window_end)}  # fmt: skip
                form = VisitDoneForm(initial=initial, auto_id=_ids(v.item, v.timepoint))
        for c in v.citations:
            sources.setdefault(c.source_id, c)
        group = groups.setdefault(v.timepoint, {"label": v.label, "due": v.due, "rows": []})
        group["rows"].append({
            "visit": v, "record": row.record, "evidence": row.evidence, "form": form,
            # The timepoint's and the item's sources, each once (both name "in-house").
            "citations": list({c.source_id: c for c in v.citations}.values()),
            "may_void": may and row.record is not None,
            "links": _entry_links(request.user, patient, episode, v.item),
        })  # fmt: skip
    context |= {"groups": list(groups.values()), "counts": counts,
                "sources": list(sources.values())}  # fmt: skip
    return render(request, "followup/patient.html", context, status=status)


@requires(Permission.TRANSPLANT_VIEW)
def follow_up_page(request: HttpRequest, public_id) -> HttpResponse:
    """The child's follow-up schedule from day 0 of their latest transplant, with filters."""
    return _page(request, patient_for(request, public_id))


@requires(Permission.FOLLOWUP_RECORD)
@require_POST
def mark_done(request: HttpRequest, public_id) -> HttpResponse:
    """Mark one visit done; a specialist only their discipline's."""
    patient = patient_for(request, public_id)
    item, timepoint = request.POST.get("item", ""), request.POST.get("timepoint", "")
    form = VisitDoneForm(request.POST, auto_id=_ids(item, timepoint))
    items = load_followup_knowledge().items
    if item in items and not _may_record(request.user, items[item].discipline):
        raise PermissionDenied(
            f"This visit belongs to {items[item].discipline}: a specialist marks only their "
            "own discipline's follow-up visits."
        )
    episode = selectors.follow_up_episode(patient, timezone.localdate())
    if episode is None or item not in items:
        messages.error(request, "There is no such follow-up visit to mark done.")
        return _page(request, patient, status=400)
    if not form.is_valid():
        return _page(request, patient, failed=(item, timepoint, form), status=400)
    data = form.cleaned_data
    try:
        services.record_visit_done(
            episode=episode, item=data["item"], timepoint=data["timepoint"],
            done_on=data["done_on"], note=data["note"], actor=request.user,
            ip=client_address(request),
        )  # fmt: skip
    except ValidationError as error:
        apply_errors(form, error)
        return _page(request, patient, failed=(item, timepoint, form), status=400)
    messages.success(request, f"{items[item].title}: marked done.")
    return redirect(reverse("followup:patient", args=[patient.public_id]) + f"#{timepoint}")


@requires(Permission.FOLLOWUP_RECORD)
@require_POST
def void_visit(request: HttpRequest, public_id, visit_id) -> HttpResponse:
    """Void a visit marked done in error, with the reason (a specialist: their discipline's)."""
    patient = patient_for(request, public_id)
    visit = get_object_or_404(FollowUpVisitRecord, public_id=visit_id, patient=patient)
    discipline = load_followup_knowledge().items[visit.item].discipline
    if not _may_record(request.user, discipline):
        raise PermissionDenied(
            f"This entry belongs to {discipline}: a specialist voids only their own "
            "discipline's follow-up visits."
        )
    form = VoidVisitForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": "Say why this entry is voided."})
        services.void_visit(visit=visit, reason=form.cleaned_data["reason"],
                            actor=request.user, ip=client_address(request))  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _page(request, patient, status=400)
    messages.success(request, "The entry is voided; the visit may be marked done again.")
    return redirect(reverse("followup:patient", args=[patient.public_id]) + f"#{visit.timepoint}")
