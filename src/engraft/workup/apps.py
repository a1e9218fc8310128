from django.apps import AppConfig


class WorkupConfig(AppConfig):
    name = "engraft.workup"
    label = "workup"
    verbose_name = "Pre-transplant work-up"
