"""The orders agencies upload: checked as PDFs, stored encrypted under their own data key.

Each order's PDF is encrypted (AES-256-GCM) under a fresh 256-bit data key. That key is
stored only wrapped by the key provider that holds the owners' footage keys (the local
keyring, or an external KMS), under the reserved key owner ``legal-documents``, and the wrap
binds the order's SHA-256: a wrapped key copied onto another order does not open it.

So, unlike a key derived from ``SECRET_KEY``, rotating the installation's secret leaves the
orders readable, a leaked secret with a database dump reads none of them, and the key that
opens them can live in a KMS. Stored as ``LegalProcess.document`` (nonce | ciphertext) and
``LegalProcess.document_key`` (the wrapped record).
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError, NotFound
from fairwitness.footage.storage import key_provider
from fairwitness.footage.vault import DataKey, VaultError
from fairwitness.requests.models import LegalProcess

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# The key provider's owner id for orders' keys: user ids are numbers, so it names no person.
DOCUMENT_KEY_OWNER = "legal-documents"
DOCUMENT_AAD = b"legal-process"
NONCE_SIZE = 12


class DocumentUnavailable(ApplicationError):
    status = 410
    code = "document_unavailable"


def _key_context(sha256: str) -> str:
    return f"legal-process:{sha256}"


def document_check(pdf: bytes) -> None:
    if len(pdf) > DOCUMENT_MAX_BYTES:
        raise ApplicationError(
            f"The order is {len(pdf) // 1024} KiB; upload a PDF of at most 10 MiB.",
            code="document_too_large",
        )
    if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-1024:]:
        raise ApplicationError(
            "The upload is not a complete PDF file. Upload the order as a PDF.",
            code="document_not_pdf",
        )


def document_encrypt(pdf: bytes, *, sha256: str) -> tuple[bytes, bytes]:
    """(nonce | ciphertext, wrapped data key) of an order whose SHA-256 is ``sha256``."""
    data_key = DataKey.generate()
    wrapped = key_provider().wrap(
        owner_id=DOCUMENT_KEY_OWNER, clip_id=_key_context(sha256), data_key=data_key
    )
    nonce = secrets.token_bytes(NONCE_SIZE)
    return nonce + AESGCM(data_key.secret).encrypt(nonce, pdf, DOCUMENT_AAD), wrapped


def document_decrypt(*, viewer: User, legal: LegalProcess) -> bytes:
    """The order's PDF, for a legal reviewer or the agency that uploaded it.

    410 ``document_unavailable`` when its key cannot be opened (the key provider lost it, or
    the stored record was altered) or the ciphertext does not authenticate."""
    if viewer.role_enum is not Role.LEGAL_REVIEWER and viewer.agency_id != legal.agency_id:
        raise NotFound("Nothing is here, or you may not see it.")
    blob = bytes(legal.document)
    try:
        data_key = key_provider().unwrap(
            owner_id=DOCUMENT_KEY_OWNER,
            clip_id=_key_context(legal.document_sha256),
            wrapped=bytes(legal.document_key),
        )
        return AESGCM(data_key.secret).decrypt(blob[:NONCE_SIZE], blob[NONCE_SIZE:], DOCUMENT_AAD)
    except (VaultError, InvalidTag):
        raise DocumentUnavailable(
            "This order's stored copy cannot be opened: its key is gone or the record was "
            "altered. Ask the agency to upload the order again."
        ) from None
