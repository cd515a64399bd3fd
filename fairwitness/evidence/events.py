"""Audit event names of the evidence app, spelled scope:resource:action."""

from enum import StrEnum


class EvidenceEvent(StrEnum):
    # The instance published the fingerprint of its C2PA signing CA (subject: its SHA-256).
    CERTIFICATE_ISSUED = "evidence:certificate:issued"


# The subject kind naming a signing CA by the hex SHA-256 of its DER certificate.
CERTIFICATE_SUBJECT = "signing_certificate"
