"""The instance's C2PA signing credentials: a one-shot CA and the certificate it issued.

No Django here. ``credentials_generate`` makes an ES256 (P-256) chain that fits
C2PA's certificate profile: a CA (``ca=True``, ``keyCertSign``/``cRLSign``, a
subject key identifier) and an end-entity certificate (``ca=False``,
``digitalSignature`` critical, ``emailProtection``, subject and authority key
identifiers). The CA's private key is thrown away once it has signed, so the CA
vouches for exactly one signing key; a new key means a new CA, whose fingerprint
the installation publishes in its log again.

Credentials are kept as one PEM bundle: the PKCS#8 private key, the signing
certificate, then the CA certificate.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALIDITY = timedelta(days=3650)


class CredentialsError(ValueError):
    """A credentials bundle or certificate is malformed; the message says what is wrong."""


@dataclass(frozen=True)
class SigningCredentials:
    """A private key (PKCS#8 PEM), its certificate and the CA certificate (PEM)."""

    key_pem: bytes
    certificate_pem: bytes
    ca_pem: bytes

    @property
    def chain_pem(self) -> bytes:
        """The chain C2PA embeds in each signature: the signing certificate, then the CA."""
        return self.certificate_pem + self.ca_pem

    @property
    def ca_sha256(self) -> str:
        return certificate_sha256(self.ca_pem)


def certificate_sha256(pem: bytes) -> str:
    """Hex SHA-256 of the certificate's DER encoding (its usual fingerprint)."""
    try:
        cert = x509.load_pem_x509_certificate(pem)
    except ValueError as exc:
        raise CredentialsError(f"not a PEM certificate: {exc}") from exc
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Fair Witness"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def credentials_generate(*, name: str, now: datetime | None = None) -> SigningCredentials:
    """Fresh credentials for the installation called ``name`` (e.g. its host name)."""
    now = now or datetime.now(UTC)
    start, end = now - timedelta(minutes=5), now + VALIDITY
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{name} evidence CA")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{name} evidence signer"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign=True, ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    return SigningCredentials(
        key_pem=key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        certificate_pem=cert.public_bytes(pem),
        ca_pem=ca.public_bytes(pem),
    )


def credentials_dump(credentials: SigningCredentials) -> str:
    """The PEM bundle: key, signing certificate, CA certificate. Treat it as a secret."""
    return (credentials.key_pem + credentials.certificate_pem + credentials.ca_pem).decode()


_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----\r?\n?", re.S)


def credentials_load(bundle: str) -> SigningCredentials:
    """Parse a bundle written by ``credentials_dump``; CredentialsError if it is not one."""
    blocks = [(m.group(1).decode(), m.group(0)) for m in _PEM_BLOCK.finditer(bundle.encode())]
    labels = [label for label, _ in blocks]
    if labels != ["PRIVATE KEY", "CERTIFICATE", "CERTIFICATE"]:
        raise CredentialsError(
            "the bundle must hold a PKCS#8 private key, the signing certificate, then the CA"
        )
    try:
        key = serialization.load_pem_private_key(blocks[0][1], password=None)
        cert, ca = (x509.load_pem_x509_certificate(pem) for _, pem in blocks[1:])
    except ValueError as exc:
        raise CredentialsError(f"the bundle is not valid PEM: {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise CredentialsError("the signing key must be a P-256 (ES256) key")
    if cert.public_key() != key.public_key():
        raise CredentialsError("the signing certificate is not for the bundle's key")
    pem = serialization.Encoding.PEM
    return SigningCredentials(blocks[0][1], cert.public_bytes(pem), ca.public_bytes(pem))
