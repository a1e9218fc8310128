"""Settings shared by every environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parents[2]
# The working directory for uploaded files and the SQLite database (outside the web root).
DATA_DIR = Path(os.environ.get("ENGRAFT_DATA_DIR", Path.cwd() / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    # Listed so that the API docs use django-ninja's own static files, never a CDN.
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "engraft.access",
    "engraft.audit",
    "engraft.notifications",
    "engraft.information",
    "engraft.record",
    "engraft.assessment",
    "engraft.workup",
    "engraft.donors",
    "engraft.transplant",
    "engraft.followup",
    "engraft.trials",
    "engraft.outcomes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "engraft.web.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "engraft.access.second_factor.SecondFactorMiddleware",
    "engraft.web.care_team_guard.CareTeamMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "engraft.audit.middleware.AuditShownAgainMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "engraft.web.urls"
WSGI_APPLICATION = "engraft.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "engraft.access.context_processors.access",
                "engraft.information.context_processors.contact_details",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'engraft.sqlite3'}",
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "access:staff_home"
LOGOUT_REDIRECT_URL = "information:home"

# Lock an account for a while after repeated failed logins.
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, and the
# header is ignored). The audit trail, the lockout and the rate limit all read the address
# through engraft.audit.services.client_address.
# A second login factor (TOTP, with recovery codes) for every staff account; production
# turns it on (production.py), here it is off unless asked for.
ENGRAFT_REQUIRE_SECOND_FACTOR = os.environ.get("ENGRAFT_REQUIRE_SECOND_FACTOR", "") == "1"
OTP_TOTP_ISSUER = "Engraft"
# Care teams (record/care_team.py): on, a clinical role opens a child's record only as a
# member of the care team or with a reason (break the glass), for this many hours (in-house:
# one shift). Production turns them on; the demo and the tests, off unless asked for.
ENGRAFT_CARE_TEAMS = os.environ.get("ENGRAFT_CARE_TEAMS", "") == "1"
ENGRAFT_BREAK_GLASS_HOURS = int(os.environ.get("ENGRAFT_BREAK_GLASS_HOURS", "8"))
ENGRAFT_TRUSTED_PROXIES = int(os.environ.get("ENGRAFT_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "engraft.audit.services.client_address"
AXES_FAILURE_LIMIT = int(os.environ.get("ENGRAFT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Lock the username from the address that failed (axes advises against username alone,
# which would let anyone lock a colleague out from anywhere).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"

# Sessions end after 30 minutes without activity (each request renews them).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("ENGRAFT_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
# The memory-mapped donor registry that donor searches read (built by `engraft donors`).
ENGRAFT_REGISTRY_DIR = Path(os.environ.get("ENGRAFT_REGISTRY_DIR", DATA_DIR / "registry"))
MEDIA_ROOT = DATA_DIR / "uploads"

EMAIL_SUBJECT_PREFIX = "[Engraft] "
DEFAULT_FROM_EMAIL = os.environ.get("ENGRAFT_FROM_EMAIL", "bmt-programme@engraft.invalid")
ENGRAFT_INTAKE_EMAIL = os.environ.get("ENGRAFT_INTAKE_EMAIL", "bmt-intake@engraft.invalid")
# Where staff open Engraft: the links of the daily digest (`engraft manage alert_digest`).
ENGRAFT_SITE_URL = os.environ.get("ENGRAFT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# "Request information": at most this many requests per address per hour (in-house default).
ENGRAFT_REQUEST_RATE_LIMIT = int(os.environ.get("ENGRAFT_REQUEST_RATE_LIMIT", "5"))
ENGRAFT_REQUEST_RATE_WINDOW = timedelta(hours=1)
# Requests with no contact after this many business days are highlighted (in-house default).
ENGRAFT_CONTACT_DUE_BUSINESS_DAYS = int(os.environ.get("ENGRAFT_CONTACT_DUE_BUSINESS_DAYS", "2"))

# The assigning authority of the hospital numbers this centre issues (a FHIR Identifier
# system); a patient's number is unique per issuing hospital (in-house default).
ENGRAFT_ISSUING_HOSPITAL = os.environ.get(
    "ENGRAFT_ISSUING_HOSPITAL", "https://engraft.example.org/fhir/NamingSystem/mrn"
)
# The largest FHIR Bundle accepted (web form and API), and the deepest JSON nesting
# accepted by the API (in-house defaults: a referral's Bundle is tens of kilobytes).
ENGRAFT_FHIR_MAX_BYTES = int(os.environ.get("ENGRAFT_FHIR_MAX_BYTES", str(5 * 1024 * 1024)))
ENGRAFT_JSON_MAX_DEPTH = 64
# Django refuses larger request bodies (other than uploaded files) before any view runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = ENGRAFT_FHIR_MAX_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
