from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "engraft.notifications"
    label = "notifications"
    verbose_name = "Outgoing email"
