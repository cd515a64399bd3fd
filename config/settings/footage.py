"""Footage: upload limits, scratch space, the key provider and where blobs are stored.

Blobs go to a local folder under DATA_DIR unless ``FAIRWITNESS_S3_BUCKET`` is set; then
to S3-compatible object storage through django-storages (``FAIRWITNESS_S3_ENDPOINT_URL``
for non-AWS servers, credentials from ``FAIRWITNESS_S3_ACCESS_KEY_ID`` and
``FAIRWITNESS_S3_SECRET_ACCESS_KEY`` or boto3's usual sources). Blobs are encrypted
before they leave the server either way.
"""

from typing import Any

from config.env import env_int, env_str
from config.settings import base
from config.settings.base import DATA_DIR

FOOTAGE_CLIP_MAX_BYTES = env_int("FAIRWITNESS_CLIP_MAX_BYTES", 512 * 1024 * 1024)
FOOTAGE_CHUNK_MAX_BYTES = env_int("FAIRWITNESS_CHUNK_MAX_BYTES", 8 * 1024 * 1024)
# A clip may claim to start at most this far ahead of the server's clock.
FOOTAGE_FUTURE_TOLERANCE_SECONDS = env_int("FAIRWITNESS_CLIP_FUTURE_TOLERANCE", 300)
FOOTAGE_PAIRING_CODE_MINUTES = env_int("FAIRWITNESS_PAIRING_CODE_MINUTES", 15)
FOOTAGE_SCRATCH_DIR = DATA_DIR / "scratch"
FOOTAGE_KEYRING_DIR = DATA_DIR / "keyring"
# Dotted path of a callable returning a KeyProvider (e.g. a KMS adapter); empty: the local keyring.
FOOTAGE_KEY_PROVIDER = env_str("FAIRWITNESS_KEY_PROVIDER", "")
FOOTAGE_RETENTION_INTERVAL_SECONDS = env_int("FAIRWITNESS_RETENTION_INTERVAL", 3600)
# A processing job untouched this long (its worker died) is enqueued again.
FOOTAGE_JOB_STALLED_SECONDS = env_int("FAIRWITNESS_JOB_STALLED_SECONDS", 1800)

_bucket = env_str("FAIRWITNESS_S3_BUCKET", "")
if _bucket:
    _s3_options: dict[str, object] = {
        "bucket_name": _bucket,
        "file_overwrite": True,
        "default_acl": None,
        "querystring_auth": True,
    }
    for _option, _variable in (
        ("endpoint_url", "FAIRWITNESS_S3_ENDPOINT_URL"),
        ("region_name", "FAIRWITNESS_S3_REGION"),
        ("access_key", "FAIRWITNESS_S3_ACCESS_KEY_ID"),
        ("secret_key", "FAIRWITNESS_S3_SECRET_ACCESS_KEY"),
        ("location", "FAIRWITNESS_S3_PREFIX"),
    ):
        if env_str(_variable):
            _s3_options[_option] = env_str(_variable)
    _footage_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _s3_options,
    }
else:
    _footage_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "vault"), "directory_permissions_mode": 0o700},
    }
# Typed Any: base.STORAGES is inferred as str-valued, and OPTIONS here are a dict.
STORAGES: Any = {**base.STORAGES, "footage": _footage_storage}
