"""Production settings: PostgreSQL, secrets from the environment, HTTPS only.

Refuses to start when a required variable is missing, rather than run with a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

REQUIRED = ("ENGRAFT_SECRET_KEY", "ENGRAFT_ALLOWED_HOSTS", "DATABASE_URL")
missing = [name for name in REQUIRED if not os.environ.get(name)]
if missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(missing)
    )

DEBUG = False
SECRET_KEY = os.environ["ENGRAFT_SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ENGRAFT_ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A clinical role opens a child's record only in the care team, or with a reason.
ENGRAFT_CARE_TEAMS = os.environ.get("ENGRAFT_CARE_TEAMS", "1") == "1"
# Every staff account signs in with a second factor (set "0" only to recover a site).
ENGRAFT_REQUIRE_SECOND_FACTOR = os.environ.get("ENGRAFT_REQUIRE_SECOND_FACTOR", "1") == "1"
# Production runs behind one HTTPS proxy (README); say 0 if clients reach gunicorn directly.
ENGRAFT_TRUSTED_PROXIES = int(os.environ.get("ENGRAFT_TRUSTED_PROXIES", "1"))
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("ENGRAFT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ENGRAFT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ENGRAFT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ENGRAFT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("ENGRAFT_EMAIL_TLS", "1") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
