"""Key wrapping, the local keyring, deletion by key destruction, and key hygiene."""

from __future__ import annotations

import base64
import logging
import os
import stat
import threading
from pathlib import Path

import pytest

from fairwitness.footage.tests.factories import encrypt_bytes
from fairwitness.footage.vault import (
    BytesBlobSource,
    DataKey,
    LocalKeyring,
    VaultCorrupt,
    VaultError,
    VaultKeyUnavailable,
    VaultReader,
    clip_key_create,
    clip_key_open,
)


def test_wrap_unwrap_round_trip(tmp_path: Path) -> None:
    keyring = LocalKeyring(tmp_path / "keys")
    key, wrapped = clip_key_create(provider=keyring, owner_id="owner-1", clip_id="clip-1")
    assert key.secret not in wrapped
    opened = clip_key_open(provider=keyring, owner_id="owner-1", clip_id="clip-1", wrapped=wrapped)
    assert opened.secret == key.secret


def test_key_files_are_private(tmp_path: Path) -> None:
    keyring = LocalKeyring(tmp_path / "keys")
    clip_key_create(provider=keyring, owner_id="owner-1", clip_id="c")
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "keys" / "owner-1.kek").stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == ["owner-1.kek"]


def test_wrapped_key_opens_only_for_its_owner_and_clip(tmp_path: Path) -> None:
    keyring = LocalKeyring(tmp_path)
    _, wrapped = clip_key_create(provider=keyring, owner_id="alice", clip_id="clip-1")
    clip_key_create(provider=keyring, owner_id="bob", clip_id="clip-2")
    with pytest.raises(VaultKeyUnavailable):
        keyring.unwrap(owner_id="bob", clip_id="clip-1", wrapped=wrapped)
    with pytest.raises(VaultCorrupt):
        keyring.unwrap(owner_id="alice", clip_id="clip-2", wrapped=wrapped)
    tampered = bytearray(wrapped)
    tampered[-1] ^= 1
    with pytest.raises(VaultCorrupt):
        keyring.unwrap(owner_id="alice", clip_id="clip-1", wrapped=bytes(tampered))


def test_other_owners_kek_fails_even_with_matching_key_id(tmp_path: Path) -> None:
    """GIVEN bob's key file replaced by a copy of alice's under bob's name
    WHEN alice's record is opened as bob's THEN the owner binding still refuses it."""
    keyring = LocalKeyring(tmp_path)
    _, wrapped = clip_key_create(provider=keyring, owner_id="alice", clip_id="clip-1")
    (tmp_path / "bob.kek").write_bytes((tmp_path / "alice.kek").read_bytes())
    with pytest.raises(VaultCorrupt):
        keyring.unwrap(owner_id="bob", clip_id="clip-1", wrapped=wrapped)


def test_deleted_clip_cannot_be_decrypted_even_with_its_blob(tmp_path: Path) -> None:
    """GIVEN an encrypted clip that opens WHEN the caller deletes its wrapped-key
    record THEN the blob, still on disk or restored from backup, cannot be
    opened: 410 Gone."""
    keyring = LocalKeyring(tmp_path)
    key, wrapped = clip_key_create(provider=keyring, owner_id="o", clip_id="c")
    blob = encrypt_bytes(b"video" * 1000, key, "c")
    reopened = clip_key_open(provider=keyring, owner_id="o", clip_id="c", wrapped=wrapped)
    reader = VaultReader(source=BytesBlobSource(blob), data_key=reopened, clip_id="c")
    assert reader.read_range(0, 5) == b"video"
    with pytest.raises(VaultKeyUnavailable) as caught:
        clip_key_open(provider=keyring, owner_id="o", clip_id="c", wrapped=None)
    assert caught.value.status == 410


def test_destroyed_owner_key_makes_every_clip_unrecoverable(tmp_path: Path) -> None:
    keyring = LocalKeyring(tmp_path)
    key, wrapped = clip_key_create(provider=keyring, owner_id="o", clip_id="c")
    blob = encrypt_bytes(os.urandom(20000), key, "c")
    keyring.destroy(owner_id="o")
    keyring.destroy(owner_id="o")
    assert not (tmp_path / "o.kek").exists()
    with pytest.raises(VaultKeyUnavailable):
        clip_key_open(provider=keyring, owner_id="o", clip_id="c", wrapped=wrapped)
    # A new key for the same owner (new clips after destruction) opens nothing old.
    clip_key_create(provider=keyring, owner_id="o", clip_id="c2")
    with pytest.raises(VaultKeyUnavailable):
        clip_key_open(provider=keyring, owner_id="o", clip_id="c", wrapped=wrapped)
    with pytest.raises(VaultCorrupt):
        VaultReader(source=BytesBlobSource(blob), data_key=DataKey.generate(), clip_id="c")


