"""factcheck settings: one module, configured by environment variables.

Variables: DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS (and the optional ones below).
While `make run` is up it writes `.run/env`; any variable missing from the real environment is read
from there, so `manage.py` in a second terminal reaches the same servers. Real variables always win.
Outside DEBUG a missing SECRET_KEY or DATABASE_URL stops start-up with ImproperlyConfigured.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_run_env(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return values
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip()
    return values


_RUN_ENV = _read_run_env(BASE_DIR / ".run" / "env")


def env(name: str, default: str | None = None) -> str | None:
    if name in os.environ:
        return os.environ[name]
    return _RUN_ENV.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """Turn postgres://user:password@host:port/name?opt=value into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a postgres:// URL (got scheme {parts.scheme!r}); "
            "factcheck runs on PostgreSQL only."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured(
            "DATABASE_URL names no database (postgres://user@host:port/NAME)."
        )
    options: dict[str, object] = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return {
        "ENGINE": "factcheck.backend",  # Django's PostgreSQL, timestamps read in C
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
    }


DEBUG = env_bool("DEBUG", False)
# Set by manage.py for commands that use neither the database nor the broker (extract_claims):
# they get development defaults instead of refusing to start.
_OFFLINE = env_bool("FACTCHECK_OFFLINE_COMMAND", False)

SECRET_KEY = env("SECRET_KEY") or ""
if not SECRET_KEY:
    if not (DEBUG or _OFFLINE):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(50+ random characters) or run with DEBUG=1 for development."
        )
    SECRET_KEY = "development-only-not-secret-" + "x" * 40

_database_url = env("DATABASE_URL")
if not _database_url:
    if not (DEBUG or _OFFLINE):
        raise ImproperlyConfigured(
            "DATABASE_URL is not set. Set it to postgres://USER:PASSWORD@HOST:PORT/NAME, "
            "or run with DEBUG=1 to use postgres://postgres@127.0.0.1:5432/factcheck."
        )
    _database_url = "postgres://postgres@127.0.0.1:5432/factcheck"

REDIS_URL = env("REDIS_URL") or ""
if not REDIS_URL:
    if not (DEBUG or _OFFLINE):
        raise ImproperlyConfigured("REDIS_URL is not set. Set it to redis://HOST:PORT/DB.")
    REDIS_URL = "redis://127.0.0.1:6379/0"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "claims.admin_config.DeskAdminConfig",  # django.contrib.admin, serving the desk's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "pgtrigger",
    "pghistory",
    "articles",
    "claims",
    "cms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Attaches the acting user and URL to every history event written during a request.
    "pghistory.middleware.HistoryMiddleware",
    # Replays the first response to a retried POST /api/... carrying an Idempotency-Key header
    # (in cms: its table and its API-key callers are cms's).
    "cms.middleware.IdempotencyMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "factcheck" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

_db = database_from_url(_database_url)
# Django's built-in psycopg 3 pool: one small pool per process (gunicorn worker / celery worker).
if env_bool("DATABASE_POOL", True):
    _db["OPTIONS"] = {
        **_db["OPTIONS"],  # type: ignore[dict-item]
        "pool": {
            "min_size": int(env("DATABASE_POOL_MIN", "1") or 1),
            "max_size": int(env("DATABASE_POOL_MAX", "8") or 8),
            "timeout": 10,
        },
    }
    _db["CONN_MAX_AGE"] = 0
else:
    _db["CONN_MAX_AGE"] = int(env("CONN_MAX_AGE", "60") or 60)
