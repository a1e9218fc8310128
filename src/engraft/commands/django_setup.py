"""Start Django for a command-line tool, with development settings unless told otherwise."""

import os


def setup_django() -> None:
    """Configure and start Django; a no-op where it is already started.

    A command run inside a process that has set Django up (the test run, with pytest-django's
    settings and test database) keeps that setup: starting it again would reconfigure logging
    and drop the handlers already installed.
    """
    from django.apps import apps

    if apps.ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engraft.web.settings.development")
    import django

    django.setup()
