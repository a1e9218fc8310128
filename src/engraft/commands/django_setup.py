"""Start Django for a command-line tool, with development settings unless told otherwise."""

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engraft.web.settings.development")
    import django

    django.setup()
