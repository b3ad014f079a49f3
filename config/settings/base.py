"""Settings shared by every environment, driven by environment variables.

With no environment set the platform runs embedded: a SQLite file inside the project and
Celery tasks executed eagerly (results still stored), so a newcomer needs nothing but Python.
Production and CI set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-embedded-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "simple_history",
    "core",
    "registry",
    "filing",
    "incubation",
    "assessment",
    "demo",
]

MIDDLEWARE = [
    "core.background.AfterResponseMiddleware",
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.InputGuardMiddleware",
    "core.middleware.IdleSessionMiddleware",
    "core.middleware.PasswordChangeRequiredMiddleware",
    "core.middleware.WrongMethodMiddleware",
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
                "registry.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "registry.User"
AUTHENTICATION_BACKENDS = ["core.auth.ScopedModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_CHANGE_URL = "password-change"  # where a one-time password leads (core.middleware)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "core.auth.ShortPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Font files gain little from compression, and brotli would spend tens of seconds of every
# collectstatic on the certificate typeface (1.6 MB a weight).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "otf", "ttf")
# Uploaded files (charters, filing materials) hold personal data: they live outside the web
# root and are served only through views that apply the user's jurisdiction.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = None
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640

# A token for the API lasts this long; a signed-in session ends after this long without a request
# (core.middleware.IdleSessionMiddleware), and after SESSION_COOKIE_AGE in any case.
API_TOKEN_HOURS = env.int("API_TOKEN_HOURS", default=12)
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=2 * 60 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: a refused request then says how to authenticate (401, WWW-Authenticate).
        "core.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.rest.pagination.StableCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.rest.schema.CodedAutoSchema",
    "EXCEPTION_HANDLER": "core.rest.errors.coded_exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.rest.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.rest.throttling.AnonymousThrottle",
        "core.rest.throttling.AccountThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("PUBLIC_THROTTLE_RATE", default="30/min"),
        "user": env("API_USER_THROTTLE_RATE", default="600/min"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "社区社会组织平台 API",
    "DESCRIPTION": "社区社会组织登记、备案、孵化与评估平台的接口（v1）。所有数据按用户辖区限定。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Celery: with no broker configured, tasks execute eagerly in-process and their results are
# still stored, so the embedded default behaves like production minus the worker processes.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_STORE_EAGER_RESULT = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A pool child killed mid-task (out of memory, kill -9) puts its message back on the queue
# instead of losing it; acks_late alone only covers tasks that raise.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Every task is bounded: at the soft limit it raises inside the task (a report records the
# failure), at the hard limit the child is killed.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=900)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# A message a dead worker had taken is handed to another worker after this many seconds. It
# must exceed the hard time limit, or a task still running would be delivered twice.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 300)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# The queue quota report runs go to (empty: Celery's default queue).
QUOTA_REPORT_QUEUE = env("QUOTA_REPORT_QUEUE", default="")
# Exports of lists: the queue they go to (empty: the default one) and how long a finished file is kept.
EXPORT_QUEUE = env("EXPORT_QUEUE", default="")
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)
# Nightly jobs; django_celery_beat's DatabaseScheduler loads these into its tables on start.
CELERY_BEAT_SCHEDULE = {
    "filing-deadline-reminders": {
        "task": "filing.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Weekly, early on Monday: flags organizations with no activity for a year (僵尸型).
    "filing-dormancy-scan": {
        "task": "filing.scan_dormant_organizations",
        "schedule": crontab(hour=3, minute=0, day_of_week=1),
    },
    # Nightly, after the day's filings: tenancies of groups filed that day follow their organization.
    "incubation-follow-filings": {
        "task": "incubation.follow_filings",
        "schedule": crontab(hour=1, minute=0),
    },
    # Nightly, after the day's filings: today's snapshot of every active quota policy.
    # Hourly: export files past their time are deleted.
    "core-clean-exports": {
        "task": "core.clean_exports",
        "schedule": crontab(minute=15),
    },
    "assessment-quota-reports": {
        "task": "assessment.run_nightly_quota_reports",
        "schedule": crontab(hour=1, minute=30),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "request": {"format": '{"time": "%(asctime)s", "request": %(message)s}'},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "requests": {"class": "logging.StreamHandler", "formatter": "request"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # One structured line per request (core.middleware.RequestLogMiddleware); REQUEST_LOG_LEVEL
        # WARNING silences it.
        "core.requests": {
            "handlers": ["requests"],
            "level": env("REQUEST_LOG_LEVEL", default="INFO"),
            "propagate": False,
        },
        # The request line above replaces Django's own one.
        "django.server": {"level": "WARNING"},
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Filing (备案) rules: deadlines in working days and the filing conditions (filing/rules.py).
FILING_RULES = env.json("FILING_RULES", default={})
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")

# Mail, for password-reset links. Without EMAIL_HOST no mail leaves the platform: a forgotten password
# is routed to the staff who keep the account instead.
EMAIL_HOST = env("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 3600)  # an emailed link's life
# Notifications: always in-app (站内消息); "email" (by the mail settings above) and/or "sms" repeat
# them when listed here.
NOTIFICATION_CHANNELS = env.list("NOTIFICATION_CHANNELS", default=[])
NOTIFICATION_EMAIL_FROM = env("NOTIFICATION_EMAIL_FROM", default=DEFAULT_FROM_EMAIL)
NOTIFICATION_SMS_BACKEND = env("NOTIFICATION_SMS_BACKEND", default="registry.channels.HttpSmsGateway")
NOTIFICATION_SMS_URL = env("NOTIFICATION_SMS_URL", default="")
NOTIFICATION_SMS_TOKEN = env("NOTIFICATION_SMS_TOKEN", default="")
NOTIFICATION_SMS_SIGN = env("NOTIFICATION_SMS_SIGN", default="社区社会组织平台")
NOTIFICATION_SMS_TIMEOUT = env.int("NOTIFICATION_SMS_TIMEOUT", default=5)

# The cache holds rate-limit counters (registry/ratelimit.py): Redis when shared, else in-process.
# Rate limits and sign-in locks are counted in this cache: it must be shared by every worker process
# (Redis) wherever more than one serves, or each process counts alone.
CACHE_URL = env("CACHE_URL", default="")
# How many reverse proxies in front append to X-Forwarded-For (0: clients connect directly).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Public receipt lookups (回执号查询) per client IP: (lookups, period in seconds).
PUBLIC_LOOKUP_RATE = (20, 600)
# Two choice sets share the field name "kind" in the filing API; name their schema enums.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "ApplicationKindEnum": "filing.choices.ApplicationKind",
        "MaterialKindEnum": "filing.choices.MaterialKind",
        "AwardKindEnum": "assessment.evaluation.choices.AwardKind",
        "LedgerKindEnum": "registry.choices.LedgerKind",
    }
)
