"""Settings for benchmarks: production-like (DEBUG off, real cache and database from the
environment) but served on 127.0.0.1 without TLS, plus a bare reference page."""

import os

from madafe.settings.base import *  # noqa: F403
from madafe.settings.base import BASE_DIR, STORAGES, TEMPLATES

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-only-insecure-key")  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MADAFE_DEMO_ACCOUNTS = True
# Benchmarks sign in as generated users with a known passphrase; hash it cheaply so the
# figures measure pages, not the password hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
