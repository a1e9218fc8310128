"""Development and demo settings: SQLite, console email, debug on localhost only."""

from .base import *  # noqa: F403
from .base import DATA_DIR

DEBUG = True
# A development-only key: production refuses to start without its own (see production.py).
SECRET_KEY = "engraft-development-only-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "sent-email"
