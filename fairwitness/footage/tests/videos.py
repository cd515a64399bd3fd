"""Real small videos made with PyAV for the processing tests, and MP4 inspection."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def frame_pixels(index: int, width: int, height: int, fps: int) -> np.ndarray:
    """A moving bar over noise; red for the first second, green after it."""
    rng = np.random.default_rng(index)
    image = rng.integers(0, 30, (height, width, 3), dtype=np.uint8)
    colour = (220, 30, 30) if index < fps else (30, 220, 30)
    image[:, :, :] = np.maximum(image, np.array(colour, dtype=np.uint8) // 2)
    bar = (index * 4) % max(1, width - 12)
    image[:, bar : bar + 12] = colour
    return image


def make_video(
    path: Path,
    *,
    codec: str = "libx264",
    container: str | None = None,
    frames: int = 30,
    width: int = 160,
    height: int = 120,
    fps: int = 15,
    pix_fmt: str = "yuv420p",
    audio: str | None = None,
    faststart: bool = False,
    gop: int | None = None,
) -> Path:
    """Encode ``frames`` frames to ``path``; ``audio`` names an audio encoder and
    ``gop`` the keyframe interval in frames (the encoder's default otherwise)."""
    options = {"movflags": "+faststart"} if faststart else {}
    # A fixed interval: no extra keyframe where the encoder sees a scene cut.
    codec_options = {"g": str(gop), "keyint_min": str(gop), "sc_threshold": "0"} if gop else {}
    with av.open(str(path), mode="w", format=container, options=options) as output:
        video = output.add_stream(codec, rate=fps, options=codec_options)
        assert isinstance(video, av.VideoStream)
        video.width, video.height, video.pix_fmt = width, height, pix_fmt
        sound = output.add_stream(audio, rate=48000) if audio else None
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(
                frame_pixels(index, width, height, fps), format="rgb24"
            )
            for packet in video.encode(frame):
                output.mux(packet)
        for packet in video.encode(None):
            output.mux(packet)
        if isinstance(sound, av.AudioStream):
            _write_tone(output, sound, seconds=frames / fps)
    return path


def _write_tone(
    output: av.container.OutputContainer, sound: av.AudioStream, seconds: float
) -> None:
    samples_per_frame = sound.codec_context.frame_size or 960
    total = int(48000 * seconds)
    for start in range(0, total, samples_per_frame):
        t = (np.arange(start, start + samples_per_frame) / 48000).astype(np.float32)
        tone = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(tone, format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = 48000, start, Fraction(1, 48000)
        for packet in sound.encode(frame):
            output.mux(packet)
    for packet in sound.encode(None):
        output.mux(packet)


def top_level_atoms(path: Path) -> list[str]:
    """Types of the top-level ISO BMFF boxes of an MP4, in file order."""
    data = path.read_bytes()
    atoms, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        elif size == 0:
            size = len(data) - offset
        atoms.append(kind.decode("latin-1"))
        offset += size
    return atoms


def video_packets(path: Path) -> list[bytes]:
    """Payloads of every video packet, in demux order."""
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


def count_frames(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


@dataclass(frozen=True)
class PacketSpan:
    """Where one video packet's bytes lie in the file."""

    pos: int
    size: int
    keyframe: bool


def video_packet_spans(path: Path) -> list[PacketSpan]:
    with av.open(str(path)) as container:
        return [
            PacketSpan(pos=p.pos, size=p.size, keyframe=p.is_keyframe)
            for p in container.demux(video=0)
            if p.size and p.pos is not None
        ]


def nal_units(data: bytes, span: PacketSpan) -> list[tuple[int, int]]:
    """(offset in the file, length) of each NAL unit of a length-prefixed H.264 packet."""
    units, at, end = [], span.pos, span.pos + span.size
    while at < end:
        length = int.from_bytes(data[at : at + 4], "big")
        units.append((at + 4, length))
        at += 4 + length
    return units
