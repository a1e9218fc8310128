from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.access.worklists import worklists_for
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access
from engraft.core.record.findings import spec_for
from engraft.core.workup.family_calendar import Appointment, family_calendar
from engraft.core.workup.schedule import SCHEDULE_SOURCE, is_overdue
from engraft.information.models import ContactDetails
from engraft.record.locking import ConcurrentEditError
from engraft.record.pages import apply_errors, patient_for

from . import selectors, services
from .forms import PlanForm, ResultForm, TaskForm, WaiveForm
from .models import WorkupPlan, WorkupTask


@requires(Permission.WORKUP_VIEW)
def coordinator_board(request: HttpRequest) -> HttpResponse:
    items, rows = selectors.board()
    record_access(request, AuditAction.VIEW, "workup.WorkupPlan", summary="work-up board")
    return render(request, "workup/board.html", {"items": items, "rows": rows})


@requires(Permission.WORKUP_VIEW)
def my_work(request: HttpRequest) -> HttpResponse:
    tasks = list(selectors.my_work(request.user))
    today = timezone.localdate()
    record_access(request, AuditAction.VIEW, "workup.WorkupTask", summary="my work")
    return render(
        request,
        "workup/my_work.html",
        {
            "rows": [(t, is_overdue(t.due_on, today, t.is_closed)) for t in tasks],
            # Later stages' sections (the follow-up visits), registered in access.worklists.
            "worklists": worklists_for(request.user, today),
        },
    )


@requires(Permission.WORKUP_VIEW)
def week_calendar(request: HttpRequest) -> HttpResponse:
    try:
        chosen = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        chosen = timezone.localdate()
    monday = selectors.week_start(chosen)
    record_access(request, AuditAction.VIEW, "workup.WorkupTask", summary=f"week of {monday}")
    return render(
        request,
        "workup/calendar.html",
        {
            "monday": monday,
            "days": selectors.week_appointments(monday),
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
        },
    )


@requires(Permission.WORKUP_VIEW)
def patient_plan(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id)
    plan = WorkupPlan.objects.filter(patient=patient).first()
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        if not request.user.may(Permission.WORKUP_MANAGE):
            raise PermissionDenied("Only coordinators and physicians create work-up plans.")
        if form.is_valid():
            try:
                services.create_plan(
                    patient=patient, actor=request.user, ip=client_address(request),
                    target_admission=form.cleaned_data["target_admission"],
                )  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "The work-up plan is created.")
                return redirect("workup:plan", public_id=patient.public_id)
    context = {
        "patient": patient,
        "plan": plan,
        "form": form,
        "accepted": services.accepted_as_candidate(patient),
        "schedule_source": SCHEDULE_SOURCE,
    }
    if plan is not None:
        today = timezone.localdate()
        tasks = list(plan.tasks.select_related("item", "owner"))
        context["rows"] = [(t, is_overdue(t.due_on, today, t.is_closed)) for t in tasks]
        context["gate"] = services.plan_readiness(plan)
    return render(request, "workup/plan.html", context)


