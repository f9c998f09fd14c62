"""Porchlight settings: one module, every knob read from the environment (see README)."""

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config import languages
from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORCHLIGHT_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
TESTING = env_bool("PORCHLIGHT_TESTING", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "porchlight-insecure-development-key-only-used-with-DJANGO_DEBUG"

# Absolute links in feeds and e-mail. Without SITE_URL, the port the development server
# listens on (`PORT=9000 make run`), so links work where the site is actually served.
SITE_URL = env_str("SITE_URL", f"http://localhost:{env_int('PORT', 8000)}").rstrip("/")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
_site_host = urlsplit(SITE_URL).hostname
if _site_host and _site_host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_site_host)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks (its admin widgets and fields).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before django_q, so that its `qcluster` command (ops/management/commands/qcluster.py)
    # is the one `manage.py qcluster` runs, as whitenoise.runserver_nostatic does for runserver.
    "ops",
    "django_q",
    "auditlog",
    "scheduler",
    "rsvp",
    # After rsvp: its admin adds the question inlines to the event admin rsvp registers.
    "questions",
    "notifications",
    "privacy",
    "nightout",
    "followup",
    "feedback",
    "volunteers",
    "accommodations",
    "courses",
    "api",
    "demo",
    "counters",
]

MIDDLEWARE = [
    # First: a view that finds the database unavailable answers 503, not 500 (ops/outage.py).
    "ops.outage.OutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The resident's language: the switcher's cookie, else the browser's Accept-Language.
    # URLs carry no language prefix: printed links and calendar subscriptions stay valid.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session in kiosk mode reaches only its event's kiosk pages (rsvp/officers/kiosk/).
    "rsvp.officers.kiosk.middleware.KioskMiddleware",
    # After authentication: the audit trail's actor is the signed-in user (scheduler/audit.py).
    "scheduler.audit.AuditActorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A sign-in's device cookie, and 429 for a try past the budget of checks (ops/signin.py).
    "ops.signin.SignInDeviceMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        # No "loaders": Django then caches compiled templates in every process (the cached
        # loader), in DEBUG too since 4.1; tests/test_settings.py checks that it stays so.
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scheduler.context_processors.site",
            ],
        },
    },
]

# --- Databases -------------------------------------------------------------
# SQLite by default: WAL so readers never block the writer, IMMEDIATE transactions so
# a write transaction takes the write lock at BEGIN (a deferred one that upgrades later
# fails with "database is locked" instead of waiting), and a busy timeout to wait.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    # synchronous=NORMAL is safe in WAL mode (a power cut loses at most the last commits,
    # never the file) and saves an fsync per commit; reads through a 128 MiB memory map
    # skip a copy per page; sorts and temporary indexes of the reports stay in memory.
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
        "PRAGMA mmap_size=134217728;PRAGMA temp_store=MEMORY"
    ),
}

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            # PORCHLIGHT_SQLITE_PATH: lets a worker started by a test use the test database.
            "NAME": Path(env_str("PORCHLIGHT_SQLITE_PATH", str(VAR_DIR / "porchlight.sqlite3"))),
            "OPTIONS": SQLITE_OPTIONS,
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
        }
    }
    # Tests use a file, not memory: concurrency tests open real parallel connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-porchlight.sqlite3")}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    # The task queue lives in its own SQLite file, so a busy worker never holds the
    # write lock that residents' RSVPs wait for (see DESIGN.md, measured figures).
    DATABASES["queue"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": Path(
            env_str("PORCHLIGHT_SQLITE_QUEUE_PATH", str(DATABASES["default"]["NAME"]) + "-queue")
        ),
        "OPTIONS": SQLITE_OPTIONS,
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
        "TEST": {"NAME": str(VAR_DIR / "test-queue.sqlite3")},
    }
    # The throttles' counters too (counters/services.py): every anonymous RSVP counts one hit,
    # which must not wait for, nor hold, the write lock an event's RSVPs are serialized by.
    DATABASES["counters"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": Path(
            env_str(
                "PORCHLIGHT_SQLITE_COUNTERS_PATH", str(DATABASES["default"]["NAME"]) + "-counters"
            )
        ),
        "OPTIONS": SQLITE_OPTIONS,
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
        "TEST": {"NAME": str(VAR_DIR / "test-counters.sqlite3")},
    }
    DATABASE_ROUTERS = ["config.routers.SqliteFilesRouter"]
    QUEUE_DATABASE = "queue"
