"""Downloads: a reason, a logged Access, then a background job that burns a watermark.

``download_prepare`` is the job's body, in order: claim (queued -> running), decrypt the
clip to a private scratch file, burn case number and member into every frame, publish
the copy (running -> done); any failure ends it as failed with a reason the member sees.
The decrypted scratch file is removed whatever happens.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.core.errors import NotFound, PermissionDenied
from fairwitness.footage import playback
from fairwitness.footage.vault import VaultError
from fairwitness.requests.models import AccessKind, Download, DownloadState
from fairwitness.requests.services.grants import clip_access, grant_live_for
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
    folder = download_dir()
    plain = folder / f"scratch-{download.pk}-{uuid.uuid4().hex}.mp4"
    name = f"{uuid.uuid4().hex}.mp4"
    try:
        reader = playback.clip_reader_open(download.access.grant.clip)
        with plain.open("wb") as sink:
            size = reader.plaintext_size
            for piece in playback.reader_stream(reader, playback.ByteRange(0, size)):
                sink.write(piece)
        watermark_burn(source=plain, target=folder / name, lines=download_lines(download))
    except (WatermarkError, VaultError, NotFound, OSError) as exc:
        (folder / name).unlink(missing_ok=True)
        download.state, download.error = DownloadState.FAILED, str(exc)[:300]
        download.save(update_fields=["state", "error", "updated_at"])
        return download
    finally:
        plain.unlink(missing_ok=True)
    download.state, download.file_name = DownloadState.DONE, name
    download.save(update_fields=["state", "file_name", "updated_at"])
    return download


def download_get(*, person: User, download_id: int) -> Download:
    download = (
        Download.objects.select_related("access__grant__clip", "access__grant__agency")
        .filter(pk=download_id, access__person=person)
        .first()
    )
    if download is None:
        raise NotFound("Nothing is here, or you may not see it.")
    return download


def download_file(*, person: User, download_id: int) -> Path:
    """The watermarked copy's path, while the grant is live; else PermissionDenied."""
    download = download_get(person=person, download_id=download_id)
    grant = download.access.grant
    if grant_live_for(agency=grant.agency, clip=grant.clip) is None:
        raise PermissionDenied("The grant has expired; the copy can no longer be downloaded.")
    if download.state != DownloadState.DONE:
        raise NotFound("The copy is not ready yet.")
    return download_dir() / download.file_name
