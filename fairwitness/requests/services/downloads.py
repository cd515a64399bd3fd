"""Downloads: a reason, a logged Access, then a background job that makes an evidence package.

``download_prepare`` is the job's body, in order (``Download.step`` shows where it is):

1. claim (queued -> running);
2. decrypt the clip to a private scratch folder, hashing it (the original's SHA-256);
3. cover every face (footage's ``video_redact``, the same redaction as every release);
4. burn case number, member and time into every frame;
5. seal the evidence package (``evidence_package_build``): the log entries of the grant
   and of this download are integrated into the tree if still pending (the job runs
   after the access's transaction committed), their inclusion proofs read against a
   signed checkpoint, the copy signed with C2PA, and the ZIP written;
6. store it encrypted in the vault under a key of its own (``download_store``), and
   publish it (running -> done), unless the grant ended meanwhile.

Any failure ends it as failed with a reason the member sees, and nothing half-made is
kept. The decrypted scratch files are removed whatever happens.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.core.errors import ApplicationError, NotFound, PermissionDenied, PolicyDenied
from fairwitness.evidence.provenance import ProvenanceError
from fairwitness.evidence.services import evidence_package_build
from fairwitness.footage import playback
from fairwitness.footage.redaction import video_redact
from fairwitness.footage.storage import blob_delete
from fairwitness.footage.vault import VaultError, VaultReader
from fairwitness.policy import Rule
from fairwitness.requests.models import AccessKind, Download, DownloadState, DownloadStep
from fairwitness.requests.services.download_store import package_reader, package_store
from fairwitness.requests.services.evidence import download_release_facts
from fairwitness.requests.services.grants import clip_access, grant_access_judge
from fairwitness.requests.watermark import WatermarkError, watermark_burn


def download_dir() -> Path:
    folder = Path(settings.REQUESTS_DOWNLOAD_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def download_request(*, person: User, grant_id: int, reason: str) -> Download:
    access = clip_access(person=person, grant_id=grant_id, kind=AccessKind.DOWNLOAD, reason=reason)
    with transaction.atomic():
        download = Download.objects.create(access=access)
        from fairwitness.requests.tasks import download_prepare_task

        transaction.on_commit(lambda: download_prepare_task.delay(download.pk))
    return download


def download_lines(download: Download) -> list[str]:
    access = download.access
    return [
        f"CASE {access.grant.case_number}",
        f"MEMBER {access.person.username} (id {access.person_id})",
        f"{access.grant.agency.name} {timezone.now():%Y-%m-%d %H:%M} UTC",
    ]


def _step(download: Download, step: DownloadStep) -> None:
    download.step, download.progress = step, 0
    Download.objects.filter(pk=download.pk).update(step=step, progress=0)


def _progress_reporter(download: Download) -> Callable[[float], None]:
    """A callback for fractions done that writes the percentage, at most every 5 points."""
    last = [0]

    def report(fraction: float) -> None:
        percent = int(fraction * 100)
        if percent >= last[0] + 5:
            last[0] = percent
            Download.objects.filter(pk=download.pk).update(progress=min(percent, 100))

    return report


def _plaintext_write(download: Download, target: Path) -> str:
    """Decrypt the granted clip to ``target``; return its SHA-256 (the original's)."""
    reader = playback.clip_reader_open(download.access.grant.clip)
    digest = hashlib.sha256()
    with target.open("wb") as sink:
        size = reader.plaintext_size
        for piece in playback.reader_stream(reader, playback.ByteRange(0, size)):
            digest.update(piece)
            sink.write(piece)
    return digest.hexdigest()


def download_prepare(*, download_id: int) -> Download:
    with transaction.atomic():
        download = Download.objects.select_for_update().get(pk=download_id)
        if download.state in (DownloadState.DONE, DownloadState.FAILED):
            return download
        download.state = DownloadState.RUNNING
        download.save(update_fields=["state", "updated_at"])
    download = Download.objects.select_related(
        "access__grant__clip__camera",
        "access__grant__clip__key",
        "access__grant__agency",
        "access__person",
    ).get(pk=download_id)
    work = download_dir() / f"work-{download.pk}-{uuid.uuid4().hex}"
    work.mkdir(mode=0o700)
    try:
        _step(download, DownloadStep.DECRYPTING)
        original_sha256 = _plaintext_write(download, work / "original.mp4")
        _step(download, DownloadStep.REDACTING)
        report = video_redact(
            source=work / "original.mp4",
            target=work / "redacted.mp4",
            on_progress=_progress_reporter(download),
        )
        _step(download, DownloadStep.WATERMARKING)
        lines = download_lines(download)
        watermark_burn(source=work / "redacted.mp4", target=work / "release.mp4", lines=lines)
        _step(download, DownloadStep.SEALING)
        facts = download_release_facts(
            download=download,
            original_sha256=original_sha256,
            redactions=[report.as_json()],
            watermark_lines=lines,
        )
        evidence_package_build(release=work / "release.mp4", target=work / "e.zip", facts=facts)
        name, wrapped = package_store(download=download, path=work / "e.zip")
    except (ApplicationError, WatermarkError, VaultError, ProvenanceError, OSError) as exc:
        message = exc.message if isinstance(exc, ApplicationError) else str(exc)
        Download.objects.filter(pk=download.pk, state=DownloadState.RUNNING).update(
            state=DownloadState.FAILED, error=message[:300], updated_at=timezone.now()
        )
        return Download.objects.get(pk=download.pk)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _publish(download.pk, name=name, wrapped=wrapped)


def _publish(download_id: int, *, name: str, wrapped: bytes) -> Download:
    """running -> done with the stored package; if its grant ended meanwhile (the row was
    destroyed), the package is deleted instead and the row stays destroyed."""
    with transaction.atomic():
        download = Download.objects.select_for_update().get(pk=download_id)
        if download.state != DownloadState.RUNNING:
            transaction.on_commit(lambda: blob_delete(name))
            return download
        download.state, download.file_name, download.wrapped_key = DownloadState.DONE, name, wrapped
        download.step, download.progress = "", 100
        download.save(
            update_fields=["state", "file_name", "wrapped_key", "step", "progress", "updated_at"]
        )
    return download


def download_get(*, person: User, download_id: int) -> Download:
    download = (
        Download.objects.select_related("access__grant__clip__camera", "access__grant__agency")
        .filter(pk=download_id, access__person=person)
        .first()
    )
    if download is None:
        raise NotFound("Nothing is here, or you may not see it.")
    return download


def download_file(*, person: User, download_id: int) -> VaultReader:
    """A reader over the evidence package, while the policy in force still allows the download
    (``grant_access_judge``); else PermissionDenied (grant no longer live) or PolicyDenied."""
    download = download_get(person=person, download_id=download_id)
    grant = download.access.grant
    live, decision = grant_access_judge(
        agency=grant.agency, clip=grant.clip, kind=AccessKind.DOWNLOAD
    )
    if live is None and decision.rule == Rule.GRANT_LIVE:
        raise PermissionDenied("The grant has expired; the copy can no longer be downloaded.")
    if live is None:
        raise PolicyDenied(
            rule=decision.rule, reason=decision.reason, policy_hash=decision.policy_hash
        )
    if download.state != DownloadState.DONE:
        raise NotFound("The copy is not ready yet.")
    return package_reader(download=download)
