from django.apps import AppConfig


class DonorsConfig(AppConfig):
    # The Django shell of stage 5; grading and search live in engraft.core.hla/donor_search.
    name = "engraft.donors"
    label = "donors"
    verbose_name = "Donor search and selection"
