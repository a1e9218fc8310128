from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "engraft.followup"
    label = "followup"
    verbose_name = "Long-term follow-up"

    def ready(self) -> None:
        # "My work" (the work-up's page) lists the follow-up visits due for each person; the
        # work-up is an earlier stage and may not import this app, so it reads a registry.
        from engraft.access.worklists import register_worklist

        from .worklist import follow_up_worklist

        register_worklist("followup", follow_up_worklist)
