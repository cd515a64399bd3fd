"""The signing CAs this instance has published in its log.

A ``SigningCertificate`` row ties a CA (by the SHA-256 of its DER encoding) to the
audit entry that published its fingerprint; every evidence package carries that
entry's inclusion proof, which is how a verifier holding only the log's key
knows the CA is the instance's. Rows are never updated or deleted.
"""

from __future__ import annotations

from django.db import models


class SigningCertificate(models.Model):
    sha256 = models.CharField(max_length=64, unique=True)
    ca_pem = models.TextField()
    entry = models.OneToOneField("audit.AuditEntry", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"signing CA {self.sha256[:12]}"
