"""Sign-in: the custom user model, Argon2, django-otp and django-axes throttling."""

from config.env import env_int

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:landing"

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
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must come first so a locked-out client is refused before checking.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Wrong passwords: after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env_int("FAIRWITNESS_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the client's, seen through FAIRWITNESS_TRUSTED_PROXIES (security.py).
AXES_CLIENT_IP_CALLABLE = "fairwitness.core.client_address.client_address_of"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# Wrong TOTP codes: django-otp doubles the wait after each failure.
OTP_TOTP_ISSUER = "Fair Witness"
OTP_TOTP_THROTTLE_FACTOR = 1
