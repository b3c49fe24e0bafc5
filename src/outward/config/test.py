"""Test settings: the base settings with the immediate task backend and a fast hasher.

TEST_DATABASE_URL, when set, points the whole suite at that database (PostgreSQL in CI).
"""

import os

from outward.config.settings import *  # noqa: F403
from outward.config.settings import DATABASES

if test_url := os.environ.get("TEST_DATABASE_URL"):
    import dj_database_url

    DATABASES["default"] = dict(dj_database_url.parse(test_url))

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "bulk"],
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
OUTWARD_RATE_LIMITS_ENABLED = False
OUTWARD_WEBHOOKS_ALLOW_HTTP = True  # the tests' receiver listens on http://127.0.0.1
OUTWARD_WEBHOOKS_ALLOW_PRIVATE = True
OUTWARD_ANALYSIS_RECHECK_SECONDS = 0.0
