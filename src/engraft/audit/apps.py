from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "engraft.audit"
    label = "audit"
    verbose_name = "Audit trail"
