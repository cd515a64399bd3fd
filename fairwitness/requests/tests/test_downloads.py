"""Downloads: a reason, an Access, a background job, an evidence package whose copy has faces
covered and the case and member burned in, and which the evidence verifier passes."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import av
import numpy as np
import pytest
from django.test import Client
from django.utils import timezone

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.keys import log_vkey
from fairwitness.evidence.verify.__main__ import main as evidence_verify
from fairwitness.footage.models import Clip
from fairwitness.footage.playback import ByteRange, reader_stream
from fairwitness.footage.tests.fixtures import FootageEnv, camera_paired, upload_all
from fairwitness.footage.tests.videos import make_video
from fairwitness.footage.vault import VaultKeyUnavailable
from fairwitness.requests.models import (
    Access,
    AccessKind,
    Channel,
    Download,
    DownloadState,
    Grant,
)
from fairwitness.requests.services.download_store import package_reader
from fairwitness.requests.services.downloads import download_request
from fairwitness.requests.services.grants import grant_create, grants_expire
from fairwitness.requests.tests.factories import agency_people, order_submit
from fairwitness.requests.watermark import WatermarkError, watermark_burn

pytestmark = pytest.mark.django_db(transaction=True)


def _first_frame(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        return frame.to_ndarray(format="bgr24")


def test_a_download_needs_a_reason_and_yields_a_verifiable_evidence_package(
    footage_env: FootageEnv, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = person_create(Role.RESIDENT)
    camera, token = camera_paired(owner)
    source = make_video(tmp_path / "clip.mp4", frames=20, width=320, height=240, faststart=True)
    done = upload_all(Client(), token, source.read_bytes())
    assert done.status_code == 202, done.content
    clip = Clip.objects.get(pk=done.json()["clip_id"])
    people = agency_people()
    now = timezone.now()
    # A legal grant names its order: every access re-checks that its kind reaches video.
    order = order_submit(people, [camera.pk])
    grant = grant_create(
        agency=people.agency,
        clip=clip,
        channel=Channel.LEGAL,
        case_number="2025-0042",
        actor=person_create(Role.LEGAL_REVIEWER),
        granted_at=now,
        expires_at=now + timedelta(days=30),
        legal_process=order,
    )
    member = client_sign_in(Client(), people.member)
    refused = member.post(f"/grants/{grant.pk}/download/", {"reason": ""})
    assert refused.status_code == 302 and not Download.objects.exists()

    response = member.post(f"/grants/{grant.pk}/download/", {"reason": "Court exhibit"})
    download = Download.objects.get()
    assert response["Location"] == f"/downloads/{download.pk}/"
    assert download.state == DownloadState.DONE, download.error
    access = Access.objects.get()
    assert (access.kind, access.reason) == (AccessKind.DOWNLOAD, "Court exhibit")

    page = member.get(f"/downloads/{download.pk}/")
    assert b"Evidence package for case 2025-0042" in page.content
    assert log_vkey().encode() in page.content
    file = member.get(f"/downloads/{download.pk}/file")
    assert file.status_code == 200
    assert file["Content-Type"] == "application/zip"
    package = tmp_path / "evidence.zip"
    package.write_bytes(b"".join(file.streaming_content))  # type: ignore[attr-defined]
    capsys.readouterr()
    assert evidence_verify([str(package), "--key", log_vkey()]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("OK evidence.zip: ")

    with zipfile.ZipFile(package) as archive:
        claims = json.loads(archive.read("manifest.json"))["claims"]
        copy = tmp_path / "copy.mp4"
        copy.write_bytes(archive.read("release.mp4"))
    assert claims["case"] == "2025-0042"
    assert claims["grant"]["id"] == grant.pk and claims["grant"]["channel"] == "legal"
    assert claims["original"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert claims["redactions"][0]["frames"] == 20
    assert claims["watermark"]["lines"][0] == "CASE 2025-0042"
    entries = claims["log"]["entries"]
    assert [e["role"] for e in entries] == ["certificate", "grant", "download"]
    assert json.loads(entries[2]["entry"])["event"] == "access:clip:downloaded"
    assert access.audit_entry is not None and entries[2]["index"] == access.audit_entry.index
    download.refresh_from_db()
    assert (download.step, download.progress) == ("", 100)
    original, marked = _first_frame(source), _first_frame(copy)
    assert marked.shape == original.shape
    # The band with the text differs from the original; the rest of the frame is kept.
    assert np.abs(marked[:40].astype(int) - original[:40].astype(int)).mean() > 20
    assert np.abs(marked[120:].astype(int) - original[120:].astype(int)).mean() < 8

    colleague = client_sign_in(Client(), people.supervisor)
    assert colleague.get(f"/downloads/{download.pk}/file").status_code == 404
    grant.expires_at = timezone.now()
    grant.save()
    assert member.get(f"/downloads/{download.pk}/file").status_code == 403


def test_a_package_is_kept_encrypted_and_goes_with_its_grant(
    footage_env: FootageEnv, tmp_path: Path
) -> None:
    """GIVEN a prepared package WHEN its grant expires THEN its key is erased and its blob
    deleted, and even with the blob put back it cannot be opened."""
    owner = person_create(Role.RESIDENT)
    camera, token = camera_paired(owner)
    source = make_video(tmp_path / "clip.mp4", frames=4, width=96, height=64, faststart=True)
    clip = Clip.objects.get(pk=upload_all(Client(), token, source.read_bytes()).json()["clip_id"])
    people = agency_people()
    now = timezone.now()
    grant = grant_create(
        agency=people.agency,
        clip=clip,
        channel=Channel.LEGAL,
        case_number="2025-0043",
        actor=person_create(Role.LEGAL_REVIEWER),
        granted_at=now,
        expires_at=now + timedelta(days=30),
        legal_process=order_submit(people, [camera.pk]),
    )
    download = download_request(person=people.member, grant_id=grant.pk, reason="Exhibit")
    download.refresh_from_db()
    assert download.state == DownloadState.DONE, download.error
    name = download.file_name
    stored = footage_env.root / "vault" / name
    ciphertext = stored.read_bytes()
    assert b"manifest.json" not in ciphertext and ciphertext[:2] != b"PK"
    plain = b"".join(reader_stream(package_reader(download=download), ByteRange(0, 4)))
    assert plain == b"PK\x03\x04"  # a ZIP, once decrypted

    Grant.objects.filter(pk=grant.pk).update(expires_at=timezone.now())
    assert grants_expire() == 1
    download.refresh_from_db()
    assert (download.state, download.file_name, bytes(download.wrapped_key)) == (
        DownloadState.DESTROYED,
        "",
        b"",
    )
    assert not stored.exists()
    stored.write_bytes(ciphertext)  # the blob put back, e.g. from a backup
    download.file_name = name
    with pytest.raises(VaultKeyUnavailable):
        package_reader(download=download)


def test_the_watermark_text_is_the_case_number_and_the_member(tmp_path: Path) -> None:
    """The text is drawn: rendering different lines gives different pixels in the band."""
    source = make_video(tmp_path / "clip.mp4", frames=3, width=320, height=240)
    a, b = tmp_path / "a.mp4", tmp_path / "b.mp4"
    assert watermark_burn(source=source, target=a, lines=["CASE 1", "MEMBER x (id 1)"]) == 3
    watermark_burn(source=source, target=b, lines=["CASE 2", "MEMBER y (id 2)"])
    assert np.abs(_first_frame(a)[:40].astype(int) - _first_frame(b)[:40].astype(int)).sum() > 0
    with pytest.raises(WatermarkError):
        watermark_burn(source=tmp_path / "clip.mp4.missing", target=a, lines=["x"])
