"""The public audit log: actor pseudonym secret, log signing key, origin and witnesses.

Secrets come from the environment; when unset, each is generated once into
DATA_DIR (mode 0600) and reused, so the demo needs no configuration and no key
is ever committed.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from config.env import env_int, env_str
from config.settings.base import DATA_DIR, SITE_URL


def _secret_file_load(*, env_name: str, path: Path, generate: str) -> str:
    from_env = os.environ.get(env_name, "")
    if from_env:
        return from_env.strip()
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process generated it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(generate)
    return generate


AUDIT_LOG_ORIGIN = env_str("FAIRWITNESS_LOG_ORIGIN", f"{urlsplit(SITE_URL).netloc}/log")


def _log_key_generate() -> str:
    from fairwitness.audit.tlog.keys import signer_generate, skey_format

    return skey_format(signer_generate(AUDIT_LOG_ORIGIN))


# HMAC key of version 1 entries' actor ids (no longer written; kept for auditors).
AUDIT_ACTOR_SECRET = _secret_file_load(
    env_name="FAIRWITNESS_AUDIT_SECRET",
    path=DATA_DIR / "audit_secret",
    generate=secrets.token_urlsafe(48),
)
# HMAC key of officials' pseudonyms in version 2 entries. A separate, new secret:
# version 2 pseudonyms cannot be linked to version 1 actor ids. Rotating it (a new
# value) starts new pseudonyms that cannot be linked to the earlier ones.
AUDIT_PSEUDONYM_SECRET = _secret_file_load(
    env_name="FAIRWITNESS_AUDIT_PSEUDONYM_SECRET",
    path=DATA_DIR / "audit_pseudonym_secret",
    generate=secrets.token_urlsafe(48),
)
# The log's Ed25519 signer key (PRIVATE+KEY+<origin>+...); its name must be the origin.
AUDIT_LOG_KEY = _secret_file_load(
    env_name="FAIRWITNESS_LOG_KEY",
    path=DATA_DIR / f"log_key-{AUDIT_LOG_ORIGIN.replace('/', '_').replace(':', '_')}",
    generate=_log_key_generate(),
)
# "name=url=vkey,..." — the witnesses the log pushes each new checkpoint to.
AUDIT_WITNESSES = env_str("FAIRWITNESS_WITNESSES", "")
# How many witnesses must cosign before a checkpoint counts as final (default: all).
AUDIT_WITNESS_QUORUM = env_int("FAIRWITNESS_WITNESS_QUORUM", -1)
# Entries integrated per sequencer batch, and seconds between scheduled runs.
AUDIT_SEQUENCER_BATCH = env_int("FAIRWITNESS_AUDIT_BATCH", 5000)
AUDIT_SEQUENCER_INTERVAL = env_int("FAIRWITNESS_AUDIT_INTERVAL", 5)