@requires(Permission.WORKUP_MANAGE)
@require_POST
def mark_ready(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=False)
    plan = get_object_or_404(WorkupPlan, patient=patient)
    try:
        services.mark_ready(plan=plan, actor=request.user, ip=client_address(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Marked ready for admission.")
    return redirect("workup:plan", public_id=patient.public_id)


def _task(public_id) -> WorkupTask:
    return get_object_or_404(
        WorkupTask.objects.select_related("item", "plan__patient", "owner", "updated_by"),
        public_id=public_id,
    )


def may_work_on(user, task: WorkupTask, permission: Permission) -> bool:
    """Coordinators and physicians work on any task; a specialist on their discipline's
    tasks, or a task a coordinator has given them by name."""
    if task.owner_id is not None and task.owner_id == user.pk:
        return user.may(permission)
    return user.may_act(permission, {task.item.discipline})


def _task_for_work(request, public_id, permission: Permission) -> WorkupTask:
    task = _task(public_id)
    if not may_work_on(request.user, task, permission):
        raise PermissionDenied(
            f"This task belongs to {task.item.discipline.replace('_', ' ')}: a specialist "
            "records only their own discipline's work-up tasks."
        )
    return task


def _task_page(request, task, *, task_form=None, result_form=None, waive_form=None, status=200):
    record_access(request, AuditAction.VIEW, task.plan.patient, summary=f"task {task.item.code}")
    spec = spec_for(task.item.result_finding_kind) if task.item.result_finding_kind else None
    version = {"version": task.version}
    initial = {
        **version,
        "status": task.status,
        "owner": task.owner,
        "scheduled_at": timezone.localtime(task.scheduled_at) if task.scheduled_at else None,
        "place": task.place,
    }
    return render(
        request,
        "workup/task.html",
        {
            "task": task,
            "patient": task.plan.patient,
            "finding_spec": spec,
            "task_form": task_form or TaskForm(initial=initial),
            "result_form": result_form
            or ResultForm(
                initial={**version, "observed_on": timezone.localdate()},
                finding_spec=spec,
                study=bool(task.item.result_study_code),
            ),
            "waive_form": waive_form or WaiveForm(initial=version),
            "may_work": may_work_on(request.user, task, Permission.TASK_UPDATE),
        },
        status=status,
    )


@requires(Permission.WORKUP_VIEW)
def task_detail(request: HttpRequest, public_id) -> HttpResponse:
    return _task_page(request, _task(public_id))


def _after_save(request, task, form, save, form_name):
    """Run `save`; on a concurrent edit show the task as it now is, with the message."""
    try:
        save()
    except ConcurrentEditError as error:
        # Show the task as the other person left it, with the reason nothing was saved.
        messages.error(request, str(error))
        return _task_page(request, _task(task.public_id), status=409)
    except ValidationError as error:
        apply_errors(form, error)
        return _task_page(request, task, **{form_name: form})
    messages.success(request, "Saved.")
    return redirect("workup:task", public_id=task.public_id)


@requires(Permission.TASK_UPDATE)
@require_POST
def update_task(request: HttpRequest, public_id) -> HttpResponse:
    task = _task_for_work(request, public_id, Permission.TASK_UPDATE)
    form = TaskForm(request.POST)
    if not form.is_valid():
        return _task_page(request, task, task_form=form)
    data = form.cleaned_data

    def save():
        services.update_task(
            task=task,
            actor=request.user,
            ip=client_address(request),
            version=data["version"],
            owner=data["owner"],
            status=data["status"],
            scheduled_at=data["scheduled_at"],
            place=data["place"],
        )

    return _after_save(request, task, form, save, "task_form")


@requires(Permission.TASK_UPDATE)
@require_POST
def record_result(request: HttpRequest, public_id) -> HttpResponse:
    task = _task_for_work(request, public_id, Permission.TASK_UPDATE)
    spec = spec_for(task.item.result_finding_kind) if task.item.result_finding_kind else None
    form = ResultForm(request.POST, finding_spec=spec, study=bool(task.item.result_study_code))
    if not form.is_valid():
        return _task_page(request, task, result_form=form)

    def save():
        services.record_result(
            task=task,
            actor=request.user,
            ip=client_address(request),
            version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
            finding=form.finding(source=f"work-up: {task.item.name}"),
            performed_on=form.cleaned_data.get("observed_on"),
        )

    return _after_save(request, task, form, save, "result_form")


@requires(Permission.TASK_WAIVE)
@require_POST
def waive_task(request: HttpRequest, public_id) -> HttpResponse:
    task = _task(public_id)
    form = WaiveForm(request.POST)
    if not form.is_valid():
        return _task_page(request, task, waive_form=form)

    def save():
        data = form.cleaned_data
        services.waive_task(
            task=task, actor=request.user, ip=client_address(request),
            version=data["version"], reason=data["reason"],
        )  # fmt: skip

    return _after_save(request, task, form, save, "waive_form")


def _family_plan(request, public_id):
    patient = patient_for(request, public_id, audit=False)
    plan = get_object_or_404(WorkupPlan, patient=patient)
    return patient, plan, selectors.family_appointments(plan)


@requires(Permission.WORKUP_VIEW)
def family_schedule_pdf(request: HttpRequest, public_id) -> HttpResponse:
    from weasyprint import HTML  # imported here: loading WeasyPrint takes about a second

    patient, plan, appointments = _family_plan(request, public_id)
    html = render_to_string(
        "workup/family_schedule.html",
        {
            "patient": patient,
            "plan": plan,
            "appointments": appointments,
            "contact": ContactDetails.objects.first(),
        },
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    record_access(request, AuditAction.EXPORT, patient, summary="family schedule PDF")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="schedule-{patient.public_id}.pdf"'
    return response


@requires(Permission.WORKUP_VIEW)
def family_schedule_ics(request: HttpRequest, public_id) -> HttpResponse:
    patient, _, appointments = _family_plan(request, public_id)
    contact = ContactDetails.objects.first()
    data = family_calendar(
        [
            Appointment(
                uid=f"{task.public_id}@engraft",
                starts_at=task.scheduled_at,
                title=task.item.name,
                place=task.place or (contact.clinic_address if contact else ""),
                why=task.item.family_description,
                bring=task.item.what_to_bring,
            )
            for task in appointments
        ],
        programme=contact.programme_name if contact else "Engraft",
        generated_at=timezone.now(),
    )
    record_access(request, AuditAction.EXPORT, patient, summary="family schedule iCalendar")
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="schedule-{patient.public_id}.ics"'
    return response
