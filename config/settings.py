"""Kanal settings. Everything that differs between machines comes from the environment.

KANAL_MODE=production switches on the hardened configuration and refuses to start with the
development secret key.
"""

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KANAL_VAR_DIR", str(BASE_DIR / "var")))

MODE = env_str("KANAL_MODE", "development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured(f"KANAL_MODE must be 'development' or 'production', got {MODE!r}")
PRODUCTION = MODE == "production"

DEV_SECRET_KEY = "django-insecure-kanal-development-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "KANAL_MODE=production needs SECRET_KEY set to a random value of at least 50 characters."
    )

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # PostgreSQL's lookups (trigram similarity, `core.db`); inert on SQLite.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_filters",
    "django_countries",
    "django_tasks_db",
    "ninja",
    "core",
    "dashboard",
    "accounts",
    "partners",
    "ledger",
    "competition",
    "programs",
    "tiers",
    "recruitment",
    "onboarding",
    "direct",
    "deals",
    "conflicts",
    "catalog",
    "engagement",
    "notifications",
    "scheduling",
    "search",
    "content",
    "collateral",
    "learning",
    "announcements",
    "imports",
    "leads",
    "referrals",
    "campaigns",
    "incentives",
    "funds",
    "health",
    "offboarding",
    "recognition",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.ActorMiddleware",
    "core.middleware.FieldValidationMiddleware",
    "accounts.middleware.StaffMfaMiddleware",
    "accounts.middleware.RememberLanguageMiddleware",
]

if PRODUCTION:
    # Production serves static files from STATIC_ROOT (collectstatic); development uses runserver's finder.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
# Django's renderer, with select boxes written out in Python (the same markup; core/renderers.py says why).
FORM_RENDERER = "core.renderers.KanalFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kanal.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its directory, and a fresh clone has no var/ yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off for long analytical queries, while Kanal's are short and a JIT pass
    # (a few hundred milliseconds) would be spent on every request whose plan looks costly, such as a count
    # over a library search's matches.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# allauth: email login only; accounts exist only through invitations.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "accounts.adapter.KanalAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kanal] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# allauth refuses two-factor enrolment while any of a user's addresses is unverified.
# MFA_ALLOW_UNVERIFIED_EMAIL stays off: accepting an invitation (its link went to the address) records the
# address as verified (accounts.services._record_verified_address), so invited staff can enrol; an address
# added later is not verified by that.
MFA_TOTP_ISSUER = "Kanal"
KANAL_REQUIRE_STAFF_MFA = env_bool("KANAL_REQUIRE_STAFF_MFA", PRODUCTION)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files: under MEDIA_ROOT by default; in an S3-compatible store (AWS S3, MinIO, Ceph, Yandex Object
# Storage, …) through django-storages when KANAL_S3_BUCKET is set. The files stay private (no public ACL, no
# public URL is ever given out): Kanal reads them and answers each download itself (core.files).
if S3_BUCKET := env_str("KANAL_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("KANAL_S3_ENDPOINT_URL") or None,  # empty: AWS itself
            "region_name": env_str("KANAL_S3_REGION") or None,
            # Empty: boto3's own chain (AWS_* variables, an instance role).
            "access_key": env_str("KANAL_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("KANAL_S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("KANAL_S3_PREFIX", "kanal"),  # the folder inside the bucket
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"  # never served as such: every upload is downloaded through a signed link (core.files)
# Uploads (core.files): the largest file, in MB (videos have their own limit), and how long a download link
# made for one person works, in seconds.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 50)
UPLOAD_VIDEO_MAX_MB = env_int("UPLOAD_VIDEO_MAX_MB", 500)
FILE_LINK_SECONDS = env_int("FILE_LINK_SECONDS", 300)

# Development prints email to the console; production sends through SMTP (EMAIL_HOST ...) by default.
_EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS: dict[str, dict[str, Any]] = {"default": {"BACKEND": _EMAIL_BACKEND}}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kanal <kanal@localhost>")

# Background work: the database queue, run by `manage.py db_worker`. KANAL_TASKS=immediate runs
# tasks inline (tests, single-process demos).
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env_str("KANAL_TASKS", "database") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long a viewer's home cards may be served from the cache; any recorded event renews them at once
# (dashboard/cache.py). 0 builds them on every visit.
HOME_CARDS_CACHE_SECONDS = env_int("HOME_CARDS_CACHE_SECONDS", 60)
# A list page loads only the fields its columns read (core.listing.page_rows). A field a cell reads but its
# column does not name raises when this is on (the tests); when off, it is fetched row by row (Django's way).
KANAL_STRICT_FETCH = env_bool("KANAL_STRICT_FETCH", False)

INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 14)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)  # the longest an API token may live
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)  # offered first; capped by the maximum
if API_TOKEN_MAX_DAYS < 1 or API_TOKEN_DEFAULT_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_MAX_DAYS and API_TOKEN_DEFAULT_DAYS must be at least 1 day.")
APPLICATIONS_PER_IP_PER_HOUR = env_int("APPLICATIONS_PER_IP_PER_HOUR", 5)
LEADS_WEB_FORM_PER_IP_PER_HOUR = env_int("LEADS_WEB_FORM_PER_IP_PER_HOUR", 10)
# The vendor's own sites that may embed the web-to-lead form (/leads/web/) in a frame, e.g.
# "https://www.example.com"; none by default (the form is then a page of its own, linked to).
LEADS_WEB_FORM_FRAME_ANCESTORS = env_list("LEADS_WEB_FORM_FRAME_ANCESTORS", [])
DEAL_PROTECTION_DAYS = env_int("DEAL_PROTECTION_DAYS", 90)  # an approved registration is protected this long
DEAL_EXPIRY_REMINDER_DAYS = env_int("DEAL_EXPIRY_REMINDER_DAYS", 14)  # remind the partner this long before
CERTIFICATION_REMINDER_DAYS = env_int("CERTIFICATION_REMINDER_DAYS", 30)  # remind holders this long before
DEAL_APPEAL_DAYS = env_int("DEAL_APPEAL_DAYS", 30)  # a rejection may be appealed this long
DEAL_MAX_EXTENSION_DAYS = env_int("DEAL_MAX_EXTENSION_DAYS", 90)  # the longest one extension may be
# How far behind the clock an incentive accrual run stops: a deal closed in a transaction still open while a
# run reads is accrued by the next run instead of passed over (incentives.accrual).
INCENTIVES_ACCRUAL_LAG_SECONDS = env_int("INCENTIVES_ACCRUAL_LAG_SECONDS", 60)
if INCENTIVES_ACCRUAL_LAG_SECONDS < 0:
    raise ImproperlyConfigured("INCENTIVES_ACCRUAL_LAG_SECONDS cannot be negative.")
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500)  # the largest `limit` any API list accepts
if API_MAX_PAGE_SIZE < 1:
    raise ImproperlyConfigured(f"API_MAX_PAGE_SIZE must be at least 1, got {API_MAX_PAGE_SIZE}")
NINJA_PAGINATION_CLASS = "core.pagination.KanalPagination"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy, the same in development and production (docs/architecture.md, "Browser security").
# Scripts: our own static files, plus inline <script> only with this response's nonce ({{ csp_nonce }}); no
# inline event handlers, no eval (htmx runs with allowEval off). Styles: our own static files only, no
# style attributes. data: images are Pico's form icons and the TOTP QR code. /api/docs has its own policy
# (config/api.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