def test_owner_ids_cannot_escape_the_directory(tmp_path: Path) -> None:
    keyring = LocalKeyring(tmp_path / "keys")
    for bad in ["../evil", "a/b", ".hidden", "", "x" * 200]:
        with pytest.raises(ValueError):
            keyring.wrap(owner_id=bad, clip_id="c", data_key=DataKey.generate())
    assert not (tmp_path / "evil.kek").exists()


def test_damaged_key_file_is_reported_without_content(tmp_path: Path) -> None:
    keyring = LocalKeyring(tmp_path)
    _, wrapped = clip_key_create(provider=keyring, owner_id="o", clip_id="c")
    secret_part = (tmp_path / "o.kek").read_bytes()[9:]
    (tmp_path / "o.kek").write_bytes(secret_part)
    with pytest.raises(VaultError) as caught:
        keyring.unwrap(owner_id="o", clip_id="c", wrapped=wrapped)
    assert caught.value.code == "keyring_damaged"
    assert secret_part.hex() not in str(caught.value)


def test_concurrent_first_use_agrees_on_one_owner_key(tmp_path: Path) -> None:
    """GIVEN eight threads wrapping for a new owner at once THEN one KEK file is
    created and every record opens, all under the same key id."""
    keyring = LocalKeyring(tmp_path)
    records: dict[int, bytes] = {}

    def create(n: int) -> None:
        key = DataKey(secret=bytes([n]) * 32)
        records[n] = keyring.wrap(owner_id="o", clip_id=f"c{n}", data_key=key)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {record[1:9] for record in records.values()} == {records[0][1:9]}
    for n, record in records.items():
        opened = keyring.unwrap(owner_id="o", clip_id=f"c{n}", wrapped=record)
        assert opened.secret == bytes([n]) * 32
    assert [p.name for p in tmp_path.iterdir()] == ["o.kek"]


def _forms(secret: bytes) -> list[str]:
    return [secret.hex(), secret.hex().upper(), base64.b64encode(secret).decode(), repr(secret)]


def test_keys_never_appear_in_logs_reprs_or_errors(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """GIVEN DEBUG logging WHEN keys are created, used, misused and destroyed THEN
    no form of the data key or the KEK shows in logs, reprs or error messages."""
    caplog.set_level(logging.DEBUG)
    keyring = LocalKeyring(tmp_path)
    key, wrapped = clip_key_create(provider=keyring, owner_id="o", clip_id="c")
    kek = (tmp_path / "o.kek").read_bytes()[9:]
    blob = encrypt_bytes(b"z" * 50000, key, "c")
    reader = VaultReader(source=BytesBlobSource(blob), data_key=key, clip_id="c")
    texts = [repr(key), str(key), repr(keyring), repr(reader)]
    failures = [
        lambda: keyring.unwrap(owner_id="o", clip_id="x", wrapped=wrapped),
        lambda: keyring.unwrap(owner_id="o", clip_id="c", wrapped=wrapped[:-1]),
        lambda: VaultReader(source=BytesBlobSource(blob[:-3]), data_key=key, clip_id="c"),
        lambda: VaultReader(source=BytesBlobSource(blob), data_key=key, clip_id="other"),
        lambda: DataKey(secret=key.secret[:31]),
    ]
    for fail in failures:
        with pytest.raises((VaultError, ValueError)) as caught:
            fail()
        texts += [str(caught.value), repr(caught.value), repr(caught.value.args)]
    keyring.destroy(owner_id="o")
    texts.append(caplog.text)
    assert "created key-encryption key" in caplog.text
    assert "destroyed key-encryption key" in caplog.text
    joined = "\n".join(texts)
    for secret in (key.secret, kek):
        for form in _forms(secret):
            assert form not in joined
