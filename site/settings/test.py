"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import BASE_DIR, STORAGES

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"
MADAFE_DEMO_ACCOUNTS = True
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests see every change at once; tests/reports/test_report_cache.py turns it on.
MADAFE_REPORT_CACHE_SECONDS = 0
