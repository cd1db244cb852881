"""Welcome Hub settings: one file driven by the environment (see docs/architecture.md).

Defaults give a working single-machine instance on SQLite; production sets
DATABASE_URL, DJANGO_SECRET_KEY, WELCOMEHUB_FIELD_KEYS and WELCOMEHUB_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import data_dir, env_bool, env_int, secret_from_env_or_file

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = data_dir()

SECRET_KEY = secret_from_env_or_file("DJANGO_SECRET_KEY", DATA_DIR / "secret_key")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("WELCOMEHUB_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# Demo mode lists the demo accounts on the login page; never on in production.
WELCOMEHUB_DEMO = env_bool("WELCOMEHUB_DEMO", False)

# No django.contrib.admin: it would reach personal data around the access gates and audit.
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "welcomehub.core",
    "welcomehub.accounts",
    "welcomehub.programmes",
    "welcomehub.people",
    "welcomehub.placement",
    "welcomehub.exchange",
    "welcomehub.outcomes",
    "welcomehub.evaluation",
    "welcomehub.feedback",
    "welcomehub.reports",
    "welcomehub.connections",
    "welcomehub.sponsorship",
    "welcomehub.community",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "welcomehub.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "welcomehub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "welcomehub.core.context_processors.site",
            ],
        },
    }
]

# SQLite in WAL mode by default; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'welcomehub.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "welcomehub.people.backends.PortalCodeBackend",  # one-time codes of the refugee portal
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failed logins (per username and address).
AXES_FAILURE_LIMIT = env_int("WELCOMEHUB_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions end after 30 idle minutes and with the browser.
SESSION_COOKIE_AGE = env_int("WELCOMEHUB_SESSION_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Cookies are Secure unless DEBUG or the demo (served over plain HTTP on a laptop);
# WELCOMEHUB_SECURE_COOKIES=0/1 overrides. Browsers accept Secure cookies from localhost.
SESSION_COOKIE_SECURE = env_bool("WELCOMEHUB_SECURE_COOKIES", not DEBUG and not WELCOMEHUB_DEMO)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # no script reads the token from the cookie: forms carry it
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS when not DEBUG: SecurityMiddleware sends it on HTTPS responses only.
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # other services may share the parent domain
# Trust X-Forwarded-Proto only when a TLS proxy is declared (else a client could forge it).
if env_bool("WELCOMEHUB_BEHIND_TLS_PROXY", SESSION_COOKIE_SECURE and not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Upload limits: a request body other than files (forms, API JSON) above 2.5 MB is refused
# (400); files above 2.5 MB spool to disk, and each upload field checks its own ceiling
# and type (see welcomehub/tests/test_security_settings.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("WELCOMEHUB_MAX_REQUEST_BYTES", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# No inline script or style anywhere: every asset is a vendored file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("fa-af", "دری"),
]
LANGUAGES_BIDI = ["ar", "fa", "fa-af", "he", "ur", "ps"]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "welcomehub_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "welcomehub" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Scale-out (docs/deploy.md): with REDIS_URL the cache (rate limits, lock-outs, dashboard
# caches) is shared by every app process; WELCOMEHUB_TASKS_BACKEND=rq puts the background
# tasks on Redis queues served by `welcomehub manage rqworker` (decision 0036). Without
# them: a per-process memory cache and the database task queue, as on one machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "welcomehub",
        }
    }
TASKS_BACKEND = os.environ.get("WELCOMEHUB_TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("WELCOMEHUB_TASKS_BACKEND=rq needs REDIS_URL")
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(f"WELCOMEHUB_TASKS_BACKEND is database or rq, not {TASKS_BACKEND!r}")

# E-mail: files under the data directory unless an SMTP server is configured, so a demo
# or a closed network never sends mail, and no address ever reaches the logs.
EMAIL_HOST = os.environ.get("WELCOMEHUB_EMAIL_HOST", "")
EMAIL_PORT = env_int("WELCOMEHUB_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("WELCOMEHUB_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("WELCOMEHUB_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = True
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "outbox"
DEFAULT_FROM_EMAIL = os.environ.get("WELCOMEHUB_EMAIL_FROM", "welcomehub@localhost")

# Field encryption keys (Fernet, newest first). Rotate with `welcomehub rotate-keys`.
WELCOMEHUB_FIELD_KEYS_FILE = DATA_DIR / "field_keys"

# Exchange matching: "auto" uses the offline multilingual embedder when it loads,
# "lexical" only bm25 and the structured fields (faster, for small machines).
WELCOMEHUB_EXCHANGE_ENCODER = os.environ.get("WELCOMEHUB_EXCHANGE_ENCODER", "auto")

# Aggregates: cells below this count are suppressed (DESIGN §6).
WELCOMEHUB_MIN_CELL = env_int("WELCOMEHUB_MIN_CELL", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WELCOMEHUB_LOG_LEVEL", "INFO")},
    # Request logs carry URLs only; URLs never carry personal data (DESIGN §6).
    "loggers": {"django.request": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
APP_LABEL = _("Welcome Hub")
