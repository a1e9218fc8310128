from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "engraft.access"
    label = "access"
    verbose_name = "Accounts and roles"