else:
    DATABASE_ROUTERS = []
    QUEUE_DATABASE = "default"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (shared by all processes: idempotency keys, feeds, django-q2 cluster status) ---
# The throttles count in Redis when REDIS_URL is set, in their own table otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            # Django's database cache that remakes its table if it is missing (ops/cache.py).
            "BACKEND": "ops.cache.DatabaseCache",
            "LOCATION": "porchlight_cache",
        }
    }

# --- Task queue (django-q2) -------------------------------------------------
# timeout < retry so a task is never handed out twice while it still runs;
# ack_failures: a raising task is not redelivered — retries belong to the outbox.
Q_CLUSTER = {
    "name": "porchlight",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 60,
    "retry": 90,
    "max_attempts": 3,
    # One task waiting per worker, not workers²: a cluster killed loses fewer taken tasks.
    "queue_limit": env_int("Q_WORKERS", 2),
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 250,
    "label": "Task queue",
    "sync": env_bool("Q_SYNC", False),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = QUEUE_DATABASE

# --- Auth, i18n, static ------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in protection (django-axes), for /accounts/login/ and /admin/login/ alike. Its backend
# comes first: a locked-out attempt is refused before ModelBackend runs the password hasher,
# so a flood costs a query, not a second of CPU. Failures are counted per account and,
# separately, per client address: many addresses on one account, or one address trying many
# accounts, each end in a lock. A success does not clear the count (AXES_RESET_ON_SUCCESS
# off): otherwise one account of one's own would reset an address's count between guesses.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Between the two: a try axes let through is counted against the site's budget of
    # password checks, and past it refused before the hasher (ops/signin.py).
    "ops.signin.SignInBudgetBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password checks a second, site-wide, for browsers new to a user name (and as many again for
# browsers that signed in with it before). Each costs about a second of one core (PBKDF2):
# 0.5 keeps a flood that no lock stops to a quarter of a two-core machine. 0: no budget.
SIGNIN_CHECKS_PER_SECOND = env_float("SIGNIN_CHECKS_PER_SECOND", 0.5)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
# Minutes a lock lasts after the last attempt (each attempt while locked starts it again);
# 0: until a coordinator unlocks it (`manage.py axes_reset_username NAME`).
_login_cooloff_minutes = env_int("LOGIN_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = dt.timedelta(minutes=_login_cooloff_minutes) if _login_cooloff_minutes else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# The client address by the API throttles' rule (REST_FRAMEWORK NUM_PROXIES, API_NUM_PROXIES):
# one setting says how many proxies to trust, for sign-in and API alike.
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/officers/"
LOGOUT_REDIRECT_URL = "/"

# Languages: config/languages.py (the list, and locale data for the two Django lacks).
LANGUAGE_CODE = languages.LANGUAGE_CODE
LANGUAGES = languages.LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Events', series', programs' and venues' texts in each language (scheduler/translation.py):
# a text not given in the resident's language is shown in the default one. Slugs are made
# from the default language's name. The admin's language tabs use a small script of ours in
# place of jQuery UI's tabs, which would come from another site (the CSP allows only 'self').
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = LANGUAGE_CODE
JQUERY_UI_URL = "js/admin_translation_tabs.js"
# Date formats for languages Django ships none for (config/formats/<code>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
# The resident's choice from the switcher (django.views.i18n.set_language) is kept a year;
# Lax so that it comes along when a resident follows a link from an e-mail.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# A file missing from collectstatic's manifest is served under its plain name rather
# than turning every page into a 500.
WHITENOISE_MANIFEST_STRICT = False
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail ------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Each wait on the mail server; shorter than a send task's timeout (NOTICE_SEND_TIMEOUT_SECONDS),
# so a hung SMTP server fails the send (the outbox retries it) before the task is stopped.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Porchlight <events@localhost>")
# Text messages (notifications/sms.py): console, file, or a carrier's HTTP API backend.
SMS_BACKEND = env_str(
    "SMS_BACKEND",
    "notifications.sms.ConsoleBackend" if DEBUG else "notifications.sms.FileBackend",
)
SMS_FILE_PATH = env_str("SMS_FILE_PATH", str(VAR_DIR / "sms"))

# --- Security (production passes `manage.py check --deploy` with no issues) ---------
# An https SITE_URL says the site is served over TLS only: redirect plain http, secure cookies,
# and HSTS. /healthz stays reachable over plain http for load balancers' probes.
HTTPS = not DEBUG and SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a proxy that ends TLS, Django must learn the scheme from it. gunicorn already trusts
# X-Forwarded-Proto from a proxy on the same host (its FORWARDED_ALLOW_IPS, 127.0.0.1); for a
# proxy elsewhere, name the header it sets (and overwrites) here. Never by default: a client
# could then claim https for itself.
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
# 180 days: browsers remember it between a resident's visits months apart, and it stays under
# the year that browsers' preload lists require, so the `preload` token (which the deploy check
# asks for) lets no one submit the domain to them; raising it to a year is the owner's choice.
# includeSubDomains covers only hosts under the site's own (*.events.example.gov).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 15_552_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (static/js, static/css): an injected <script> or
# onclick= does not run. data: images: the blank favicon and the admin's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}
# Nothing here uses a camera, a microphone, the resident's location or payments; a script
# that got in cannot ask for them. Copying a feed link (clipboard-write) stays allowed.
_DENIED = "accelerometer browsing-topics camera display-capture geolocation gyroscope magnetometer"
PERMISSIONS_POLICY = dict.fromkeys(f"{_DENIED} microphone midi payment usb".split(), ())
PERMISSIONS_POLICY["clipboard-write"] = "self"

# --- Audit trail (django-auditlog, scheduler/audit.py) ---------------------------
# Staff are known by their account; nobody's address is kept (residents change their
# RSVPs too, and an address is personal data).
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# A related row by its name (an officer's username, a venue's name), not its id: readable,
# and still right after the row changes. The tracked fields point at no resident.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True

# --- Logging: residents' data never goes to logs -------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_tokens": {"()": "config.logging.RedactTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # django-q2 logs through its own logger; with a root handler it must be named here.
        "django-q": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # runserver's access log: through our handler, so manage links are redacted.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # django-axes: failures and lockouts (WARNING) are worth a line; its INFO chatter is not.
        "axes": {"level": "WARNING"},
    },
}

