"""The instance's C2PA signing credentials, from settings or generated once at first use.

``FAIRWITNESS_EVIDENCE_CREDENTIALS`` holds the PEM bundle when set; otherwise it is
read from ``EVIDENCE_CREDENTIALS_FILE``, which the first caller creates (mode 0600,
exclusively: two processes racing both end up with the one that was written).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fairwitness.audit.keys import log_origin
from fairwitness.evidence.certificates import (
    CredentialsError,
    SigningCredentials,
    credentials_dump,
    credentials_generate,
    credentials_load,
)


def _file_load_or_create(path: Path) -> str:
    if path.exists():
        return path.read_text()
    path.parent.mkdir(parents=True, exist_ok=True)
    bundle = credentials_dump(credentials_generate(name=log_origin().split("/")[0]))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process generated it first
        return path.read_text()
    with os.fdopen(fd, "w") as handle:
        handle.write(bundle)
    return bundle


@cache
def _credentials(from_env: str, path: Path) -> SigningCredentials:
    bundle = from_env or _file_load_or_create(path)
    try:
        return credentials_load(bundle)
    except CredentialsError as exc:
        where = "FAIRWITNESS_EVIDENCE_CREDENTIALS" if from_env else str(path)
        raise ImproperlyConfigured(f"{where} is not a signing credentials bundle: {exc}") from exc


def signing_credentials() -> SigningCredentials:
    """The key, signing certificate and CA that sign every release copy's C2PA manifest."""
    return _credentials(
        str(settings.EVIDENCE_SIGNING_CREDENTIALS), Path(settings.EVIDENCE_CREDENTIALS_FILE)
    )
