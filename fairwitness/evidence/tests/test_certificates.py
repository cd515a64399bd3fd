"""The instance's signing credentials: C2PA's certificate profile, kept once outside git."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from fairwitness.evidence.certificates import (
    CredentialsError,
    credentials_dump,
    credentials_generate,
    credentials_load,
)
from fairwitness.evidence.keys import signing_credentials


def test_the_chain_fits_c2pa_s_profile_and_the_ca_key_is_not_kept() -> None:
    made = credentials_generate(name="cameras.example.org")
    cert = x509.load_pem_x509_certificate(made.certificate_pem)
    ca = x509.load_pem_x509_certificate(made.ca_pem)
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    cert.verify_directly_issued_by(ca)
    bundle = credentials_dump(made)
    assert bundle.count("PRIVATE KEY-----") == 2  # one key: the signer's, not the CA's
    assert credentials_load(bundle) == made


def test_a_bundle_that_is_not_one_is_refused() -> None:
    made = credentials_generate(name="a.example")
    other = credentials_generate(name="b.example")
    with pytest.raises(CredentialsError, match="private key, the signing certificate"):
        credentials_load((made.certificate_pem + made.ca_pem).decode())
    with pytest.raises(CredentialsError, match="not for the bundle's key"):
        credentials_load((made.key_pem + other.certificate_pem + other.ca_pem).decode())


def test_credentials_are_generated_once_into_the_data_folder(tmp_path: Path) -> None:
    path = tmp_path / "evidence_signing.pem"
    with override_settings(EVIDENCE_SIGNING_CREDENTIALS="", EVIDENCE_CREDENTIALS_FILE=path):
        first = signing_credentials()
        assert path.stat().st_mode & 0o777 == 0o600
        assert credentials_load(path.read_text()) == first
        assert signing_credentials() == first
    broken = tmp_path / "broken.pem"
    broken.write_text("nothing here")
    with (
        override_settings(EVIDENCE_SIGNING_CREDENTIALS="", EVIDENCE_CREDENTIALS_FILE=broken),
        pytest.raises(ImproperlyConfigured, match="not a signing credentials bundle"),
    ):
        signing_credentials()
