"""Decrypting stored clips for playback, download and export.

Playback answers HTTP Range requests by decrypting only the chunks that hold
the requested bytes (VaultReader); nothing decrypted is ever written to disk.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, cast

from django.utils import timezone

from fairwitness.footage.jobs import thumbnail_context
from fairwitness.footage.models import Clip, ClipKey
from fairwitness.footage.storage import blob_source, key_provider
from fairwitness.footage.vault import (
    VaultKeyUnavailable,
    VaultRangeNotSatisfiable,
    VaultReader,
    clip_key_open,
)

RANGE = re.compile(r"bytes=(\d*)-(\d*)")


@dataclass(frozen=True, slots=True)
class ByteRange:
    start: int
    end: int  # exclusive

    @property
    def length(self) -> int:
        return self.end - self.start


def range_parse(header: str | None, size: int) -> ByteRange | None:
    """The single range of a ``Range`` header, clamped to ``size``; None means the whole file.

    Raises VaultRangeNotSatisfiable (416) for a range that starts past the end.
    Multiple ranges are answered with the whole file, as RFC 9110 allows.
    """
    if not header:
        return None
    match = RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        suffix = int(last)
        if suffix == 0:
            raise VaultRangeNotSatisfiable("An empty suffix range selects no bytes.")
        return ByteRange(max(0, size - suffix), size)
    start = int(first)
    end = size if last == "" else min(size, int(last) + 1)
    if start >= size or end <= start:
        raise VaultRangeNotSatisfiable(f"Bytes from {start} are outside this clip of {size}.")
    return ByteRange(start, end)


def clip_reader_open(clip: Clip, *, thumbnail: bool = False) -> VaultReader:
    """A VaultReader over the clip's video (or thumbnail); VaultKeyUnavailable (410)
    once the clip is deleted, even if its blob is still, or again, in storage."""
    try:
        key: ClipKey | None = clip.key  # loaded with the clip by clip_get_for_playback
    except ClipKey.DoesNotExist:
        key = None
    name = clip.thumbnail_name if thumbnail else clip.blob_name
    if key is None or not name:
        raise VaultKeyUnavailable(
            "This clip was deleted and its key destroyed; it cannot be recovered."
        )
    data_key = clip_key_open(
        provider=key_provider(),
        owner_id=str(clip.camera.owner_id),
        clip_id=str(clip.pk),
        wrapped=bytes(key.wrapped),
    )
    context = thumbnail_context(clip.pk) if thumbnail else str(clip.pk)
    return VaultReader(source=blob_source(name), data_key=data_key, clip_id=context)


def reader_stream(reader: VaultReader, byte_range: ByteRange) -> Iterator[bytes]:
    """Yield the plaintext of ``byte_range``, closing the blob source at the end."""
    try:
        yield from reader.iter_range(byte_range.start, byte_range.end)
    finally:
        close = getattr(reader._source, "close", None)
        if close is not None:
            close()


def clip_filename(clip: Clip) -> str:
    stamp = timezone.localtime(clip.started_at).strftime("%Y-%m-%d_%H-%M-%S")
    camera = re.sub(r"[^A-Za-z0-9_-]+", "-", clip.camera.name).strip("-") or "camera"
    return f"{camera}_{stamp}_clip{clip.pk}.mp4"


class _Sink:
    """A write-only buffer zipfile streams into; ``drain`` hands out what was written."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def clips_zip_stream(clips: Iterable[Clip]) -> Iterator[bytes]:
    """A ZIP archive of the clips' decrypted videos, produced while it is sent.

    Clips deleted meanwhile are skipped. Memory stays at about one read piece.
    """
    sink = _Sink()
    with zipfile.ZipFile(cast(IO[bytes], sink), mode="w") as archive:
        for clip in clips:
            try:
                reader = clip_reader_open(clip)
            except VaultKeyUnavailable:
                continue
            info = zipfile.ZipInfo(
                clip_filename(clip), date_time=timezone.localtime(clip.started_at).timetuple()[:6]
            )
            with archive.open(info, mode="w", force_zip64=True) as entry:
                for piece in reader_stream(reader, ByteRange(0, reader.plaintext_size)):
                    entry.write(piece)
                    yield sink.drain()
            yield sink.drain()
    yield sink.drain()
