from django.urls import path

from . import views

app_name = "workup"
urlpatterns = [
    path("", views.coordinator_board, name="board"),
    path("my-work/", views.my_work, name="my_work"),
    path("calendar/", views.week_calendar, name="calendar"),
    path("patients/<uuid:public_id>/", views.patient_plan, name="plan"),
    path("patients/<uuid:public_id>/ready/", views.mark_ready, name="mark_ready"),
    path("patients/<uuid:public_id>/schedule.pdf", views.family_schedule_pdf, name="schedule_pdf"),
    path("patients/<uuid:public_id>/schedule.ics", views.family_schedule_ics, name="schedule_ics"),
    path("tasks/<uuid:public_id>/", views.task_detail, name="task"),
    path("tasks/<uuid:public_id>/update/", views.update_task, name="update_task"),
    path("tasks/<uuid:public_id>/result/", views.record_result, name="record_result"),
    path("tasks/<uuid:public_id>/waive/", views.waive_task, name="waive_task"),
]
