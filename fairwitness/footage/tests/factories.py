"""Factories for footage tests: encrypted blobs here, real videos in videos.py."""

from __future__ import annotations

import io

from fairwitness.footage.vault import DataKey, vault_encrypt

CHUNK = 16384


def encrypt_bytes(
    plaintext: bytes, key: DataKey, clip_id: str = "clip-1", *, chunk_log2: int = 14
) -> bytes:
    """Encrypt ``plaintext`` in memory and return the whole blob."""
    sink = io.BytesIO()
    vault_encrypt(
        source=io.BytesIO(plaintext),
        sink=sink,
        data_key=key,
        clip_id=clip_id,
        chunk_log2=chunk_log2,
    )
    return sink.getvalue()
