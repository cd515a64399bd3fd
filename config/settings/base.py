"""Core Django settings: apps, middleware, templates, static files, logging."""

from pathlib import Path

from config.env import env_bool, env_list, env_str, secret_key_load

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("FAIRWITNESS_DATA_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("FAIRWITNESS_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("FAIRWITNESS_DEBUG", not PRODUCTION)

SECRET_KEY = secret_key_load(data_dir=DATA_DIR)
ALLOWED_HOSTS = env_list(
    "FAIRWITNESS_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"]
)
SITE_URL = env_str("FAIRWITNESS_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "fairwitness.accounts.admin_apps.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "fairwitness.core",
    "fairwitness.accounts",
    "fairwitness.cameras",
    "fairwitness.footage",
    "fairwitness.notifications",
    "fairwitness.policy",
    "fairwitness.requests",
    "fairwitness.audit",
    "fairwitness.evidence",
    "fairwitness.feed",
    "fairwitness.moderation",
    "fairwitness.transparency",
    "fairwitness.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before any view reads a body (the CSRF check reads forms in process_view).
    "fairwitness.core.request_body.RequestBodyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fairwitness.core.middleware.NotFoundMiddleware",
    # Last, as django-axes asks: it turns lockouts raised below into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("FAIRWITNESS_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("FAIRWITNESS_LOG_LEVEL", "INFO")},
}
