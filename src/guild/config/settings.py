"""Django settings for Guild. Values from the environment are read through ``env``."""

from __future__ import annotations

import sys
from urllib.parse import urlparse

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from guild.config import env

BASE_DIR = env.BASE_DIR
SRC_DIR = BASE_DIR / "src" / "guild"
VAR_DIR = env.get_path("VAR_DIR", BASE_DIR / "var")
TESTING = "pytest" in sys.modules or env.get_bool("GUILD_TESTING", False)

DEBUG = env.get_bool("DEBUG", False)
SECRET_KEY = env.secret_key("SECRET_KEY", VAR_DIR, debug=DEBUG)
SITE_URL = env.get_url("SITE_URL", "http://127.0.0.1:8000", ("http", "https")).rstrip("/")
_site = urlparse(SITE_URL)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", _site.hostname or ""])
if TESTING:
    ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]
HTTPS = _site.scheme == "https"

GUILD_APPS = [
    "guild.core",
    "guild.accounts",
    "guild.api",
    "guild.members",
    "guild.billing",
    "guild.governance",
    "guild.commissions",
    "guild.events",
    "guild.outreach",
    "guild.coworking",
    "guild.sourcing",
    "guild.insights",
]

# Guild's apps come first: their templates and translations take precedence over those of
# Django and allauth (Guild overrides allauth's layouts and words some strings differently).
INSTALLED_APPS = [
    *GUILD_APPS,
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_tasks_db",
    "django_rq",
    "anymail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "guild.core.middleware.NullCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "guild.core.middleware.FrenchFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "guild.config.urls"
WSGI_APPLICATION = "guild.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "guild.core.context_processors.guild",
            ],
        },
    },
]

DATABASES = {
    "default": env.database_config("DATABASE_URL", f"sqlite:///{VAR_DIR / 'guild.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Hot paths (door scans, registrations) prepare their few statements on PostgreSQL; turn it
# off behind a pooler in transaction mode that cannot keep prepared statements.
DATABASE_PREPARED_STATEMENTS = env.get_bool("DATABASE_PREPARED_STATEMENTS", True)
# Token-authenticated redeem and order calls answered outside Django's full request cycle
# (guild/events/hotpath.py); off sends them through the API views like any other call.
EVENTS_HOT_PATH = env.get_bool("EVENTS_HOT_PATH", True)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash many passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"

# django-allauth
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _site.scheme
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_ADAPTER = "guild.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env.get_str("MFA_TOTP_ISSUER", "Guild")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or TESTING

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "guild_language"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SRC_DIR / "locale"]
FORMAT_MODULE_PATH = ["guild.config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.get_path("STATIC_ROOT", VAR_DIR / "static")
STATICFILES_DIRS = [SRC_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.get_path("MEDIA_ROOT", VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# E-mail
MAILERS = {"default": env.email_config("EMAIL_URL", f"file://{VAR_DIR / 'mail'}")}
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Guild <ne-pas-repondre@guild.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_OUTBOX_MAX_ATTEMPTS = env.get_int("EMAIL_OUTBOX_MAX_ATTEMPTS", 6, minimum=1)
globals().update(env.outreach_config())  # OUTREACH_* (campaign sending, retention, webhooks)

# Background work (django.tasks)
REDIS_URL = env.get_url("REDIS_URL", "redis://127.0.0.1:6379/0", ("redis", "rediss", "unix"))
TASKS_BACKEND = env.get_choice("TASKS_BACKEND", "db", ("db", "rq", "immediate"))
_TASK_BACKENDS = {
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
TASKS = {"default": _TASK_BACKENDS[TASKS_BACKEND]}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "guild_cache",
    }
}
if env.get_bool("CACHE_REDIS", False):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "guild.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "guild.api.permissions.TokenScopes",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "guild.api.parsers.JSONParser",
        "guild.api.parsers.FormParser",
        "guild.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "guild.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "guild.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Guild API",
    "DESCRIPTION": "API REST de Guild (v1). Authentification par jeton personnel : "
    "`Authorization: Bearer <jeton>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "guild.commissions.models.actions.Action.Status",
    },
}

# Security
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF, "blob:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env.get_bool("SECURE_HSTS_PRELOAD", False)
BEHIND_PROXY = env.get_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# How many reverse proxies append to X-Forwarded-For: the client address used by the rate limits
# (login, online application) is read behind them; 0 means REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env.get_int(
    "TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0, minimum=0
)
# Without https (the embedded single-machine setup), secure cookies, HSTS and the redirect stay
# off; HSTS preload is an explicit opt-in (SECURE_HSTS_PRELOAD) since it binds every subdomain.
SILENCED_SYSTEM_CHECKS = (
    []
    if HTTPS
    else [
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
        "guild.W001",
    ]
)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

MESSAGE_TAGS = {40: "danger"}

# Guild-specific
GUILD_DEMO_PASSWORD = env.get_str("GUILD_DEMO_PASSWORD", "demo-guild-2026")
CHROMIUM_PATH = env.get_str("CHROMIUM_PATH", "/usr/bin/chromium")

# Billing: online card payment (Stripe), SEPA direct debit creditor, accounting journals
STRIPE_SECRET_KEY = env.get_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env.get_str("STRIPE_WEBHOOK_SECRET", "")
STRIPE_PUBLISHABLE_KEY = env.get_str("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_API_BASE = env.get_str("STRIPE_API_BASE", "")
SEPA_CREDITOR_ID = env.get_str("SEPA_CREDITOR_ID", "")
SEPA_CREDITOR_NAME = env.get_str("SEPA_CREDITOR_NAME", "")
SEPA_CREDITOR_IBAN = env.get_str("SEPA_CREDITOR_IBAN", "")
SEPA_CREDITOR_BIC = env.get_str("SEPA_CREDITOR_BIC", "")
BILLING_JOURNAL_SALES = env.get_str("BILLING_JOURNAL_SALES", "VT")
BILLING_JOURNAL_BANK = env.get_str("BILLING_JOURNAL_BANK", "BQ")
BILLING_JOURNAL_CASH = env.get_str("BILLING_JOURNAL_CASH", "CA")