_db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "UTC") or "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env("STATIC_MANIFEST", "1") == "0"  # tests: no collectstatic run
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Shared cache (Redis), so every web process and worker sees the same state.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "factcheck",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Security (production defaults; `manage.py check --deploy` is clean with DEBUG off) ---
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000") or 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Celery (Redis broker) ---
# The database is the source of truth for work to do; the broker is only the doorbell. Anything
# that could not be queued (broker down or hung) is found again by the beat sweeps below.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None  # tasks record their outcome on the rows they work on
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
# A task is acknowledged once done; a worker process killed mid-task hands it back at once.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = int(env("CELERY_PREFETCH_MULTIPLIER", "1") or 1)
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes the database connection before and after every task, and with
# Django's pool in a prefork worker it closes the whole pool: a new pool (new connections) per
# task. With this it only does so every million tasks; factcheck.celery hands the connection back
# to the process's pool after each task instead (one pool per worker process, reused).
CELERY_DB_REUSE_MAX = 1_000_000
# The web must never wait on the broker: connecting and each socket operation are bounded, and a
# publish is retried once, then given up (about a second in all; the sweep queues it later).
# Socket timeouts do not apply to the worker's BRPOP (kombu's event loop watches that one).
_BROKER_SOCKET_TIMEOUT = float(env("CELERY_BROKER_SOCKET_TIMEOUT", "0.4") or 0.4)
CELERY_BROKER_CONNECTION_TIMEOUT = _BROKER_SOCKET_TIMEOUT
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.1,
    "interval_step": 0.1,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose whole worker died unacknowledged is handed out again after this many seconds
    # (a killed pool process is handled at once, above). It must outlast the longest task (the
    # hard time limit) and the longest retry countdown a worker holds (300 s), or a healthy
    # task would be delivered twice.
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "660") or 660),
    "socket_timeout": _BROKER_SOCKET_TIMEOUT,
    "socket_connect_timeout": _BROKER_SOCKET_TIMEOUT,
    "max_connections": 20,
}
# The cache lives on the same Redis: a hung one must not hang a request through it either.
# (mypy took CACHES for a dict of str values: its OPTIONS hold a dict.)
CACHES["default"]["OPTIONS"] = {  # type: ignore[assignment]
    "socket_timeout": _BROKER_SOCKET_TIMEOUT,
    "socket_connect_timeout": _BROKER_SOCKET_TIMEOUT,
}
# Separate queues, so a matching flood never delays what editors and the CMS wait for. Run the
# workers with `-Q` (README, "Deploy"); `make run` starts one worker per kind of work. The names
# share a prefix (CELERY_QUEUE; each test session uses its own).
CELERY_QUEUE_PREFIX = env("CELERY_QUEUE", "factcheck") or "factcheck"
PIPELINE_QUEUES = {
    kind: f"{CELERY_QUEUE_PREFIX}.{kind}"
    for kind in ("extraction", "matching", "webhooks", "housekeeping", "sources")
}
CELERY_TASK_DEFAULT_QUEUE = PIPELINE_QUEUES["housekeeping"]
CELERY_TASK_ROUTES = {
    "claims.tasks.extract_article_claims": {"queue": PIPELINE_QUEUES["extraction"]},
    "claims.tasks.extract_articles": {"queue": PIPELINE_QUEUES["extraction"]},
    "claims.tasks.queue_extractions": {"queue": PIPELINE_QUEUES["extraction"]},
    "claims.tasks.match_claims": {"queue": PIPELINE_QUEUES["matching"]},
    "cms.tasks.deliver_webhook": {"queue": PIPELINE_QUEUES["webhooks"]},
    # Everything else (the sweeps, purges, the heartbeat) goes to the default: housekeeping.
}
CELERY_TIMEZONE = TIME_ZONE
# Each sweep re-queues what was committed but never done, at most once per interval, in batches.
FACTCHECK_SWEEP_INTERVAL_SECONDS = float(env("FACTCHECK_SWEEP_INTERVAL_SECONDS", "60") or 60)
# Claims owed matching longer than this are re-queued by the matching sweep.
FACTCHECK_MATCHING_STALE_AFTER_SECONDS = int(
    env("FACTCHECK_MATCHING_STALE_AFTER_SECONDS", "120") or 120
)
# A matching task on a worker that does not extract first waits while extraction has a backlog,
# at most this long (0: never): extraction, which editors wait for, gets the CPU first
# (claims.services.matching.matching_yield_to_extraction).
FACTCHECK_MATCHING_YIELD_SECONDS = float(env("FACTCHECK_MATCHING_YIELD_SECONDS", "30") or 0)
# A worker writes its heartbeat this often; /healthz and the admin call it gone after 3 misses.
FACTCHECK_WORKER_HEARTBEAT_SECONDS = float(env("FACTCHECK_WORKER_HEARTBEAT_SECONDS", "10") or 10)
FACTCHECK_GIN_MERGE_INTERVAL_SECONDS = float(
    env("FACTCHECK_GIN_MERGE_INTERVAL_SECONDS", "60") or 60
)
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-extractions": {
        "task": "claims.tasks.sweep_stale_extractions",
        "schedule": FACTCHECK_SWEEP_INTERVAL_SECONDS,
    },
    "sweep-unmatched-claims": {
        "task": "claims.tasks.sweep_unmatched_claims",
        "schedule": FACTCHECK_SWEEP_INTERVAL_SECONDS,
    },
    "sweep-webhook-deliveries": {
        "task": "cms.tasks.sweep_webhook_deliveries",
        "schedule": FACTCHECK_SWEEP_INTERVAL_SECONDS,
    },
    "purge-idempotency-keys": {
        "task": "cms.tasks.purge_idempotency_keys",
        "schedule": 3600.0,
    },
    # The search indexes' pending lists merged before searches read them in full (factcheck/gin.py).
    "merge-search-pending-lists": {
        "task": "articles.tasks.merge_search_pending_lists",
        "schedule": FACTCHECK_GIN_MERGE_INTERVAL_SECONDS,
    },
}

