"""Test clips with faces, made from the photographs scikit-image ships, with their labels.

A scene: a textured background; the astronaut (Eileen Collins, ``skimage.data.astronaut``)
moving right and growing; the cameraman (``skimage.data.camera``) moving left and
shrinking; and a grey bar sweeping across that partly hides each face in turn. The
labels are the faces' boxes, hand-measured once on the source photographs and carried
through every paste, so a test knows where every face is on every frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
from skimage import data as skdata

from fairwitness.footage.redaction.boxes import Box


@dataclass(frozen=True, slots=True)
class Subject:
    """A crop of a shipped photograph and the face inside it (crop pixels)."""

    image: np.ndarray
    face: Box


def _subjects() -> tuple[Subject, Subject]:
    astronaut = skdata.astronaut()[20:230, 140:310]  # head and shoulders, 170x210
    camera = np.repeat(skdata.camera()[70:250, 160:300, None], 3, axis=2)  # 140x180
    # Faces measured on the photographs: astronaut (176, 62)-(274, 184),
    # cameraman (200, 115)-(260, 200); here in crop coordinates.
    return (
        Subject(astronaut, Box(176 - 140, 62 - 20, 274 - 140, 184 - 20)),
        Subject(camera, Box(200 - 160, 115 - 70, 260 - 160, 200 - 70)),
    )


def _background(width: int, height: int, index: int) -> np.ndarray:
    ys, xs = np.mgrid[0:height, 0:width]
    base = (80 + 60 * np.sin(xs / 23.0) * np.cos(ys / 31.0)).astype(np.int16)
    noise = np.random.default_rng(index).integers(-8, 8, (height, width), dtype=np.int16)
    grey = np.clip(base + noise, 0, 255).astype(np.uint8)
    return np.stack([grey, (grey * 0.9).astype(np.uint8), (grey * 0.8).astype(np.uint8)], axis=2)


def _paste(frame: np.ndarray, subject: Subject, *, x: int, y: int, scale: float) -> Box:
    """Paste the scaled subject with its top-left at (x, y); returns its face box."""
    h, w = subject.image.shape[:2]
    sw, sh = max(2, round(w * scale)), max(2, round(h * scale))
    scaled = cv2.resize(subject.image, (sw, sh), interpolation=cv2.INTER_AREA)
    fh, fw = frame.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(fw, x + sw), min(fh, y + sh)
    if x1 > x0 and y1 > y0:
        frame[y0:y1, x0:x1] = scaled[y0 - y : y1 - y, x0 - x : x1 - x]
    face = subject.face.scaled(scale, scale)
    return Box(face.x0 + x, face.y0 + y, face.x1 + x, face.y1 + y)


def scene_frame(
    index: int, *, frames: int, width: int, height: int
) -> tuple[np.ndarray, list[Box]]:
    """Frame ``index`` of a ``frames``-long scene (RGB) and its faces' boxes."""
    t = index / max(1, frames - 1)
    k = width / 320
    frame = _background(width, height, index)
    astronaut, camera = _subjects()
    faces = [
        _paste(
            frame,
            camera,
            x=round((230 - 25 * t) * k),
            y=round((60 + 10 * t) * k),
            scale=(0.55 - 0.1 * t) * k,
        ),
        _paste(
            frame,
            astronaut,
            x=round((5 + 55 * t) * k),
            y=round((30 - 20 * t) * k),
            scale=(0.5 + 0.3 * t) * k,
        ),
    ]
    bar = round((40 + 220 * t) * k)
    frame[:, max(0, bar) : max(0, bar + round(18 * k))] = (128, 128, 128)
    clipped = [Box(max(0, f.x0), max(0, f.y0), min(width, f.x1), min(height, f.y1)) for f in faces]
    return frame, [f for f in clipped if f.width > 4 and f.height > 4]


def face_clip_write(
    path: Path, *, frames: int = 15, width: int = 320, height: int = 240, fps: int = 15
) -> list[list[Box]]:
    """Encode the scene as an H.264 MP4 at ``path``; returns each frame's face boxes."""
    labels: list[list[Box]] = []
    with av.open(str(path), mode="w", format="mp4") as output:
        stream = output.add_stream("libx264", rate=Fraction(fps), options={"crf": "18"})
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for index in range(frames):
            image, faces = scene_frame(index, frames=frames, width=width, height=height)
            labels.append(faces)
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    return labels


def frames_read(path: Path) -> list[np.ndarray]:
    """Every frame of the video at ``path`` as RGB."""
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
