from django.apps import AppConfig


class WorkupConfig(AppConfig):
    name = "engraft.workup"
    label = "workup"
    verbose_name = "Pre-transplant work-up"

    def ready(self) -> None:
        # The owner of a child's work-up task is on the child's care team (record/care_team.py).
        from engraft.record.care_team import register_member_source

        from .models import WorkupTask

        def owns_a_task(patient, user) -> bool:
            return WorkupTask.objects.filter(plan__patient=patient, owner=user).exists()

        register_member_source(owns_a_task)
