"""The orders agencies upload: checked as PDFs, stored encrypted under their own data key.

Each order's PDF is encrypted (AES-256-GCM) under a fresh 256-bit data key. That key is
stored only wrapped by the key provider that holds the owners' footage keys (the local
keyring, or an external KMS), under the reserved key owner ``legal-documents``. The wrap and
the encryption's associated data both bind the order's SHA-256, and a decrypted PDF must hash
to it: a wrapped key or a ciphertext copied onto another order does not open there.

So, unlike a key derived from ``SECRET_KEY``, rotating the installation's secret leaves the
orders readable, a leaked secret with a database dump reads none of them, and the key that
opens them can live in a KMS. Stored as ``LegalProcess.document`` (nonce | ciphertext) and
``LegalProcess.document_key`` (the wrapped record).
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError, NotFound
from fairwitness.footage.storage import key_provider
from fairwitness.footage.vault import DataKey, VaultCorrupt, VaultError, VaultKeyUnavailable
from fairwitness.requests.models import LegalProcess

log = logging.getLogger(__name__)

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# The key provider's owner id for orders' keys: user ids are numbers, so it names no person.
DOCUMENT_KEY_OWNER = "legal-documents"
NONCE_SIZE = 12


class DocumentUnavailable(ApplicationError):
    """The order's stored copy can never be opened: its key is gone, or it was altered."""

    status = 410
    code = "document_unavailable"


class DocumentKeysUnreachable(ApplicationError):
    """The key provider failed (a damaged key file, a KMS that does not answer): the
    server's fault, and maybe passing."""

    status = 503
    code = "document_keys_unreachable"


def _key_context(sha256: str) -> str:
    return f"legal-process:{sha256}"


def _associated_data(sha256: str) -> bytes:
    return _key_context(sha256).encode()


def _unreachable(action: str, error: Exception) -> DocumentKeysUnreachable:
    # The vault's messages and OSError's never hold key material; the type is enough here.
    log.warning("legal documents: the key provider failed to %s (%s)", action, type(error).__name__)
    return DocumentKeysUnreachable(
        f"The server cannot {action} orders right now. Try again later; if it goes on, "
        "tell the operator that the key provider is failing."
    )


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
    """(nonce | ciphertext, wrapped data key) of an order whose SHA-256 is ``sha256``.
    503 ``document_keys_unreachable`` when the key provider fails."""
    data_key = DataKey.generate()
    try:
        wrapped = key_provider().wrap(
            owner_id=DOCUMENT_KEY_OWNER, clip_id=_key_context(sha256), data_key=data_key
        )
    except (VaultError, OSError) as error:
        raise _unreachable("store", error) from None
    nonce = secrets.token_bytes(NONCE_SIZE)
    sealed = AESGCM(data_key.secret).encrypt(nonce, pdf, _associated_data(sha256))
    return nonce + sealed, wrapped


def document_decrypt(*, viewer: User, legal: LegalProcess) -> bytes:
    """The order's PDF, for a legal reviewer or the agency that uploaded it.

    410 ``document_unavailable`` when it can never be opened: its key was destroyed, or the
    stored key, ciphertext or hash was altered (the PDF must hash to ``document_sha256``).
    503 ``document_keys_unreachable`` when the key provider fails."""
    if viewer.role_enum is not Role.LEGAL_REVIEWER and viewer.agency_id != legal.agency_id:
        raise NotFound("Nothing is here, or you may not see it.")
    blob, sha256 = bytes(legal.document), legal.document_sha256
    try:
        data_key = key_provider().unwrap(
            owner_id=DOCUMENT_KEY_OWNER,
            clip_id=_key_context(sha256),
            wrapped=bytes(legal.document_key),
        )
    except VaultKeyUnavailable:
        raise DocumentUnavailable(
            "This order's key was destroyed, so its stored copy can never be opened. "
            "Ask the agency to upload the order again."
        ) from None
    except VaultCorrupt:
        raise _altered() from None
    except (VaultError, OSError) as error:
        raise _unreachable("open", error) from None
    try:
        pdf = AESGCM(data_key.secret).decrypt(
            blob[:NONCE_SIZE], blob[NONCE_SIZE:], _associated_data(sha256)
        )
    except (InvalidTag, ValueError):  # ValueError: too short to hold a tag
        raise _altered() from None
    if hashlib.sha256(pdf).hexdigest() != sha256:
        raise _altered()
    return pdf


def _altered() -> DocumentUnavailable:
    return DocumentUnavailable(
        "This order's stored copy was altered or damaged, so it cannot be opened. "
        "Ask the agency to upload the order again."
    )
