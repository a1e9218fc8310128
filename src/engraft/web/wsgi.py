"""WSGI entry point for a server such as gunicorn: `gunicorn engraft.web.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engraft.web.settings.production")
application = get_wsgi_application()

# Load py-ard, the donor store and the search kernels now, so that no request waits for them.
from engraft.donors.registry import warm_up  # noqa: E402 - needs the configured Django

warm_up()
