"""Settings, read from the environment (see docs/configuration.md).

``DATABASE_URL``   SQLite in the instance folder by default; ``postgres://…`` for PostgreSQL 15+.
``SECRET_KEY``     generated and kept in the instance folder when absent.
``ALLOWED_HOSTS``  comma-separated; default ``127.0.0.1,localhost``.
``DEBUG``          ``1`` to turn on Django's debug pages (never in production).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from xuanren.config.instance import instance_dir, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = instance_dir()

SECRET_KEY = secret_key(INSTANCE_DIR)
DEBUG = os.environ.get("DEBUG", "") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "xuanren.record",
    "xuanren.accounts",
    "xuanren.people",
    "xuanren.campaigns",
    "xuanren.scoring",
    "xuanren.voting",
    "xuanren.inspection",
    "xuanren.committee",
    "xuanren.notices",
    "xuanren.appointments",
    "xuanren.reports",
    "xuanren.web",
]

MIDDLEWARE = [
    # First: blanks the client address of voters' requests before anything can log it (docs/voting.md).
    "xuanren.voting.privacy.VoterPrivacyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xuanren.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "xuanren.config.urls"
WSGI_APPLICATION = "xuanren.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xuanren.web.context.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'xuanren.sqlite3'}")
    db: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # Connections are kept (60 s) as for PostgreSQL: opening one costs ~2 ms of CPU (Django's SQL
        # functions, the pragmas), a fifth of a vote's request (docs/performance.md, "Casting ballots").
        db["OPTIONS"] = {
            # Write transactions take the lock at BEGIN, so two writers queue instead of one failing
            # half-way; WAL lets readers go on while a writer works.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        }
        # Tests use a file too: in Django's default in-memory test database a second writer fails at
        # once ("database table is locked") instead of queuing as it does on the real file.
        # One file per test run (by process id), so two runs in one instance folder never share it.
        db["TEST"] = {"NAME": str(INSTANCE_DIR / f"test-{os.getpid()}.sqlite3")}
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (xuanren.accounts.throttle): this many failures for one user name within the
# window lock that name for the window.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Guessing voting codes (xuanren.voting.throttle): this many unknown codes from one client within the
# window refuse that client for the window. Behind a reverse proxy, name the header carrying the
# client's address (e.g. HTTP_X_FORWARDED_FOR); it is only ever kept as a keyed digest (docs/voting.md).
VOTING_FAILURE_LIMIT = int(os.environ.get("VOTING_FAILURE_LIMIT", "10"))
VOTING_FAILURE_WINDOW_SECONDS = int(os.environ.get("VOTING_FAILURE_WINDOW_SECONDS", "600"))
VOTING_CLIENT_HEADER = os.environ.get("VOTING_CLIENT_HEADER", "")

LANGUAGE_CODE = "zh-hans"
# Each language named in itself, as language menus do.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS: list[Path] = []
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = INSTANCE_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = INSTANCE_DIR / "media"
# Serve straight from the app folders, so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: a roster of 100,000 people is ~15 MB as .xlsx.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
XUANREN_MAX_IMPORT_BYTES = int(os.environ.get("XUANREN_MAX_IMPORT_BYTES", str(50 * 1024 * 1024)))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if os.environ.get("XUANREN_HTTPS", "") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # While a voter's request runs, no SQL debug record and no request object reach a handler (docs/voting.md).
    "filters": {"voter_privacy": {"()": "xuanren.voting.privacy.VoterLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["voter_privacy"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry client addresses; they are not logged (secret ballots come later, and
        # an address next to a time could link a voter to a ballot).
        "django.server": {"handlers": [], "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
