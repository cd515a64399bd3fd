"""Train the offline hate model and export it for numpy-only inference.

Usage (from the repository root):

    .venv/bin/python scripts/train_hate_model.py [--data PATH] [--out DIR]

Reproducible: a fixed seed drives a stratified split into train (68%),
validation (12%) and a held-out test set (20%). The training part is joined
by synthetic sentences from ``scripts/hate_synthetic.py`` (neutral, negated
and counter-speech mentions of groups, abuse of non-protected targets),
whose validation frames are kept apart. The regularisation strength and the
two thresholds of the model's review path (``p(hate)`` at least
``review_threshold`` and ``p(neither)`` at most ``neither_ceiling``) are
chosen on validation only, through the product's own ``hate_assess`` rules:
the thresholds that flag the fewest non-hateful validation tweets while the
screen flags at least the first reachable of ``VALIDATION_RECALLS`` of the
hateful ones and at most
``SYNTHETIC_FP_LIMIT`` of the synthetic non-hateful validation sentences
beyond those the lexicon rules already hold.
The test set is scored once at the end and its metrics go into
``hate_model.json`` beside the artifact. Needs scikit-learn (a dev
dependency); the product does not.
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

from fairwitness.moderation.screening.hate import (  # noqa: E402
    hate_assess,
    hate_flagged,
    model_hold_allowed,
)
from fairwitness.moderation.screening.hate_features import hate_features_extract  # noqa: E402
from fairwitness.moderation.screening.hate_model import (  # noqa: E402
    HateModel,
    HateProbabilities,
    HateThresholds,
)
from fairwitness.moderation.screening.normalise import text_normalise  # noqa: E402
from scripts.hate_synthetic import synthetic_examples  # noqa: E402

SEED = 20240611
CLASSES = ("hate", "offensive", "neither")
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "davidson-hate-offensive" / "labeled_data.csv"
DEFAULT_OUT = REPO / "fairwitness" / "moderation" / "screening" / "data"
MAX_FEATURES = 60_000
C_GRID = (0.3, 1.0)
# The issue asks for hateful recall >= 0.8 on data the model never saw. The
# validation split has only ~170 hateful tweets, so a recall measured there has a
# standard error of about 0.03: aim two standard errors higher, stepping down
# only when no thresholds reach the higher aim.
VALIDATION_RECALLS = (0.86, 0.84, 0.82, 0.80)
SYNTHETIC_FP_LIMIT = 0.10
REVIEW_GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(56))
NEITHER_GRID = tuple(round(0.20 + 0.02 * i, 2) for i in range(21))


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
    """TF-IDF + multinomial logistic regression, classes weighted to balance."""
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


def _flags(
    texts: list[str], probs: list[HateProbabilities]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Per text: flagged by the lexicon rules alone; may be held by the model."""
    never = HateThresholds(review=2.0, neither_ceiling=-1.0)
    lexicon, allowed = [], []
    for text, p in zip(texts, probs, strict=True):
        result = hate_assess(text, probs=p, thresholds=never)
        lexicon.append(hate_flagged(result))
        allowed.append(model_hold_allowed(text))
    return np.asarray(lexicon), np.asarray(allowed)


def _flagged(
    probs: list[HateProbabilities],
    lexicon: NDArray[np.bool_],
    allowed: NDArray[np.bool_],
    review: float,
    ceiling: float,
) -> NDArray[np.bool_]:
    hate = np.asarray([p.hate for p in probs])
    neither = np.asarray([p.neither for p in probs])
    model: NDArray[np.bool_] = (hate >= review) & (neither <= ceiling) & allowed
    return lexicon | model


