from django.apps import AppConfig


class TransplantConfig(AppConfig):
    # The Django shell of stages 6 and 7; engraftment, graft failure and chimerism are
    # computed in engraft.core.transplant from what this app stores.
    name = "engraft.transplant"
    label = "transplant"
    verbose_name = "Transplant and engraftment"
