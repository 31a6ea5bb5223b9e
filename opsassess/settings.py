"""Settings for OpsAssess, read from the environment (see README, "Configuration").

Embedded defaults: SQLite under var/, Celery tasks run in-process, email to the
console. Real services: DATABASE_URL (PostgreSQL), REDIS_URL (broker and cache).
"""

import sys
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

from .env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("OPSASSESS_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and uploaded reports live here

# The test runner needs a key without a deploy's environment; nothing else does.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
DEBUG = envbool("DJANGO_DEBUG", False)
SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = "dev-only-insecure-key-do-not-deploy-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "csp",
    "assessments",
    "reports",
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
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "opsassess.ratelimit.SurveyRateLimitMiddleware",
    "opsassess.due_jobs.DueJobsMiddleware",
]

ROOT_URLCONF = "opsassess.urls"
WSGI_APPLICATION = "opsassess.wsgi.application"

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
                "assessments.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'opsassess.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the survey's autosave and a report build share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

# django-axes (see opsassess/lockout.py): an account after repeated failures from anywhere, an
# address after repeated failures over any accounts; a growing cool-off; a reset unlocks.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = "opsassess.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = envbool("AXES_ENABLED", True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Report PDFs go through Django's storage API: local files under MEDIA_ROOT by default,
# or any S3-compatible store with django-storages installed and
# DEFAULT_FILE_STORAGE=storages.backends.s3.S3Storage (credentials from the usual AWS_*
# environment variables, read by boto3).
AWS_STORAGE_BUCKET_NAME = envstr("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = envstr("AWS_S3_ENDPOINT_URL", "") or None
STORAGES = {
    "default": {"BACKEND": envstr("DEFAULT_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    # Hashed, compressed names in production (after collectstatic); plain files while
    # developing or testing, where no collectstatic has run.
    "staticfiles": {
        "BACKEND": "opsassess.storage.StaticStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: EMAIL_URL such as smtp+tls://user:pass@host:587; the console by default.
_email = dj_email_url.parse(envstr("EMAIL_URL", "console:"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = bool(_email["EMAIL_USE_TLS"])
EMAIL_USE_SSL = bool(_email["EMAIL_USE_SSL"])
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "OpsAssess <noreply@opsassess.local>")

# Celery: with REDIS_URL a worker does the work; without it tasks run in-process.
REDIS_URL = envstr("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 180)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when the broker is down, so a request can say so instead of hanging. A
# refused connection fails at once; a Redis that accepts but never answers (hung, or a
# half-open connection) needs the socket timeouts, which kombu leaves unset (wait forever).
# visibility_timeout: how long a task taken by a worker that died stays invisible before
# Redis hands it to another worker (late acknowledgement); above the hard time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 300),
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2

if REDIS_URL:
    # Only the survey rate limit uses the cache, and it lets requests through when Redis
    # fails: a short timeout bounds what a hung Redis adds to every survey request.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
else:
    # On disk, not in memory, so every worker process (gunicorn -w N) shares the survey
    # rate limits: diskcache keeps them in SQLite files, an atomic increment in about
    # 0.03 ms. Django's FileBasedCache took 1 ms, writing a file and listing the whole
    # directory on every count.
    CACHES = {"default": {"BACKEND": "opsassess.cache.PersistentDiskCache", "LOCATION": str(VAR_DIR / "diskcache"),
                          "TIMEOUT": 300, "OPTIONS": {"size_limit": 2**28}}}

# Survey links: requests per token and unknown-token misses per address, per minute.
OPSASSESS_RATELIMIT_ENABLED = envbool("OPSASSESS_RATELIMIT_ENABLED", True)
OPSASSESS_RATELIMIT_PER_TOKEN_PER_MINUTE = envint("OPSASSESS_RATELIMIT_PER_TOKEN_PER_MINUTE", 300)
OPSASSESS_RATELIMIT_MISSES_PER_MINUTE = envint("OPSASSESS_RATELIMIT_MISSES_PER_MINUTE", 20)

# Behind N reverse proxies, the client's address is the N-th X-Forwarded-For entry from the
# right (opsassess/client_ip.py); 0: REMOTE_ADDR. Rate limits and login lockout use it.
OPSASSESS_TRUSTED_PROXIES = envint("OPSASSESS_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "opsassess.client_ip.client_ip"

# Product rules.
OPSASSESS_MIN_GROUP_SIZE = envint("OPSASSESS_MIN_GROUP_SIZE", 5)
OPSASSESS_REPORTS_PER_USER_PER_HOUR = envint("OPSASSESS_REPORTS_PER_USER_PER_HOUR", 20)
# Nobody gets two reminders about one survey within this many hours.
OPSASSESS_REMINDER_INTERVAL_HOURS = envint("OPSASSESS_REMINDER_INTERVAL_HOURS", 20)

# Scheduled jobs (deadlines, reminders), every minute: Celery beat with REDIS_URL
# (`make beat`); without it, the web process runs them on a request at most once a
# minute (opsassess/due_jobs.py), so the embedded set-up needs no extra process.
DUE_JOBS_EVERY_SECONDS = envint("OPSASSESS_DUE_JOBS_EVERY_SECONDS", 60)
OPSASSESS_DUE_JOBS_ON_REQUEST = envbool("OPSASSESS_DUE_JOBS_ON_REQUEST", not REDIS_URL)
CELERY_BEAT_SCHEDULE = {
    "due-jobs": {"task": "assessments.tasks.run_due_jobs", "schedule": float(DUE_JOBS_EVERY_SECONDS)},
}

# Security. In production (DEBUG off) cookies are secure and HTTPS is enforced;
# DJANGO_SECURE_SSL_REDIRECT=0 for a deploy behind a proxy that already redirects.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("DJANGO_BEHIND_PROXY", False) else None
X_FRAME_OPTIONS = "DENY"

# django-csp 4: no inline scripts, everything from our own origin. Inline style
# attributes are allowed: server-drawn SVG charts and progress bars carry them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
