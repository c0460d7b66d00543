"""Settings for the clinic site, read from the environment (see README and .env.example)."""

import ipaddress
import re
from datetime import timedelta
from email.utils import formataddr
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from clinic_site.env import (
    env_bool,
    env_email,
    env_int,
    env_list,
    env_networks,
    env_phone,
    env_rate,
    env_str,
    env_time_zone,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a random value of 50 or more characters.")

# After a key rotation, the old keys: still accepted for everything signed (form tokens,
# sessions, the links in patients' emails) but never used to sign anything new.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
if not DEBUG and any(len(key) < 50 for key in SECRET_KEY_FALLBACKS):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY_FALLBACKS must be a comma list of the previous 50+ character keys."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is off (a comma list of host names)."
    )

ADMIN_PATH = env_str("DJANGO_ADMIN_PATH", "admin/")
if not re.fullmatch(r"([a-z0-9][a-z0-9_-]*/)+", ADMIN_PATH):
    raise ImproperlyConfigured(
        f"DJANGO_ADMIN_PATH must be lower-case path segments each ending in '/', such as "
        f"'staff-desk/'; got {ADMIN_PATH!r}."
    )

INSTALLED_APPS = [
    "clinic_site.admin_apps.StaffAdminConfig",  # the admin, with two-factor sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",  # passkeys, the other second factor (clinic_site/passkeys.py)
    "axes",
    "django_tasks",
    "django_tasks_db",
    "clinic_site",
    "articles",
    "consultations",
    "reviews",  # the content review desk and "Was this page helpful?"
]

MIDDLEWARE = [
    "clinic_site.middleware.read_whole_body",  # outermost: every answer leaves no body unread
    "clinic_site.client_ip.forwarded_headers",  # first: X-Forwarded-* only from trusted proxies
    "consultations.audit.remember_the_address",  # the client's address, for the audit log
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after WhiteNoise: finished pages are answered as static files are.
    "clinic_site.page_cache.early_pages",
    "csp.middleware.CSPMiddleware",
    "clinic_site.middleware.security_headers",
    "clinic_site.health.health_check",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL: /fr/… is French, everything else English (never a guess from
    # Accept-Language or a cookie: a link always opens in the language it names).
    "clinic_site.middleware.url_language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clinic_site.staff_sessions.staff_sessions",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "clinic_site.middleware.private_pages",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the locked-out page
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic_site.context_processors.clinic",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# SQLite by default. WAL plus IMMEDIATE transactions keep concurrent form submissions from
# failing with "database is locked"; DATABASE_URL switches to PostgreSQL for real deployments.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        default_db = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL we support: {error}"
        ) from None
else:
    default_db = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "var" / "db.sqlite3"}
