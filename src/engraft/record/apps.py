from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "engraft.record"
    label = "record"
    verbose_name = "Referrals and patient records"
