"""The scratch file of an upload: replaced, never truncated; hashed and probed together.

A scratch file holds an upload's bytes until the clip's job has stored them
encrypted. ``complete`` hashes a memory map of it while it probes it, and a map
whose file shrinks kills its reader with SIGBUS, so a new or refilled file is
made beside the path and renamed over it (``scratch_replace``), never truncated
in place. See ``ingest.py`` for the upload protocol around it.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from fairwitness.footage.processing import ClipRejected, VideoProbe, probe

COPY_BLOCK = 1024 * 1024


def scratch_replace(path: Path, *, fill: Path | None, size: int = 0) -> None:
    """Put a new file at ``path``: empty, or the first ``size`` bytes of ``fill``. Made
    beside it and renamed over it: a file at ``path`` (maybe mapped) is never truncated."""
    fd, fresh = tempfile.mkstemp(dir=path.parent, prefix=".new-")
    os.close(fd)
    try:
        if fill is not None:
            shutil.copyfile(fill, fresh)
            os.truncate(fresh, size)  # exactly the bytes the sha256 was taken over
        os.replace(fresh, path)
    except BaseException:
        Path(fresh).unlink(missing_ok=True)
        raise


def file_sha256(path: Path, size: int) -> str:
    """SHA-256 of the first ``size`` bytes, read into one reused 1 MiB buffer."""
    digest = hashlib.sha256()
    buffer = bytearray(COPY_BLOCK)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as handle:
        remaining = size
        while remaining > 0:
            got = handle.readinto(view[: min(COPY_BLOCK, remaining)])
            if not got:
                break
            digest.update(view[:got])
            remaining -= got
    return digest.hexdigest()


def map_sha256(scratch: mmap.mmap) -> str:
    """SHA-256 of a memory-mapped scratch file, in one ``update``: hashlib releases the GIL
    for the whole call, so it runs on another core while the probe demuxes. (Read in blocks,
    the hashing thread waited for the GIL before every block and gained nothing.) The map
    needs a file nothing shrinks while it is read (see the module docstring)."""
    return hashlib.sha256(scratch).hexdigest()


def scratch_sha256(path: Path, size: int) -> str:
    """SHA-256 of the scratch file at ``path``; ``""`` unless it holds exactly ``size`` bytes.
    (Complete hashes its own map instead; the ingest benchmark times this alone.)"""
    with scratch_mapped(path, size) as mapped:
        return "" if mapped is None else map_sha256(mapped[1])


@contextmanager
def scratch_mapped(path: Path, size: int) -> Iterator[tuple[int, mmap.mmap] | None]:
    """A read-only map of the file at ``path``, opened once, with that file's descriptor;
    None when there is no file or it does not hold exactly ``size`` (> 0) bytes. Hashing
    the map keeps the digest to this one file even if the path is removed or replaced."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        yield None
        return
    with handle:
        if os.fstat(handle.fileno()).st_size != size:
            yield None
            return
        with mmap.mmap(handle.fileno(), size, access=mmap.ACCESS_READ) as scratch:
            yield handle.fileno(), scratch


def probe_same_file(path: Path, fd: int) -> VideoProbe | ClipRejected | None:
    """The probe of ``path`` (or its refusal), or None if by its end ``path`` no longer names
    the file open as ``fd`` (the probe may have read another file, or none). One check at the
    end is enough: nothing links a scratch file back, and the open ``fd`` keeps its inode
    number from being reused."""
    try:
        facts: VideoProbe | ClipRejected = probe(path)
    except ClipRejected as rejection:
        facts = rejection
    except FileNotFoundError:
        return None
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return None
    mine = os.fstat(fd)
    return facts if (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino) else None


def sha256_and_probe(path: Path, size: int) -> tuple[str, VideoProbe | ClipRejected | None]:
    """The SHA-256 of the file at ``path`` and its probe (or refusal), computed at the same
    time over the same file. The digest is ``""`` when there is no file of ``size`` bytes;
    the probe is None when the file was removed or replaced while it was probed."""
    with scratch_mapped(path, size) as mapped:
        if mapped is None:
            return "", None
        fd, scratch = mapped
        # Inside the map's block: the map stays open until the hashing thread is done with it.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload-sha256") as pool:
            digest = pool.submit(map_sha256, scratch)
            facts = probe_same_file(path, fd)
            return digest.result(), facts