if default_db["ENGINE"] == "django.db.backends.sqlite3":
    default_db["CONN_MAX_AGE"] = 0
    default_db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES = {"default": default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL must start with redis://, rediss:// or unix://; got {REDIS_URL!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "clinic",
            "TIMEOUT": 3600,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks: emails leave the request path ------------------------------------------
# Tasks are rows in the database; `manage.py db_worker` runs them (see the README, "Deploying").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Passwords, language, time ------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at /, French under /fr/ (clinic_site/urls.py). The interface's French is in the .po
# files under LOCALE_PATHS (the .mo files are built by make); the articles' is in content/fr/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
# Each file's strings go to the first folder here that holds it (manage.py makemessages):
# the intake's (its code, pages and emails) to consultations/locale, the rest of the site's here.
LOCALE_PATHS = [BASE_DIR / "consultations" / "locale", BASE_DIR / "locale"]
CLINIC_TIME_ZONE = env_time_zone("CLINIC_TIME_ZONE", "America/Toronto")
TIME_ZONE = CLINIC_TIME_ZONE
USE_I18N = True
USE_TZ = True

# --- Static files: served by WhiteNoise from our own origin --------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security -----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything comes from our own origin; no inline or eval script, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features the site never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# The health check answers load balancers that probe by IP address, before the Host check
# and the HTTPS redirect; it reveals nothing but "ok" or "unavailable".
HEALTH_CHECK_PATH = "/healthz"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The proxies (addresses or CIDR networks) whose X-Forwarded-For and X-Forwarded-Proto are
# believed; from anyone else those headers are dropped (clinic_site.client_ip). Empty by default.
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")
if not DEBUG:
    # Production sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Staff sign-in: two factors, lockout, session limits (see README, "Staff accounts") --------
# Axes checks lockouts before Django checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user name from one address lock that pair out for 30 minutes;
# the same user elsewhere, and other users, can still sign in. `manage.py axes_reset_username`
# unlocks early.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And whatever the address, this many failures for one user name in the cool-off period lock that
# name out (clinic_site/staff_login.py): high enough that nobody can lock a colleague out for fun.
STAFF_LOCKOUT_FAILURES_PER_USERNAME = 20
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The client's address as the rate limits and the audit log find it (DJANGO_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "clinic_site.client_ip.client_ip"
# The admin's pages about authenticator devices show no secret keys or QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Measured on the server (clinic_site/staff_sessions.py); the cookie ends with the browser.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=720)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", 12, minimum=1, maximum=24)
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Logging: to the console; never personal health information ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- The clinic -----------------------------------------------------------------------------------
# Defaults are obviously fictional (555-01xx numbers, example.com) so nobody mistakes them for a
# real clinic; set the real values in the environment.
CLINIC_NAME = env_str("CLINIC_NAME", "Example Ketamine Clinic")
CLINIC_PHONE = env_phone("CLINIC_PHONE", "613-555-0100")
CLINIC_EMAIL = env_email("CLINIC_EMAIL", "hello@clinic.example.com")
CLINIC_ADDRESS = env_str("CLINIC_ADDRESS", "100 Example Street, Suite 200, Ottawa, ON K1A 0A0")
# Shown in staff members' authenticator apps next to each code.
OTP_TOTP_ISSUER = CLINIC_NAME

# --- Articles ----------------------------------------------------------------------------
ARTICLES_CONTENT_DIR = Path(env_str("ARTICLES_CONTENT_DIR", str(BASE_DIR / "content")))
# The clinic's own facts: treatments, fees, policies, hours, team (clinic_site/profile.py).
CLINIC_PROFILE = Path(env_str("CLINIC_PROFILE", str(BASE_DIR / "content" / "clinic.yml")))

# The version of /privacy/ in force; consent records store it. Change it with the notice.
PRIVACY_NOTICE_VERSION = "2026-12-01"

# --- Forms -------------------------------------------------------------------------------
# The site's own template pack (consultations/templates/crispy_clinic/), for its own stylesheet.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("crispy_clinic",)
CRISPY_TEMPLATE_PACK = "crispy_clinic"

# --- Consultation requests ------------------------------------------------------------------------
# How fast the clinic replies is `reply_time` in the clinic profile (CLINIC_PROFILE), its one
# source; a deployment still setting the old variable is told so rather than silently ignored.
if env_str("CONSULTATION_REPLY_TIME"):
    raise ImproperlyConfigured(
        "CONSULTATION_REPLY_TIME is no longer read: set `reply_time` in the clinic profile "
        f"({CLINIC_PROFILE}) instead, and remove the variable."
    )
# Closed, declined and spam requests older than this are deleted by `purge_consultations`.
CONSULTATION_RETENTION_DAYS = env_int("CONSULTATION_RETENTION_DAYS", 365, minimum=1)
# Sent forms (not page views, not forms returned with errors) per client address: "5/h" is five an
# hour. Over the limit, the form answers with a friendly 429 page.

CONSULTATION_RATE_LIMIT = env_rate("CONSULTATION_RATE_LIMIT", "5/h")
# Acknowledgements sent to one email address (kept as a keyed hash), so the form cannot be used to
# flood someone's inbox, or to out them with a stream of emails from a clinic.
CONSULTATION_ACKNOWLEDGEMENT_LIMIT = env_rate("CONSULTATION_ACKNOWLEDGEMENT_LIMIT", "3/d")
# Open requests nobody has touched for this long show as "stale"; after the grace period more,
# purge_consultations deletes them as it does finished ones.
CONSULTATION_STALE_DAYS = env_int("CONSULTATION_STALE_DAYS", 180, minimum=1)
CONSULTATION_STALE_GRACE_DAYS = env_int("CONSULTATION_STALE_GRACE_DAYS", 30, minimum=0)
# A form sent sooner than this after it was shown is treated as a bot and stored as spam.
CONSULTATION_MIN_FILL_SECONDS = env_int("CONSULTATION_MIN_FILL_SECONDS", 3, minimum=0, maximum=120)
# Acknowledgements to one referring clinician's address: looser than a patient's, as one
# clinician may refer several patients a day.
CONSULTATION_REFERRAL_ACKNOWLEDGEMENT_LIMIT = env_rate(
    "CONSULTATION_REFERRAL_ACKNOWLEDGEMENT_LIMIT", "20/d"
)
# The patient's reminder goes this many hours before an appointment (24: the day before). An
# appointment booked closer than that gets none: the invitation has just gone.
CONSULTATION_REMINDER_HOURS = env_int("CONSULTATION_REMINDER_HOURS", 24, minimum=1, maximum=168)

# --- Page feedback ("Was this page helpful?", the reviews app) -----------------------------------
# Answers counted per client address, across all articles: generous for a person reading several
# articles, tight enough that nobody can skew an article's counts from one connection.
FEEDBACK_RATE_LIMIT = env_rate("FEEDBACK_RATE_LIMIT", "20/h")

# --- Email ----------------------------------------------------------------------------------------
# Development prints emails to the console; production sends through SMTP. DJANGO_EMAIL_BACKEND
# overrides both (for example django.core.mail.backends.dummy.EmailBackend on a staging copy).

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set only one of EMAIL_USE_TLS (STARTTLS, port 587) and EMAIL_USE_SSL (port 465)."
    )