# --- Porchlight -----------------------------------------------------------------
# Hours of notice per kind of accommodation request, e.g. "asl=96,childcare=72"; the kinds
# not named keep their defaults (accommodations/lead_times.py: interpreters 72, childcare,
# hearing loop and large print 48, wheelchair space and anything else 24).
ACCOMMODATION_LEAD_HOURS = env_str("ACCOMMODATION_LEAD_HOURS", "")
_notice_send_timeout = env_int("NOTICE_SEND_TIMEOUT_SECONDS", EMAIL_TIMEOUT + 10)
PORCHLIGHT = {
    "SERIES_HORIZON_DAYS": env_int("SERIES_HORIZON_DAYS", 365),
    "EVENTS_PER_PAGE": 20,
    # How long a write waits for an event's lock on PostgreSQL before answering "busy".
    "LOCK_TIMEOUT_MS": env_int("LOCK_TIMEOUT_MS", 5000),
    # Retry-After of the 503 answered while the database is unavailable (ops/outage.py).
    "OUTAGE_RETRY_AFTER_SECONDS": env_int("OUTAGE_RETRY_AFTER_SECONDS", 30),
    # Notices (notifications/delivery.py, dispatch.py): retries with backoff, then "failed".
    "NOTICE_MAX_ATTEMPTS": env_int("NOTICE_MAX_ATTEMPTS", 5),
    "NOTICE_RETRY_BASE_SECONDS": env_int("NOTICE_RETRY_BASE_SECONDS", 60),
    # A send task is stopped (and retried with backoff) after this long in all: EMAIL_TIMEOUT
    # bounds each wait on the mail server, this the whole conversation.
    "NOTICE_SEND_TIMEOUT_SECONDS": _notice_send_timeout,
    # A send claimed longer ago than the lease was lost with its worker and goes out again. The
    # lease outlasts the send timeout, so no live send is taken over; a claim whose worker
    # process is known to be gone (same machine, pid no longer running) is taken back at once.
    "NOTICE_LEASE_SECONDS": env_int("NOTICE_LEASE_SECONDS", _notice_send_timeout + 15),
    # How often each qcluster process runs the dispatcher itself (and once at start).
    "NOTICE_SWEEP_SECONDS": env_int("NOTICE_SWEEP_SECONDS", 10),
    # A queued send whose task was lost (its cluster died holding it) is queued again when
    # sends queued after it were taken this long ago, or the queue has been empty for it this
    # long; any send still queued after the enqueue lease is queued again in any case.
    "NOTICE_QUEUE_GRACE_SECONDS": env_int("NOTICE_QUEUE_GRACE_SECONDS", 20),
    "NOTICE_ENQUEUE_LEASE_SECONDS": env_int("NOTICE_ENQUEUE_LEASE_SECONDS", 300),
    # Each dispatcher run queues due notices in batches, for at most the budget.
    "NOTICE_DISPATCH_BATCH": env_int("NOTICE_DISPATCH_BATCH", 500),
    # Due notices go to the workers this many to a task (notifications/batches.py): sent one
    # after another over one connection to the mail server, each claimed just before its send
    # and stopped after NOTICE_SEND_TIMEOUT_SECONDS, so the lease still covers one send. A
    # batch starts no send that could run past its own time limit; it queues the rest again.
    # The limit is kept under Q_CLUSTER["retry"] with room for the one batch a task may wait
    # behind in its worker's queue (queue_limit = workers), so no batch is handed out twice.
    "NOTICE_BATCH_SIZE": env_int("NOTICE_BATCH_SIZE", 25),
    "NOTICE_BATCH_TIMEOUT_SECONDS": env_int(
        "NOTICE_BATCH_TIMEOUT_SECONDS", min(_notice_send_timeout + 10, Q_CLUSTER["retry"] - 1)
    ),
    "NOTICE_DISPATCH_BUDGET_SECONDS": env_int("NOTICE_DISPATCH_BUDGET_SECONDS", 30),
    # At most one re-sent manage or feed link per RSVP in this window (notifications/planning.py).
    "NOTICE_LINK_RESEND_MINUTES": env_int("NOTICE_LINK_RESEND_MINUTES", 10),
    # /healthz shows its checks and the queue's figures to staff and to a monitor that sends
    # "Authorization: Bearer <this>"; to anyone else only its status (unset: staff only).
    "HEALTHZ_TOKEN": env_str("HEALTHZ_TOKEN", ""),
    # Calendar feeds: how far back they reach, how long a cancelled event stays in them
    # (as STATUS:CANCELLED, so subscribed calendars show it), how often apps should refresh.
    "FEED_PAST_DAYS": env_int("FEED_PAST_DAYS", 30),
    "FEED_CANCELLED_DAYS": env_int("FEED_CANCELLED_DAYS", 30),
    "FEED_REFRESH_MINUTES": env_int("FEED_REFRESH_MINUTES", 60),
    # Residents' personal data (names, e-mail addresses, phones, needs) is kept until this
    # many days after the event, then erased by the privacy app's daily purge; counts stay
    # (DESIGN.md rule 7). A program may set its own period, a legal hold stops it. The RSVP
    # forms' privacy notice says so (rsvp/templatetags/privacy.py).
    "RETENTION_DAYS": env_int("RETENTION_DAYS", 90),
    # Check-in at the door closes this many hours after an event ends (a coordinator may
    # still check people in later); it opens as each program says (checkin_opens_minutes).
    "CHECKIN_CLOSES_HOURS": env_int("CHECKIN_CLOSES_HOURS", 24),
    # followup/: confirmed residents are asked "Still coming?" this long before the start
    # (a program may set its own; 0 turns it off), and officers may send each event at most
    # this many messages an hour.
    "STILL_COMING_MINUTES": env_int("STILL_COMING_MINUTES", 48 * 60),
    "MESSAGES_PER_EVENT_PER_HOUR": env_int("MESSAGES_PER_EVENT_PER_HOUR", 3),
    # Importing events (scheduler/imports): the most a fetched or uploaded file may hold, how
    # long a fetch may take, and whether an address on this machine or a private network may
    # be fetched (off: a coordinator's URL cannot reach the site's own services).
    "IMPORT_MAX_BYTES": env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024),
    "IMPORT_FETCH_TIMEOUT_SECONDS": env_int("IMPORT_FETCH_TIMEOUT_SECONDS", 10),
    "IMPORT_ALLOW_PRIVATE_URLS": env_bool("IMPORT_ALLOW_PRIVATE_URLS", False),
    # The import task's time limit (below the queue's retry, so it is never handed out
    # twice while it runs), and when a run still not done is shown as stopped.
    "IMPORT_TASK_TIMEOUT_SECONDS": env_int("IMPORT_TASK_TIMEOUT_SECONDS", 85),
    "IMPORT_STALL_SECONDS": env_int("IMPORT_STALL_SECONDS", 600),
}
if not (
    EMAIL_TIMEOUT < _notice_send_timeout < PORCHLIGHT["NOTICE_LEASE_SECONDS"]
    and _notice_send_timeout < Q_CLUSTER["retry"]
):
    # Otherwise a live send could be taken over (lease) or handed out again by the broker
    # (retry) while it still talks to the mail server: a duplicate e-mail.
    raise ImproperlyConfigured(
        "Notice timings must satisfy EMAIL_TIMEOUT < NOTICE_SEND_TIMEOUT_SECONDS < "
        f"NOTICE_LEASE_SECONDS and NOTICE_SEND_TIMEOUT_SECONDS < {Q_CLUSTER['retry']} "
        f"(now {EMAIL_TIMEOUT}, {_notice_send_timeout}, {PORCHLIGHT['NOTICE_LEASE_SECONDS']})."
    )
