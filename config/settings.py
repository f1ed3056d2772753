"""Phối hợp settings, read from the environment (see config/env.py and the README).

With nothing set this is the embedded development default: SQLite in var/, Celery tasks run
eagerly in-process, mail written to var/mail/. DATABASE_URL and REDIS_URL switch to PostgreSQL and
Redis; DJANGO_ENV=production turns on every deployment safeguard.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_int, env_int_list, env_list, env_str, site_url_default

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PHOIHOP_VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_choice("DJANGO_ENV", "development", ("development", "production"))
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG: must be false when DJANGO_ENV=production")

SECRET_KEY = env_str("SECRET_KEY", required=PRODUCTION) or "dev-only-insecure-key-do-not-use-in-production"
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY: must be at least 50 characters in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS: required when DJANGO_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Absolute links (mails, the calendar feed). In development they follow the address served: `make run`
# passes its HOST and PORT (`make run PORT=8123`); in production SITE_URL names the public address.
SITE_URL = env_str(
    "SITE_URL",
    "http://127.0.0.1:8000"
    if PRODUCTION
    else site_url_default(env_str("HOST", "127.0.0.1"), env_int("PORT", 8000, minimum=1)),
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_prometheus",
    "coordination",
    "regulations",
    "sessions.apps.CouncilSessionsConfig",
    "voters",
    "plans",
    "public_pages",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer before host validation, sessions or the HTTPS redirect (load
    # balancers
    # and docker's healthcheck call them by IP over plain HTTP); then django-prometheus times every request.
    "coordination.middleware.HealthCheckMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coordination.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires (django-prometheus's closing timer goes after it).
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "coordination.context_processors.navigation",
            ],
        },
    },
]

# Django's templates, with selects written in Python (the same bytes; a register's filters cost a third of its
# time through one template per option).
FORM_RENDERER = "coordination.form_renderer.FormRenderer"

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        # Health checks: a persistent connection the database dropped (restart, pg_terminate_backend) is
        # replaced at the next request or task instead of failing it.
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL: {exc}") from exc
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ----------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", REDIS_URL is None)
CELERY_TASK_EAGER_PROPAGATES = True
# Without a worker, run the long jobs (reports, exports, imports, signatures) in a thread after the response
# rather than inside it (coordination/background.py); ``make run`` turns it on.
EAGER_TASKS_IN_BACKGROUND = env_bool("EAGER_TASKS_IN_BACKGROUND", False)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis re-delivers an unacknowledged message after this; far longer than any task may run.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ROUTES = {"*.render_*": {"queue": "pdf"}}
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"

# --- Auth -------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user's memberships in the same query (coordination.permissions).
    "coordination.permissions.MembershipsBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
GUARDIAN_ANONYMOUS_USER_NAME = None  # no anonymous user row: nobody anonymous holds object grants
ANONYMOUS_USER_NAME = None

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Lock one account from one address: failures from an office's shared address lock only the account tried
# (a list of two lists would lock the address alone, i.e. every account behind it).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind the production proxy REMOTE_ADDR is the proxy's: the client is read from X-Forwarded-For, counting
# TRUSTED_PROXY_COUNT proxies from the right (0: no proxy, REMOTE_ADDR; anything a client puts left of that is
# ignored).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# The public pages (/cong-khai/, public_pages/throttle.py): requests per window per anonymous client
# address, and how long an anonymous page stays cached (publishing or withdrawing a round clears them all
# at once).
PUBLIC_RATE_LIMIT = env_int("PUBLIC_RATE_LIMIT", 120, minimum=1)
PUBLIC_RATE_WINDOW = env_int("PUBLIC_RATE_WINDOW", 60, minimum=1)
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60, minimum=0)
# The digest-preferences link (no login) works this many days after the e-mail that carried it was written.
PREFERENCES_LINK_MAX_AGE_DAYS = env_int("PREFERENCES_LINK_MAX_AGE_DAYS", 30, minimum=1)
AXES_CLIENT_IP_CALLABLE = "coordination.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root in development
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 20, minimum=1)
# Imports (xlsx, docx, txt) are checked before parsing: rows per file, and each zip member's expanded size and
# compression ratio (coordination/uploads.py); a file of more than IMPORT_INLINE_ROWS rows is read in the
# background.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000, minimum=1)
IMPORT_INLINE_ROWS = env_int("IMPORT_INLINE_ROWS", 500, minimum=1)
IMPORT_BATCH_ROWS = env_int("IMPORT_BATCH_ROWS", 200, minimum=1)
IMPORT_MAX_UNCOMPRESSED_MB = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 100, minimum=1)
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 100, minimum=2)

# --- Digital signatures (coordination/signing.py) -------------------------------------------------
# The key that encrypts the private keys of uploaded PKCS#12 certificates at rest (a Fernet key: 32 url-safe
# base64 bytes, e.g. from `python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"`).
# Without it, a key derived from SECRET_KEY is used: set it in production, so that rotating SECRET_KEY does
# not make the stored keys unreadable.
SIGNING_KEY = env_str("SIGNING_KEY") or ""
# PEM files (or folders of them) of the roots a signature must chain to: in Việt Nam the Government's
# specialised CA (Ban Cơ yếu Chính phủ) and the licensed public CAs. Without any, no signature is trusted.
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS", [])
# Revocation: CRL files (DER or PEM, or folders of .crl files) the verification reads, e.g. those the CAs
# publish, refreshed by the operator; and whether to fetch CRLs and OCSP answers from the addresses in the
# certificates (production with network access). A certificate that names a CRL or OCSP address but whose
# revocation status is in neither reads "cannot check revocation", never "valid".
SIGNING_CRLS = env_list("SIGNING_CRLS", [])
SIGNING_REVOCATION_FETCH = env_bool("SIGNING_REVOCATION_FETCH", False)
# A PKCS#11 token (HSM or USB token) holding the bodies' keys in production; a credential of kind "pkcs11"
# names its key by label on this token.
SIGNING_PKCS11_MODULE = env_str("SIGNING_PKCS11_MODULE") or ""
SIGNING_PKCS11_TOKEN_LABEL = env_str("SIGNING_PKCS11_TOKEN_LABEL") or ""
SIGNING_PKCS11_PIN = env_str("SIGNING_PKCS11_PIN") or ""

# --- Email ------------------------------------------------------------------------------------
# Who hears when mail cannot be delivered (comma-separated addresses; without it, active superusers with an
# email).
ADMINS = [(address, address) for address in env_list("ADMINS", [])]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Phối hợp <khong-tra-loi@phoihop.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
elif PRODUCTION:
    raise ImproperlyConfigured("EMAIL_HOST: required when DJANGO_ENV=production")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Security ---------------------------------------------------------------------------------
# With Redis a session is read from the cache (one database query less on every page, measurable on the
# dashboard under load); a per-process memory cache would let one worker keep a session another ended, so
# without Redis sessions stay in the database alone.
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if REDIS_URL else 'db'}"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
    # WeasyPrint and fontTools narrate every step at INFO; only their problems are worth a line.
    "loggers": {
        name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes", "celery.app.trace")
    },
}

# Covering indexes (INCLUDE) speed up PostgreSQL; SQLite builds the same index without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Phối hợp ---------------------------------------------------------------------------------
# Reminder offsets in days before a follow-up's due date (0 = on the day); rule data, editable here.
REMINDER_OFFSETS_DAYS = env_int_list("REMINDER_OFFSETS_DAYS", [7, 1, 0])
PAGE_SIZE = env_int("PAGE_SIZE", 25, minimum=5)
# An outgoing message claimed this long ago by a worker that never finished is sent again (the
# exactly-once tests shorten it to recover from a killed worker in seconds).
OUTBOX_STALE_CLAIM_SECONDS = env_int("OUTBOX_STALE_CLAIM_SECONDS", 600, minimum=1)
# A background document queued or last heard from this long ago (its task lost, its worker killed) is
# rendered again by the outbox flush; longer than render_report's 600 s time limit, so a live render keeps it.
REPORT_STALE_SECONDS = env_int("REPORT_STALE_SECONDS", 900, minimum=1)

# Outgoing mail retries by time, not by sweep: a failed send waits OUTBOX_RETRY_BASE_SECONDS, doubling up to
# OUTBOX_RETRY_MAX_SECONDS (each wait drawn at random between half and all of it), and a message is given
# up only after failing for OUTBOX_RETRY_WINDOW_SECONDS (72 h). A server that refuses the connection costs no
# attempt: the whole outbox waits for it with the same backoff. A pending row is handed to a task again at
# most every OUTBOX_REQUEUE_SECONDS. Administrators get an alert when mail has waited
# OUTBOX_ALERT_AFTER_SECONDS.
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60, minimum=1)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 3600, minimum=1)
OUTBOX_RETRY_WINDOW_SECONDS = env_int("OUTBOX_RETRY_WINDOW_SECONDS", 72 * 3600, minimum=1)
OUTBOX_REQUEUE_SECONDS = env_int("OUTBOX_REQUEUE_SECONDS", 300, minimum=1)
OUTBOX_ALERT_AFTER_SECONDS = env_int("OUTBOX_ALERT_AFTER_SECONDS", 3600, minimum=1)
# Every BEAT_SCHEDULE interval is multiplied by this (the chaos tests' worker settings compress time with it).
BEAT_TIME_SCALE = 1.0
# /readyz: a sweep is late when it has not finished for this many of its intervals plus
# READINESS_GRACE_SECONDS.
READINESS_LATE_INTERVALS = env_int("READINESS_LATE_INTERVALS", 2, minimum=1)
READINESS_GRACE_SECONDS = env_int("READINESS_GRACE_SECONDS", 120, minimum=0)
# /metrics answers only with "Authorization: Bearer <METRICS_TOKEN>" when this is set (it shows counts only).
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# The dashboard's follow-up figures are cached per unit and filter this long (0: off), and dropped when
# follow-ups change.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 60, minimum=0)


# --- The REST API (/api/v1/, issue 17): personal tokens, cursor pages, the OpenAPI schema at /api/schema/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "coordination.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # the documentation page, signed in
    ],
    "DEFAULT_PERMISSION_CLASSES": ["coordination.api.permissions.TokenScope"],
    "DEFAULT_PAGINATION_CLASS": "coordination.api.pagination.IdCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "coordination.api.views.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Phối hợp API",
    "DESCRIPTION": "API của Phối hợp: xác thực bằng khóa cá nhân «Authorization: Bearer <khóa>».",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Like every page, the schema and its documentation are for signed-in users (a token or the session).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v[0-9]",
    "SWAGGER_UI_DIST": "SIDECAR",  # assets from drf-spectacular-sidecar, served by whitenoise: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PetitionStatusEnum": "voters.models.PetitionStatus",
        "FollowUpStatusEnum": "coordination.models.FollowUp.Status",
        "BodyKindEnum": "coordination.models.BodyKind",
        "RegulationStatusEnum": "regulations.models.Regulation.Status",
        "RegulationKindEnum": "regulations.models.Regulation.Kind",
        "SessionStatusEnum": "sessions.models.Session.Status",
        "SessionKindEnum": "sessions.models.Session.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coordination.api.schema.add_error_responses",
    ],
}
