"""Evidence packages: the instance's C2PA signing credentials.

``FAIRWITNESS_EVIDENCE_CREDENTIALS`` may hold the PEM bundle itself (PKCS#8 P-256 key,
signing certificate, CA certificate). When unset, the bundle is generated at first
use into ``EVIDENCE_CREDENTIALS_FILE`` (mode 0600) and reused, so no key is ever
committed; its CA's fingerprint is then published in the audit log.
"""

from pathlib import Path

from config.env import env_str
from config.settings.base import DATA_DIR

EVIDENCE_SIGNING_CREDENTIALS = env_str("FAIRWITNESS_EVIDENCE_CREDENTIALS", "")
EVIDENCE_CREDENTIALS_FILE = Path(
    env_str("FAIRWITNESS_EVIDENCE_CREDENTIALS_FILE", str(DATA_DIR / "evidence_signing.pem"))
)