# --- Django REST framework ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "cms.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "factcheck.api.errors.api_exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Both refuse a malformed query parameter with a 400 naming it (DRF's own ignore it).
    "DEFAULT_PAGINATION_CLASS": "factcheck.api.pagination.SmallPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "factcheck.api.filters.StrictFilterBackend",
        "factcheck.api.pagination.TiebreakOrderingFilter",
    ],
    # Integer ids, and every error an operation can answer documented as a problem.
    "DEFAULT_SCHEMA_CLASS": "factcheck.api.schema.ContractAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Articles, extracted claims, the editorial workflow and the CMS export.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# --- factcheck ---
# Bodies longer than this are refused at import (reported per row, the rest still imports).
FACTCHECK_MAX_BODY_CHARS = int(env("FACTCHECK_MAX_BODY_CHARS", "500000") or 500000)
# Articles left pending/running longer than this are re-enqueued by the periodic sweep.
FACTCHECK_EXTRACTION_STALE_AFTER_SECONDS = int(
    env("FACTCHECK_EXTRACTION_STALE_AFTER_SECONDS", "120") or 120
)
FACTCHECK_NEWSROOM_NAME = env("FACTCHECK_NEWSROOM_NAME", "factcheck newsroom")
FACTCHECK_NEWSROOM_URL = env("FACTCHECK_NEWSROOM_URL", "https://newsroom.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO") or "INFO"},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- CMS export (cms app) ---
# Base URL of this API as the outside world reaches it; used in webhook payloads (no request there).
FACTCHECK_API_URL = (env("FACTCHECK_API_URL", "http://127.0.0.1:8000") or "").rstrip("/")
# Idempotency keys are kept this long; the hourly beat task deletes expired ones.
FACTCHECK_IDEMPOTENCY_TTL_SECONDS = int(env("FACTCHECK_IDEMPOTENCY_TTL_SECONDS", "86400") or 86400)
# Webhook retries: base * 2**(attempt-1) seconds, capped; a delivery gives up after MAX attempts.
FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS = float(
    env("FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS", "30") or 30
)
FACTCHECK_WEBHOOK_RETRY_MAX_SECONDS = float(
    env("FACTCHECK_WEBHOOK_RETRY_MAX_SECONDS", "3600") or 3600
)
FACTCHECK_WEBHOOK_MAX_ATTEMPTS = int(env("FACTCHECK_WEBHOOK_MAX_ATTEMPTS", "10") or 10)
FACTCHECK_WEBHOOK_TIMEOUT_SECONDS = float(env("FACTCHECK_WEBHOOK_TIMEOUT_SECONDS", "10") or 10)
# The sweep sends a due delivery again at most this often (a delivery still queued is not doubled).
FACTCHECK_WEBHOOK_RESWEEP_SECONDS = float(env("FACTCHECK_WEBHOOK_RESWEEP_SECONDS", "120") or 120)

# --- Outbound HTTP (factcheck.outbound: feeds, URL import, webhooks) ---
# Hosts that may be reached although they resolve to an internal address (`host` or `host:port`,
# IPv6 as `[::1]:8080`), e.g. a CMS on the private network. Everything else must be public.
OUTBOUND_ALLOWED_HOSTS = env_list("OUTBOUND_ALLOWED_HOSTS", [])
# A response body longer than this is not read further: the fetch fails and says so.
OUTBOUND_MAX_BYTES = int(env("OUTBOUND_MAX_BYTES", str(10 * 1024 * 1024)) or 10 * 1024 * 1024)
OUTBOUND_MAX_REDIRECTS = int(env("OUTBOUND_MAX_REDIRECTS", "5") or 5)
# Seconds: each connect, each read, and the whole fetch (redirects included).
OUTBOUND_CONNECT_TIMEOUT = float(env("OUTBOUND_CONNECT_TIMEOUT", "5") or 5)
OUTBOUND_READ_TIMEOUT = float(env("OUTBOUND_READ_TIMEOUT", "10") or 10)
OUTBOUND_TIMEOUT = float(env("OUTBOUND_TIMEOUT", "30") or 30)

