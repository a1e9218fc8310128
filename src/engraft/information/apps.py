from django.apps import AppConfig


class InformationConfig(AppConfig):
    name = "engraft.information"
    label = "information"
    verbose_name = "Public information and requests"