def _thresholds(
    model: HateModel,
    val: tuple[list[str], NDArray[np.int64]],
    synthetic: tuple[list[str], NDArray[np.int64]],
) -> tuple[HateThresholds, dict[str, object]]:
    """Pick the review thresholds on validation data only (see module docstring)."""
    val_probs = [model.predict(t) for t in val[0]]
    syn_probs = [model.predict(t) for t in synthetic[0]]
    val_lex, val_allowed = _flags(val[0], val_probs)
    syn_lex, syn_allowed = _flags(synthetic[0], syn_probs)
    hateful, syn_ok = val[1] == 0, synthetic[1] != 0
    rows: list[tuple[float, float, float, float, float]] = []
    for review in REVIEW_GRID:
        for ceiling in NEITHER_GRID:
            flagged = _flagged(val_probs, val_lex, val_allowed, review, ceiling)
            # Only what the model adds counts here: the lexicon's own holds
            # (quoted hate goes to a person) do not depend on these thresholds.
            syn_flagged = _flagged(syn_probs, syn_lex, syn_allowed, review, ceiling) & ~syn_lex
            syn_fp = float(syn_flagged[syn_ok].mean())
            if syn_fp <= SYNTHETIC_FP_LIMIT:
                recall, false_flags = (
                    float(flagged[hateful].mean()),
                    float(flagged[~hateful].mean()),
                )
                rows.append((review, ceiling, recall, false_flags, syn_fp))
    if not rows:
        raise SystemExit("no thresholds keep synthetic false positives within the limit")
    chosen = max(rows, key=lambda row: (row[2], -row[3]))
    for aim in VALIDATION_RECALLS:
        reaching = [row for row in rows if row[2] >= aim]
        if reaching:
            chosen = min(reaching, key=lambda row: (row[3], -row[2]))
            break
    review, ceiling, recall, false_flags, syn_fp = chosen
    figures: dict[str, object] = {
        "validation_hate_recall": round(recall, 4),
        "validation_non_hate_flagged": round(false_flags, 4),
        "synthetic_validation_false_positives_added_by_model": round(syn_fp, 4),
        "recall_aims": list(VALIDATION_RECALLS),
        "synthetic_false_positive_limit": SYNTHETIC_FP_LIMIT,
    }
    return HateThresholds(review=review, neither_ceiling=ceiling), figures


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
    synthetic = synthetic_examples(seed=SEED, part="train")
    synthetic_val = synthetic_examples(seed=SEED, part="validation")
    train_texts = pick(train) + [text_normalise(t).folded for t, _ in synthetic]
    train_labels = np.concatenate([labels[train], [label for _, label in synthetic]])
    syn_val = (
        [text_normalise(t).folded for t, _ in synthetic_val],
        np.asarray([label for _, label in synthetic_val], dtype=np.int64),
    )

    best_c, best_ap = C_GRID[0], -1.0
    for c in C_GRID:
        vectorizer, classifier = _fit(train_texts, train_labels, c)
        scores = classifier.predict_proba(vectorizer.transform(pick(val)))[:, 0]
        ap = _average_precision(labels[val] == 0, scores)
        print(f"C={c}: validation hate average precision {ap:.4f}")
        if ap > best_ap:
            best_c, best_ap = c, ap

    # Final fit on train only, so validation stays independent of the threshold pick.
    vectorizer, classifier = _fit(train_texts, train_labels, best_c)
    args.out.mkdir(parents=True, exist_ok=True)
    path = _export(vectorizer, classifier, args.out)
    model = HateModel.from_file(path)
    thresholds, val_figures = _thresholds(model, (pick(val), labels[val]), syn_val)

    test_probs = np.asarray([[*vars_of(model.predict(t))] for t in pick(test)])
    predicted = test_probs.argmax(axis=1)
    metadata = {
        "data_file": "davidson-hate-offensive/labeled_data.csv",
        "data_sha256": file_sha256(args.data),
        "split_seed": SEED,
        "split": {"train": len(train), "validation": len(val), "test": len(test)},
        "synthetic": {
            "source": "scripts/hate_synthetic.py",
            "train": len(synthetic),
            "validation": len(synthetic_val),
        },
        "features": (
            f"word 1-2 grams + in-word char 3-5 grams, tf-idf sublinear, max {MAX_FEATURES}"
        ),
        "vocabulary_size": len(vectorizer.vocabulary_),
        "regularisation_C": best_c,
        "review_threshold": thresholds.review,
        "neither_ceiling": thresholds.neither_ceiling,
        "threshold_choice": val_figures,
        "test_metrics": _per_class(labels[test], predicted),
        "model_sha256": file_sha256(path),
    }
    (args.out / "hate_model.json").write_text(
        json.dumps(metadata, indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps(metadata, indent=2))


def _average_precision(positive: NDArray[np.bool_], scores: NDArray[np.float64]) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = positive[order].astype(np.float64)
    precision_at = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision_at * hits).sum() / max(hits.sum(), 1.0))


def vars_of(probs: object) -> tuple[float, float, float]:
    hate, offensive, neither = (getattr(probs, name) for name in CLASSES)
    return hate, offensive, neither


if __name__ == "__main__":
    main()