if not (
    _notice_send_timeout < PORCHLIGHT["NOTICE_BATCH_TIMEOUT_SECONDS"] < Q_CLUSTER["retry"]
    and PORCHLIGHT["NOTICE_BATCH_SIZE"] >= 1
):
    # A batch must have time for one whole send, and end before the broker hands it out again.
    raise ImproperlyConfigured(
        "Notice batches must satisfy NOTICE_SEND_TIMEOUT_SECONDS < NOTICE_BATCH_TIMEOUT_SECONDS "
        f"< {Q_CLUSTER['retry']} and NOTICE_BATCH_SIZE >= 1 (now {_notice_send_timeout}, "
        f"{PORCHLIGHT['NOTICE_BATCH_TIMEOUT_SECONDS']}, {PORCHLIGHT['NOTICE_BATCH_SIZE']})."
    )
if not PORCHLIGHT["IMPORT_TASK_TIMEOUT_SECONDS"] < Q_CLUSTER["retry"]:
    # Otherwise the broker could hand the import to a second worker while it still runs.
    raise ImproperlyConfigured(
        f"IMPORT_TASK_TIMEOUT_SECONDS must be below {Q_CLUSTER['retry']} "
        f"(now {PORCHLIGHT['IMPORT_TASK_TIMEOUT_SECONDS']})."
    )
