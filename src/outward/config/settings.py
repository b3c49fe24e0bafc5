"""Settings, read from the environment. SQLite in ./var is the embedded default.

Every setting a deployment may change is listed in the README under "Configuration".
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from outward.config.env import email_settings, env_bool, env_list, trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("OUTWARD_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The key from SECRET_KEY, else one generated once and kept in the data directory."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The reverse proxies in front of the app: a count ("1") or their networks ("10.0.0.0/8");
# rate limits then take the client's address from X-Forwarded-For (core.ratelimit.client_ip).
OUTWARD_TRUSTED_PROXIES = trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "outward.core",
    "outward.accounts",
    "outward.customers",
    "outward.feedback",
    "outward.surveys",
    "outward.pulse",
    "outward.fieldwork",
    "outward.imports",
    "outward.insights",
    "outward.alerts",
    "outward.cases",
    "outward.initiatives",
    "outward.checkins",
    "outward.programme",
    "outward.community",
    "outward.reviews",
    "outward.demo",
    "outward.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "outward.core.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "outward.core.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "outward.core.middleware.AuditActorMiddleware",
    "outward.community.middleware.CommunityLanguageMiddleware",
]

ROOT_URLCONF = "outward.config.urls"
WSGI_APPLICATION = "outward.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "outward.web.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'outward.sqlite3'}"
# Persistent connections without a health check: the check is one more round trip on every
# request (7 % of a survey submission); a connection the server dropped fails one request and
# is then replaced.
DATABASES: dict[str, dict[str, Any]] = {
    "default": dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=False))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while the other writes; IMMEDIATE
    # transactions queued for the write lock (outward.core.sqlite) turn write contention
    # into a short, fair wait, not an error.
    DATABASES["default"]["ENGINE"] = "outward.core.sqlite"
    # Tests run in memory, one database per process (pytest-django recognises only the
    # stock engine's name for that, so say it).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-32000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The languages the customer-facing community speaks (the staff app is in English).
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "outward.core.staticfiles.PlotlyFinder",  # vendor/plotly.min.js from the plotly package
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

globals().update(email_settings())
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Outward <outward@localhost>")
# The company's name in e-mails until an admin saves it in the app (Organisation page).
OUTWARD_ORGANISATION_NAME = os.environ.get("OUTWARD_ORGANISATION_NAME", "Our company")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("OUTWARD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # "bulk": imports and refits, minutes long; `outward serve` gives it its own worker
        # so the analysis of new feedback never waits behind one.
        "QUEUES": ["default", "bulk"],
    }
}

# A database cache, shared by every gunicorn worker and the task worker (rate limits count
# across processes); a migration creates its table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "outward_cache",
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The API refuses request bodies above this size with 413 before parsing them.
OUTWARD_API_MAX_BODY_BYTES = int(os.environ.get("OUTWARD_API_MAX_BODY_BYTES", 5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = OUTWARD_API_MAX_BODY_BYTES
OUTWARD_FEEDBACK_BATCH_LIMIT = 1000
# Seconds a process trusts that the feedback-analysis task it saw queued is still queued.
OUTWARD_ANALYSIS_RECHECK_SECONDS = 10.0
# Answers posted to the public survey pages per minute: per IP address on the anonymous link
# and website snippet, per link on e-mailed invitations (each change autosaves once).
OUTWARD_SURVEY_POSTS_PER_IP = int(os.environ.get("OUTWARD_SURVEY_POSTS_PER_IP", "300"))
OUTWARD_SURVEY_POSTS_PER_LINK = int(os.environ.get("OUTWARD_SURVEY_POSTS_PER_LINK", "60"))
# Employee pulse results are never shown for a group of fewer respondents than this.
OUTWARD_PULSE_MIN_GROUP = 5
# Working hours for SLA clocks: "HH:MM-HH:MM" and weekdays "first-last" (0 is Monday).
OUTWARD_BUSINESS_HOURS = os.environ.get("OUTWARD_BUSINESS_HOURS", "09:00-17:00")
OUTWARD_BUSINESS_DAYS = os.environ.get("OUTWARD_BUSINESS_DAYS", "0-4")
OUTWARD_CURRENCY = os.environ.get("OUTWARD_CURRENCY", "EUR")
# Webhooks go to public https:// addresses only, unless these allow a local receiver.
OUTWARD_WEBHOOKS_ALLOW_HTTP = os.environ.get("OUTWARD_WEBHOOKS_ALLOW_HTTP", "") == "1"
OUTWARD_WEBHOOKS_ALLOW_PRIVATE = os.environ.get("OUTWARD_WEBHOOKS_ALLOW_PRIVATE", "") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_in_one_line": {"()": "outward.core.logfilters.ForbiddenInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django.request": {"filters": ["forbidden_in_one_line"]},
    },
}