# --- Notifications, the two-person rule (claims.notifications, claims.workflow) ---
# Whoever submitted a claim for review may not publish it (on unless FACTCHECK_TWO_PERSON_RULE=0).
FACTCHECK_TWO_PERSON_RULE = env_bool("FACTCHECK_TWO_PERSON_RULE", True)
# Links in emails and chat messages start with this (the admin as people reach it).
FACTCHECK_SITE_URL = (env("FACTCHECK_SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "factcheck@localhost") or "factcheck@localhost"
# Mail goes to the console under DEBUG (`make run`), else to SMTP (EMAIL_HOST, EMAIL_PORT, ...).
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend mail goes to this folder.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / ".run" / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = int(env("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
CELERY_BEAT_SCHEDULE["send-notification-digests"] = {
    "task": "claims.notifications.tasks.send_digests",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["notify-due-dates"] = {
    "task": "claims.notifications.tasks.notify_due_dates",
    "schedule": 3600.0,
}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    "NotificationModeEnum": "claims.notifications.models.Mode",
}
# --- API contract (factcheck.api: problem details under /api/, request size) ---
# Every error under /api/ is application/problem+json, DEBUG or not: this runs outermost, so it
# also answers what happens before a view (bad Host, oversized body) and after (debug pages).
MIDDLEWARE.insert(0, "factcheck.api.middleware.ProblemDetailsMiddleware")
# The largest request body (bytes): a list POST of 1,000 news-length articles (about 20 KB of
# JSON each) fits; more is a 413 that names the limit (under /api/) or Django's 400 elsewhere.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(20 * 1024 * 1024)) or 20 * 1024 * 1024
)
# --- claim page: API docs served from the package, never from a CDN (drf-spectacular-sidecar) ---
INSTALLED_APPS += ["drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS |= {
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# --- Trust: accounts, login throttling, two-factor, API tokens and throttles, CSP ---
# (claims/accounts/: docs/security.md.) Logins go through django-axes first, which counts failures
# in PostgreSQL (its database handler: the admin lists the locks and lifts them, and they survive
# a Redis flush) per account and per address; past the limit that account or address is refused
# for the cool-off, even with the right password.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp", "csp"]
# API tokens are claims.UserToken, stored hashed (DRF's authtoken app is not installed).
MIDDLEWARE[MIDDLEWARE.index("pghistory.middleware.HistoryMiddleware")] = (
    "claims.accounts.middleware.SecurityHistoryMiddleware"  # + the client address
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(1, "factcheck.csp.CSPMiddleware")  # django-csp's, the policy built once
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as axes asks
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(env("FACTCHECK_LOGIN_FAILURE_LIMIT", "5") or 5)
FACTCHECK_LOGIN_COOLOFF_MINUTES = int(env("FACTCHECK_LOGIN_COOLOFF_MINUTES", "15") or 15)
AXES_COOLOFF_TIME = FACTCHECK_LOGIN_COOLOFF_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one over the limit locks
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "claims.accounts.views.locked_out"
AXES_ENABLE_ADMIN = False  # claims/admin/security.py shows the locks, with a "lift" action
AXES_VERBOSE = False
# Reviewers and Admins must sign in with a TOTP code (django-otp) when this is on.
FACTCHECK_REQUIRE_2FA = env_bool("FACTCHECK_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = FACTCHECK_NEWSROOM_NAME
# Set-password links (new accounts, resets) go out by email; they stay valid this long.
PASSWORD_RESET_TIMEOUT = int(env("PASSWORD_RESET_TIMEOUT", str(3 * 24 * 3600)) or 3 * 24 * 3600)
# API: `Authorization: Token <key>` is claims.UserToken (hashed); anonymous and token requests are
# throttled in Redis (429), the admin session and CMS API keys are not.
REST_FRAMEWORK.update(
    {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "claims.accounts.tokens.UserTokenAuthentication",
            "cms.auth.ApiKeyAuthentication",
            "claims.accounts.throttles.SessionOrAnonymous",  # the session; else anonymous
        ],
        "DEFAULT_THROTTLE_CLASSES": ["claims.accounts.throttles.TokenThrottle"],
        "DEFAULT_THROTTLE_RATES": {
            "anonymous": env("FACTCHECK_THROTTLE_ANONYMOUS", "60/min"),
            "token": env("FACTCHECK_THROTTLE_TOKEN", "1200/min"),
            # "Forgotten your password?": requests per client address, emails per address.
            "password_reset": env("FACTCHECK_THROTTLE_PASSWORD_RESET", "10/hour"),
            "password_reset_email": env("FACTCHECK_THROTTLE_PASSWORD_RESET_EMAIL", "3/hour"),
        },
    }
)
CACHES["throttle"] = {**CACHES["default"], "KEY_PREFIX": "factcheck-throttle"}
# Content-Security-Policy on every page: scripts from this site only (never inline), no framing,
# forms post here only. Inline styles are allowed: the browsable API and Swagger UI use style
# attributes, and styles cannot run code. Swagger UI and ReDoc are served from this site
# (drf-spectacular-sidecar), so no CDN is needed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# --- Webhook secrets and admin import (webhooks slice) ---
# After a secret rotation the old secret keeps signing, beside the new one, for this long.
FACTCHECK_WEBHOOK_SECRET_OVERLAP_HOURS = float(
    env("FACTCHECK_WEBHOOK_SECRET_OVERLAP_HOURS", "24") or 24
)
# Groups whose members may import articles in the admin (paste, URL, upload); superusers always
# may. Comma-separated group names; the roles are groups (claims/roles.py).
FACTCHECK_IMPORT_GROUPS = env_list("FACTCHECK_IMPORT_GROUPS", ["Editor", "Reviewer"])
# --- Evidence sources, archived and checked (claims.services.sources, docs/evidence.md) ---
# Source checks fetch pages (up to OUTBOUND_TIMEOUT each): a queue of their own, on the worker
# that may lag (`make run`'s matcher), so they never hold up an extraction or a webhook.
CELERY_TASK_ROUTES["claims.tasks.check_evidence_source"] = {"queue": PIPELINE_QUEUES["sources"]}
# A failed fetch is tried again after base * 2**n seconds (capped at 300, below the broker's
# visibility timeout), at most this many times; then the failure is stored and shown.
FACTCHECK_SOURCE_RETRY_BASE_SECONDS = float(env("FACTCHECK_SOURCE_RETRY_BASE_SECONDS", "30") or 30)
FACTCHECK_SOURCE_MAX_RETRIES = int(env("FACTCHECK_SOURCE_MAX_RETRIES", "3") or 3)
# Published verdicts' sources are checked again once their last check is this old (a day).
FACTCHECK_SOURCE_RECHECK_SECONDS = int(env("FACTCHECK_SOURCE_RECHECK_SECONDS", "86400") or 86400)
# A check queued this long ago and still not done (its message lost) is queued again.
FACTCHECK_SOURCE_LOST_AFTER_SECONDS = int(env("FACTCHECK_SOURCE_LOST_AFTER_SECONDS", "900") or 900)
# At most this many sources are queued per sweep (every FACTCHECK_SWEEP_INTERVAL_SECONDS).
FACTCHECK_SOURCE_RECHECK_BATCH = int(env("FACTCHECK_SOURCE_RECHECK_BATCH", "50") or 50)
CELERY_BEAT_SCHEDULE["sweep-evidence-sources"] = {
    "task": "claims.tasks.sweep_evidence_sources",
    "schedule": FACTCHECK_SWEEP_INTERVAL_SECONDS,
}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    "SourceStatusEnum": "claims.models.SourceStatus",
}
# --- API speed ---
# JSON written by orjson (the same bytes as DRF's renderer); the browsable API as before.
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
    "factcheck.api.renderers.FastJSONRenderer",
    "rest_framework.renderers.BrowsableAPIRenderer",
]
# DRF's content negotiation, its choice for a format and Accept header remembered.
REST_FRAMEWORK["DEFAULT_CONTENT_NEGOTIATION_CLASS"] = (
    "factcheck.api.negotiation.RememberedNegotiation"
)
# The API's per-request SQL (factcheck/api/compiled.py, the token lookup) as prepared statements,
# parsed and planned once per connection (factcheck/backend). 0 for a transaction-pooling
# PgBouncer older than 1.21, which cannot keep them.
DATABASE_PREPARE = env_bool("DATABASE_PREPARE", True)
# Django's Redis cache, without a new redis client object per call (factcheck/cache.py).
for _alias in ("default", "throttle"):
    CACHES[_alias]["BACKEND"] = "factcheck.cache.RedisCache"

# --- batch extraction (issue 12, throughput) ---
# Batch extraction's matching fan-out runs on the matching queue (claims.services.matching).
CELERY_TASK_ROUTES["claims.tasks.queue_matching"] = {"queue": PIPELINE_QUEUES["matching"]}
