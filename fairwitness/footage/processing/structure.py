"""Byte-level checks of an upload that need no decoding: MP4 box layout and NAL framing.

These read real bytes (the file's top-level boxes, every packet's NAL unit
framing), so a file whose index lies about its media data is caught without
decoding every frame. They are pure functions; probe.py calls them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# ftyp brands of ISO/MP4 files that browsers play; QuickTime ("qt  ") is not one.
BROWSER_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash"}
)
BOX_SCAN_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class Mp4Layout:
    """Facts from the top-level boxes of an ISO BMFF file.

    ``moov_first``: the index precedes the media data (faststart), so a
    browser can play and seek before it has the whole file.
    ``browser_brand``: the ftyp box names an ISO/MP4 brand, not QuickTime.
    """

    moov_first: bool
    browser_brand: bool


def mp4_layout(path: Path) -> Mp4Layout:
    """Walk the top-level boxes of ``path`` (reading only their 8 to 16-byte headers).

    Input: any file. Output: Mp4Layout; a file that is not laid out as boxes
    gives ``Mp4Layout(False, False)``. Never raises for bad content.
    """
    moov_first = False
    brand_ok = False
    size = path.stat().st_size
    with path.open("rb") as handle:
        offset = 0
        for _ in range(BOX_SCAN_LIMIT):
            if offset + 8 > size:
                break
            handle.seek(offset)
            head = handle.read(16)
            box_size = int.from_bytes(head[:4], "big")
            kind = head[4:8]
            if box_size == 1 and len(head) == 16:
                box_size = int.from_bytes(head[8:16], "big")
            elif box_size == 0:
                box_size = size - offset
            if box_size < 8:
                break
            if kind == b"ftyp":
                handle.seek(offset + 8)
                body = handle.read(min(box_size - 8, 256))
                brands = {body[:4]} | {body[i : i + 4] for i in range(8, len(body) - 3, 4)}
                brand_ok = bool(brands & BROWSER_BRANDS) and body[:4] != b"qt  "
            elif kind == b"moov":
                moov_first = True
                break
            elif kind in (b"mdat", b"moof"):
                break
            offset += box_size
    return Mp4Layout(moov_first=moov_first, browser_brand=brand_ok)


@dataclass(frozen=True, slots=True)
class NalFraming:
    """How a codec's packets delimit NAL units: ``length_size`` (1 to 4) bytes of
    length before each unit, as the avcC/hvcC configuration of MP4 and
    Matroska says; ``header_bytes`` is the size of a NAL unit header."""

    length_size: int
    header_bytes: int


def nal_framing(codec: str, extradata: bytes | None) -> NalFraming | None:
    """The framing of ``codec``'s packets when they are length-prefixed, else None.

    Annex B streams (MPEG-TS, AVI) and codecs without NAL units are not
    checked here; decoding the sample is their check.
    """
    data = extradata or b""
    if codec == "h264" and len(data) >= 7 and data[0] == 1:
        return NalFraming(length_size=(data[4] & 3) + 1, header_bytes=1)
    if codec == "hevc" and len(data) >= 23 and data[0] == 1:
        return NalFraming(length_size=(data[21] & 3) + 1, header_bytes=2)
    return None


def nal_framing_error(framing: NalFraming, data: memoryview) -> str | None:
    """Why ``data`` (one packet) is not a well-formed sequence of NAL units, or None.

    The lengths must tile the packet exactly, and every unit must hold at
    least its header, whose forbidden bit must be zero. (Unit types are not
    checked: the standards leave some unspecified, and decoders skip those.)
    Cheap: it reads a few bytes per NAL unit, never the slice data.
    """
    end = len(data)
    if end == 0:
        return "empty packet"
    step = framing.length_size
    position = 0
    while position < end:
        if position + step > end:
            return "NAL length field cut off"
        length = int.from_bytes(data[position : position + step], "big")
        start = position + step
        if length < framing.header_bytes or start + length > end:
            return "NAL unit length does not fit the packet"
        if data[start] & 0x80:
            return "NAL unit forbidden bit set"
        position = start + length
    return None
