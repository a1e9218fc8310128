from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "engraft.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes and research"

    def ready(self) -> None:
        # The public site never imports this stage: it adds its published figures itself.
        from engraft.information import public_listings

        from . import public

        public_listings.register("results", public.results_context)
