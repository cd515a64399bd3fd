"""Mail: the console backend by default, SMTP when a host is configured."""

from config.env import env_bool, env_int, env_str

EMAIL_HOST = env_str("FAIRWITNESS_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("FAIRWITNESS_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("FAIRWITNESS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("FAIRWITNESS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("FAIRWITNESS_EMAIL_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str(
    "FAIRWITNESS_EMAIL_FROM", "Fair Witness <no-reply@fairwitness.invalid>"
)