# Requests for a data link (privacy app) per client address: each may send an e-mail.
PRIVACY_REQUEST_THROTTLE = env_str("PRIVACY_REQUEST_THROTTLE", "5/hour")
# "E-mail me my links" requests per client address: each may send e-mail to anyone.
RSVP_LINKS_THROTTLE = env_str("RSVP_LINKS_THROTTLE", "5/hour")

# --- REST API (/api/v1/, OpenAPI at /api/schema/, docs at /api/docs/) -----------------
# Anonymous RSVP posts per client address, counted in Redis or the counters' table.
API_RSVP_THROTTLE = env_str("API_RSVP_THROTTLE", "20/hour")
# Wrong API tokens per client address (api/authentication.py); past it, 429 + Retry-After.
API_TOKEN_FAILURE_THROTTLE = env_str("API_TOKEN_FAILURE_THROTTLE", "10/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an API client without credentials gets 401 + WWW-Authenticate.
        "api.authentication.LimitedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    # How many proxies in front of the app set X-Forwarded-For (0: use the peer address;
    # otherwise a client could pick its own throttle bucket).
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
}
# API tokens for officers' apps: random, stored only as a digest, expiring (knox).
# knox's own model (named so that api.TokenScope, which points at it, can migrate).
KNOX_TOKEN_MODEL = "knox.AuthToken"
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(days=env_int("API_TOKEN_DAYS", 180)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Porchlight API",
    "DESCRIPTION": (
        "Events of police–community programs: public reads, residents' RSVPs without an "
        "account, and the officers' roster and check-in. Errors are RFC 9457 problems."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links put a link inside each operation's toggle button (a control in a control,
    # and a 15 px target): the docs page does without them (tests/a11y/).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "EventStatusEnum": "scheduler.models.Event.Status",
        "RsvpStatusEnum": "rsvp.models.Rsvp.Status",
        "RsvpActiveStatusEnum": ["confirmed", "waitlisted"],
        "RsvpModeEnum": "scheduler.models.RsvpMode",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.schema_add_problems",
    ],
}
