from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    # The Django shell of stage 3; the rules themselves live in engraft.core.assessment.
    name = "engraft.assessment"
    label = "assessment"
    verbose_name = "Assessment and sign-off"