# The worker sends emails, not the page the patient waits for; a stuck server is given up on.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1, maximum=60)
# The address emails come from, and the name shown beside it in an inbox. Someone glancing at a
# patient's inbox sees that name: choose one that does not name a treatment.
CLINIC_EMAIL_SENDER_NAME = env_str("CLINIC_EMAIL_SENDER_NAME", CLINIC_NAME)
DEFAULT_FROM_EMAIL = formataddr(
    (CLINIC_EMAIL_SENDER_NAME, env_email("DEFAULT_FROM_EMAIL", CLINIC_EMAIL))
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where "new request KT-…" notifications go: the intake team's shared inbox.
CLINIC_NOTIFY_EMAIL = env_email("CLINIC_NOTIFY_EMAIL", CLINIC_EMAIL)
# The site's own address, for links in emails (the admin link in the clinic's notification).
# In production it defaults to https:// and the first of DJANGO_ALLOWED_HOSTS.
_first_host = ALLOWED_HOSTS[0].lstrip(".") if ALLOWED_HOSTS else ""
SITE_URL = env_str(
    "SITE_URL", "http://127.0.0.1:8000" if DEBUG or not _first_host else f"https://{_first_host}"
).rstrip("/")
if not re.fullmatch(r"https?://[a-zA-Z0-9.-]+(:\d{1,5})?", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's address without a path, such as "
        f"https://clinic.example.com; got {SITE_URL!r}."
    )


# --- Passkeys (WebAuthn): the other second factor for staff (see README, "Staff accounts") -------
# A passkey is bound to the relying party ID, a domain name (never an IP address: browsers refuse
# those), and answers only pages on the allowed origins: that is what makes it resist phishing.
# Changing the ID later means every staff member registers their passkeys again.
_DOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
_ORIGIN = re.compile(r"(https?)://([a-z0-9.-]+)(:\d{1,5})?")


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def env_webauthn_rp_id(name: str, default: str) -> str:
    value = env_str(name, default).lower()
    if _is_ip_address(value) or not _DOMAIN.fullmatch(value) or len(value) > 253:
        raise ImproperlyConfigured(
            f"{name} must be a domain name such as clinic.example.com (no scheme, port or IP "
            f"address: browsers refuse passkeys for those); got {value!r}."
        )
    return value


def env_webauthn_origins(name: str, default: list[str], rp_id: str) -> list[str]:
    origins = [origin.lower() for origin in env_list(name, default)]
    for origin in origins:
        match = _ORIGIN.fullmatch(origin)
        if not match:
            raise ImproperlyConfigured(
                f"{name} must be a comma list of origins such as https://clinic.example.com "
                f"(scheme, host and port only); got {origin!r}."
            )
        scheme, host = match.group(1), match.group(2)
        if scheme == "http" and host != "localhost":
            raise ImproperlyConfigured(
                f"{name}: {origin!r} must use https:// (plain http is only for localhost)."
            )
        if host != rp_id and not host.endswith("." + rp_id):
            raise ImproperlyConfigured(
                f"{name}: {origin!r} is not on {rp_id!r} (DJANGO_WEBAUTHN_RP_ID) or one of its "
                f"subdomains, so no passkey would work there."
            )
    return origins


# By default the host of SITE_URL. A site reached by IP address (127.0.0.1 in development) gets
# localhost instead: browse to http://localhost:8000 to use passkeys there.
_scheme, _host, _port = _ORIGIN.fullmatch(SITE_URL.lower()).groups("")  # SITE_URL: checked above
_host = "localhost" if _is_ip_address(_host) else _host
OTP_WEBAUTHN_RP_ID = env_webauthn_rp_id("DJANGO_WEBAUTHN_RP_ID", _host)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_webauthn_origins(
    "DJANGO_WEBAUTHN_ORIGINS", [f"{_scheme}://{_host}{_port}"], OTP_WEBAUTHN_RP_ID
)
# Shown by some browsers when a passkey is made.
OTP_WEBAUTHN_RP_NAME = CLINIC_NAME
# A passkey is a second factor here, after the password, never a way round it. (The package's own
# sign-in views, which would log in with a passkey alone, are not mounted either.)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# How long the browser may take to answer, and how long the server keeps the challenge for it.
OTP_WEBAUTHN_TIMEOUT_SECONDS = 300
