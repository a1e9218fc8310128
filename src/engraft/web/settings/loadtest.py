"""Load-test settings: production, served over plain HTTP on loopback. NOT for deployment.

Used only by ``benchmarks/load_request_form.sh``. Production answers plain HTTP with a
redirect to HTTPS and sends cookies only over HTTPS; a load test on 127.0.0.1 has no TLS
proxy in front, so those two things (and nothing else) are turned off, and email is written
to files because no SMTP server exists. Everything else (PostgreSQL, DEBUG off, the
manifest static storage, the middleware, the rate limit read from the environment) stays
as in production, so the figures measure the production code path.
"""

from django.core.exceptions import ImproperlyConfigured

from .production import *  # noqa: F403
from .production import ALLOWED_HOSTS, DATA_DIR

# Without TLS these settings would redirect every request or drop the CSRF cookie.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The confirmation and intake emails are still queued and delivered after commit, as in
# production, but into files under the run's throwaway data directory.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "loadtest-mail"

# HTTPS is off here, so refuse to serve any host name but loopback: these settings must
# never be what a reachable server runs with.
_LOOPBACK = {"127.0.0.1", "::1", "[::1]", "localhost"}
if not ALLOWED_HOSTS or set(ALLOWED_HOSTS) - _LOOPBACK:
    raise ImproperlyConfigured(
        "The load-test settings serve loopback only: ENGRAFT_ALLOWED_HOSTS must be 127.0.0.1"
    )
