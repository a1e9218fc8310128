"""WSGI entry point for a server such as gunicorn: `gunicorn engraft.web.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engraft.web.settings.production")
application = get_wsgi_application()
