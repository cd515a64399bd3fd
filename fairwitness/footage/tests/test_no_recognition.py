"""Acceptance 2: detection only, never recognition.

Fails if any module of the product imports or calls a face-embedding or
face-recognition API, if the detector fetches more of the network than boxes, or if
what redaction keeps about a face grows beyond a box.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from django.apps import apps

from fairwitness.footage.redaction import Box, RedactionReport
from fairwitness.footage.redaction import detect as detect_module
from fairwitness.footage.redaction.track import Track

ROOT = Path(__file__).resolve().parents[3]
SCANNED = ("fairwitness", "agent", "config", "benchmarks", "scripts")
# Libraries whose purpose is telling faces apart.
BANNED_MODULES = {
    "face_recognition",
    "face_recognition_models",
    "dlib",
    "insightface",
    "facenet",
    "facenet_pytorch",
    "deepface",
    "arcface",
    "keras_facenet",
    "compreface",
}
# Names of recognition APIs: OpenCV's FaceRecognizerSF (its feature/match), dlib's
# descriptor, face_recognition's encodings, InsightFace's analysis.
BANNED_NAMES = {
    "FaceRecognizerSF",
    "FaceRecognizerSF_create",
    "LBPHFaceRecognizer_create",
    "EigenFaceRecognizer_create",
    "FisherFaceRecognizer_create",
    "face_recognition_model_v1",
    "compute_face_descriptor",
    "face_encodings",
    "face_embedding",
    "FaceAnalysis",
    "alignCrop",
}
# Words a stored per-face feature would be named with.
FEATURE_WORDS = ("embedding", "descriptor", "landmark", "faceprint", "template", "feature")


def violations(source: str, name: str) -> list[str]:
    """Every import of a banned module and every use of a banned name in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
            found += [f"{name}: imports {a.name}" for a in node.names if a.name in BANNED_NAMES]
        else:
            modules = []
        found += [f"{name}: imports {m}" for m in modules if m.split(".")[0] in BANNED_MODULES]
        if isinstance(node, ast.Attribute) and node.attr in BANNED_NAMES:
            found.append(f"{name}:{node.lineno}: uses {node.attr}")
        if isinstance(node, ast.Name) and node.id in BANNED_NAMES:
            found.append(f"{name}:{node.lineno}: uses {node.id}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "feature"
        ):
            found.append(f"{name}:{node.lineno}: calls .feature() (a face recogniser's embedding)")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"__import__", "import_module"}
            and any(
                isinstance(a, ast.Constant) and str(a.value).split(".")[0] in BANNED_MODULES
                for a in node.args
            )
        ):
            found.append(f"{name}:{node.lineno}: imports a recognition library dynamically")
    return found


def test_the_scan_catches_recognition_code() -> None:
    """The scan below can fail: it flags each kind of recognition code."""
    planted = {
        "import face_recognition": 1,
        "from insightface.app import FaceAnalysis": 2,
        "import cv2\nr = cv2.FaceRecognizerSF.create('m', '')\nv = r.feature(img)": 2,
        "import dlib\nd = dlib.face_recognition_model_v1('x')": 2,
        "from importlib import import_module\nimport_module('deepface')": 1,
    }
    for source, count in planted.items():
        assert len(violations(source, "planted.py")) >= count, source


def test_no_module_imports_or_calls_face_recognition_apis() -> None:
    found: list[str] = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "tests" in path.relative_to(ROOT).parts or ".venv" in path.parts:
                continue
            found += violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_the_detector_fetches_boxes_only() -> None:
    # CenterFace's outputs: 537 heatmap, 538 box scale, 539 box offset, 540 landmarks.
    assert set(detect_module.OUTPUT_NAMES) == {"537", "538", "539"}


def test_redaction_keeps_nothing_about_a_face_beyond_its_box() -> None:
    assert [f.name for f in dataclasses.fields(Box)] == ["x0", "y0", "x1", "y1"]
    assert [f.name for f in dataclasses.fields(Track)] == ["sightings"]
    report_fields = {f.name for f in dataclasses.fields(RedactionReport)}
    assert report_fields == {
        "frames",
        "width",
        "height",
        "duration_s",
        "sampled_frames",
        "face_tracks",
        "frames_covered",
        "boxes_drawn",
        "manual_boxes",
        "audio",
        "detector",
        "cover",
    }


def test_no_footage_or_request_table_stores_face_features() -> None:
    """The tables that hold clips, release copies and what was released. (The feed's
    ``other_features`` is a description its author typed, not computed from video.)"""
    for label in ("footage", "requests"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                assert not any(w in field.name.lower() for w in FEATURE_WORDS), (
                    f"{model.__name__}.{field.name}"
                )
