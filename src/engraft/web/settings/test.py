"""Test settings: fast password hashing, email kept in memory for the tests to read."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "engraft-test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Fast hashing for the many test accounts; the argon2 test restores the real list.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded files of a test run go to a throwaway folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="engraft-test-media-"))
