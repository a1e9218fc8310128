from django.apps import AppConfig


class TrialsConfig(AppConfig):
    name = "engraft.trials"
    label = "trials"
    verbose_name = "Clinical trials"

    def ready(self) -> None:
        # The earlier stages never import this one: it adds itself to what they show.
        from engraft.information import public_listings
        from engraft.record import bundle_extensions

        from . import public, research_fhir

        public_listings.register("trials", public.open_trials_context)
        bundle_extensions.register(research_fhir.patient_research_resources)
