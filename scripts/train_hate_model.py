"""Train the offline hate model and export it for numpy-only inference.

Usage (from the repository root):

    .venv/bin/python scripts/train_hate_model.py [--data PATH] [--out DIR]

Reproducible: a fixed seed drives a stratified split into train (68%),
validation (12%) and a held-out test set (20%). The regularisation strength
and the review threshold are chosen on validation only; the test set is
scored once, with the exported model through the product's own inference
code, and its metrics go into ``hate_model.json`` beside the artifact.
Needs scikit-learn (a dev dependency); the product does not.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from fairwitness.moderation.screening.hate_features import hate_features_extract  # noqa: E402
from fairwitness.moderation.screening.hate_model import HateModel  # noqa: E402
from fairwitness.moderation.screening.normalise import text_normalise  # noqa: E402

SEED = 20240611
CLASSES = ("hate", "offensive", "neither")
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "davidson-hate-offensive" / "labeled_data.csv"
DEFAULT_OUT = REPO / "fairwitness" / "moderation" / "screening" / "data"
MAX_FEATURES = 60_000
C_GRID = (1.0, 3.0, 10.0)


def davidson_load(path: Path) -> tuple[list[str], NDArray[np.int64]]:
    """Tweets (folded view) and labels 0 hate, 1 offensive, 2 neither."""
    texts: list[str] = []
    labels: list[int] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.append(text_normalise(row["tweet"]).folded)
            labels.append(int(row["class"]))
    return texts, np.asarray(labels, dtype=np.int64)


def davidson_split(
    labels: NDArray[np.int64], *, seed: int = SEED
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Stratified (train, validation, test) row indices; deterministic for a seed."""
    rng = np.random.default_rng(seed)
    train, val, test = [], [], []
    for label in np.unique(labels):
        rows = np.flatnonzero(labels == label)
        rng.shuffle(rows)
        n_test = round(len(rows) * 0.20)
        n_val = round(len(rows) * 0.12)
        test.append(rows[:n_test])
        val.append(rows[n_test : n_test + n_val])
        train.append(rows[n_test + n_val :])
    return (
        np.sort(np.concatenate(train)),
        np.sort(np.concatenate(val)),
        np.sort(np.concatenate(test)),
    )


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fit(texts: list[str], labels: NDArray[np.int64], c: float):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=hate_features_extract,
        sublinear_tf=True,
        min_df=3,
        max_features=MAX_FEATURES,
        dtype=np.float64,
    )
    matrix = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)
    classifier.fit(matrix, labels)
    return vectorizer, classifier


def _per_class(
    labels: NDArray[np.int64], predicted: NDArray[np.int64]
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for index, name in enumerate(CLASSES):
        tp = int(np.sum((predicted == index) & (labels == index)))
        fp = int(np.sum((predicted == index) & (labels != index)))
        fn = int(np.sum((predicted != index) & (labels == index)))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[name] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": int(np.sum(labels == index)),
        }
    return out


def _export(vectorizer, classifier, out: Path) -> Path:  # type: ignore[no-untyped-def]
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    path = out / "hate_model.npz"
    np.savez_compressed(
        path,
        vocabulary=np.asarray(vocabulary, dtype=str),
        idf=vectorizer.idf_.astype(np.float32),
        coef=classifier.coef_.astype(np.float32),
        intercept=classifier.intercept_.astype(np.float32),
        classes=np.asarray(CLASSES, dtype=str),
    )
    return path


def _review_threshold(model: HateModel, texts: list[str], labels: NDArray[np.int64]) -> float:
    """Lowest p(hate) threshold with validation precision >= 0.5 for hate vs the rest.

    Only the validation split is used; a model-only signal holds a post for
    review, so the threshold favours precision over recall.
    """
    scores = np.asarray([model.predict(t).hate for t in texts])
    for threshold in np.arange(0.30, 0.96, 0.01):
        flagged = scores >= threshold
        if flagged.sum() and np.mean(labels[flagged] == 0) >= 0.5:
            return round(float(threshold), 2)
    return 0.95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"training data not found at {args.data}; pass --data")

    texts, labels = davidson_load(args.data)
    train, val, test = davidson_split(labels)
    pick = lambda rows: [texts[i] for i in rows]  # noqa: E731

    best_c, best_f1 = C_GRID[0], -1.0
    for c in C_GRID:
        vectorizer, classifier = _fit(pick(train), labels[train], c)
        predicted = classifier.predict(vectorizer.transform(pick(val)))
        f1 = _per_class(labels[val], predicted)["hate"]["f1"]
        print(f"C={c}: validation hate F1 {f1:.4f}")
        if f1 > best_f1:
            best_c, best_f1 = c, f1

    # Final fit on train only, so validation stays independent of the threshold pick.
    vectorizer, classifier = _fit(pick(train), labels[train], best_c)
    args.out.mkdir(parents=True, exist_ok=True)
    path = _export(vectorizer, classifier, args.out)
    model = HateModel.from_file(path)
    threshold = _review_threshold(model, pick(val), labels[val])

    test_probs = np.asarray([[*vars_of(model.predict(t))] for t in pick(test)])
    predicted = test_probs.argmax(axis=1)
    metadata = {
        "data_file": "davidson-hate-offensive/labeled_data.csv",
        "data_sha256": file_sha256(args.data),
        "split_seed": SEED,
        "split": {"train": len(train), "validation": len(val), "test": len(test)},
        "features": (
            f"word 1-2 grams + in-word char 3-5 grams, tf-idf sublinear, max {MAX_FEATURES}"
        ),
        "vocabulary_size": len(vectorizer.vocabulary_),
        "regularisation_C": best_c,
        "review_threshold": threshold,
        "test_metrics": _per_class(labels[test], predicted),
        "model_sha256": file_sha256(path),
    }
    (args.out / "hate_model.json").write_text(
        json.dumps(metadata, indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps(metadata, indent=2))


def vars_of(probs: object) -> tuple[float, float, float]:
    hate, offensive, neither = (getattr(probs, name) for name in CLASSES)
    return hate, offensive, neither


if __name__ == "__main__":
    main()
