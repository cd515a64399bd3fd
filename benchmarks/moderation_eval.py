"""Quality and speed of the post screening pipeline.

Run from the repository root: ``.venv/bin/python benchmarks/moderation_eval.py``.

Prints precision, recall and F1 per outcome and per reason family on
(a) the held-out Davidson split (the 20% the model never trained on and no
threshold was tuned on) and (b) the hand-written neighborhood set in
``benchmarks/data/neighborhood_posts.jsonl``; then the issue's targets, p95
screening time and throughput, and on its last line throughput relative to a
baseline measured in the same run: one plain regex scan (the slur lexicon
plus a phone pattern) over the same posts.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from fairwitness.moderation.screening import Outcome, post_screen  # noqa: E402
from fairwitness.moderation.screening.lexicon import LEXICON_PATH  # noqa: E402
from scripts.train_hate_model import DEFAULT_DATA, davidson_load, davidson_split  # noqa: E402

NEIGHBORHOOD = REPO / "benchmarks" / "data" / "neighborhood_posts.jsonl"
FUNCTIONAL = REPO / "benchmarks" / "data" / "hate_functional.jsonl"
DATA = REPO / "benchmarks" / "data"
# (file, title): development sets first, then the blind ones. See functional_eval.
FUNCTIONAL_SETS = (
    (
        FUNCTIONAL,
        "(c1) Functional hate tests, dev set 1 (written with the rules; head trained on it)",
    ),
    (
        DATA / "hate_functional_fresh.jsonl",
        "(c2) development set 2 (written blind, then used; head trained on it)",
    ),
    (
        DATA / "hate_functional_blind2.jsonl",
        "(c3) development set 3 (written blind, then used; head trained on it)",
    ),
    (
        DATA / "hate_functional_blind3.jsonl",
        "(c4) development set 4 (written blind, then used; head trained on it)",
    ),
    (DATA / "hate_functional_blind4.jsonl", "(d) BLIND set 4 (written blind, never used to tune)"),
    (DATA / "hate_functional_blind5.jsonl", "(e) BLIND set 5 (written blind, never used to tune)"),
    (DATA / "hate_functional_blind6.jsonl", "(f) BLIND set 6 (written blind, never used to tune)"),
    (DATA / "hate_functional_blind7.jsonl", "(g) BLIND set 7 (written blind, never used to tune)"),
    (DATA / "hate_functional_blind8.jsonl", "(h) BLIND set 8 (written blind, never used to tune)"),
)
NON_HATEFUL_GROUP_KINDS = {"neutral_group", "counter_speech", "experienced_racism"}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_table(title: str, rows: Iterable[tuple[str, int, int, int, int]]) -> None:
    print(f"\n{title}")
    print(f"  {'label':<22}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}")
    for label, tp, fp, fn, support in rows:
        p, r, f = prf(tp, fp, fn)
        print(f"  {label:<22}{p:>10.3f}{r:>8.3f}{f:>8.3f}{support:>9}")


def families(reasons: Iterable[str]) -> set[str]:
    return {reason.split(":")[1] for reason in reasons}


def label_rows(
    expected: list[set[str]], predicted: list[set[str]], labels: Iterable[str]
) -> list[tuple[str, int, int, int, int]]:
    rows = []
    for label in labels:
        tp = sum(label in e and label in p for e, p in zip(expected, predicted, strict=True))
        fp = sum(label not in e and label in p for e, p in zip(expected, predicted, strict=True))
        fn = sum(label in e and label not in p for e, p in zip(expected, predicted, strict=True))
        rows.append((label, tp, fp, fn, sum(label in e for e in expected)))
    return rows


def davidson_eval() -> None:
    meta = json.loads((REPO / "fairwitness/moderation/screening/data/hate_model.json").read_text())
    _, labels = davidson_load(DEFAULT_DATA)
    _, _, test = davidson_split(labels, seed=meta["split_seed"])
    with DEFAULT_DATA.open(newline="", encoding="utf-8") as handle:
        tweets = [row["tweet"] for row in csv.DictReader(handle)]
    rejected, flagged, kept_out = [], [], []
    for index in test:
        screening = post_screen(text=tweets[index])
        hate_reasons = "hate" in families(screening.reasons)
        rejected.append(screening.outcome is Outcome.REJECT)
        flagged.append(hate_reasons and screening.outcome in (Outcome.REJECT, Outcome.REVIEW))
        kept_out.append(
            screening.outcome is not Outcome.PUBLISH
            and bool(families(screening.reasons) & {"hate", "harassment"})
        )
    gold = [int(labels[i]) for i in test]
    print(f"(a) Davidson held-out split: {len(test)} tweets never trained or tuned on")
    print("    model alone, 3 classes (from training metadata):")
    for name, m in meta["test_metrics"].items():
        print(
            f"      {name:<10} P {m['precision']:.3f} R {m['recall']:.3f} "
            f"F1 {m['f1']:.3f} n={m['support']}"
        )
    rows = []
    for name, predicted in (
        ("hate: rejected", rejected),
        ("hate: rejected+held", flagged),
        ("hate: not published*", kept_out),
    ):
        tp = sum(p and g == 0 for p, g in zip(predicted, gold, strict=True))
        fp = sum(p and g != 0 for p, g in zip(predicted, gold, strict=True))
        fn = sum(not p and g == 0 for p, g in zip(predicted, gold, strict=True))
        rows.append((name, tp, fp, fn, gold.count(0)))
    print_table("    full pipeline, hate speech (class 0) vs the rest", rows)
    print(
        "    * rejected, held, or sent back for an edit with a hate or harassment reason;"
        " the issue's target is read on rejected+held"
    )
    for cls, name in ((1, "offensive"), (2, "neither")):
        n = gold.count(cls)
        rej = sum(r and g == cls for r, g in zip(rejected, gold, strict=True))
        held = sum(f and g == cls for f, g in zip(flagged, gold, strict=True))
        print(
            f"    {name} tweets rejected as hate: {rej}/{n} = {rej / n:.3f};"
            f" rejected or held for hate: {held}/{n} = {held / n:.3f}"
        )


def neighborhood_eval() -> list[str]:
    posts = [json.loads(line) for line in NEIGHBORHOOD.read_text(encoding="utf-8").splitlines()]
    screenings = [post_screen(text=p["text"], category=p.get("category")) for p in posts]
    print(f"\n(b) Neighborhood set: {len(posts)} posts written for the project")
    exp_out = [{p["expected_outcome"]} for p in posts]
    got_out = [{s.outcome.value} for s in screenings]
    print_table("    per outcome", label_rows(exp_out, got_out, [o.value for o in Outcome]))
    exp_fam = [set(p["expected_families"]) for p in posts]
    got_fam = [families(s.reasons) for s in screenings]
    fams = ["profiling", "hate", "harassment", "personal_info", "lawful_activity"]
    print_table("    per reason family", label_rows(exp_fam, got_fam, fams))
    confusion = Counter(
        (p["expected_outcome"], s.outcome.value) for p, s in zip(posts, screenings, strict=True)
    )
    print(
        "\n    outcome confusion (expected -> got): "
        + ", ".join(f"{e}->{g}: {n}" for (e, g), n in sorted(confusion.items()))
    )
    accuracy = sum(
        p["expected_outcome"] == s.outcome.value for p, s in zip(posts, screenings, strict=True)
    )
    print(f"    outcome accuracy: {accuracy}/{len(posts)} = {accuracy / len(posts):.3f}")

    hate = [s for p, s in zip(posts, screenings, strict=True) if p["kind"] == "hate"]
    group = [
        s for p, s in zip(posts, screenings, strict=True) if p["kind"] in NON_HATEFUL_GROUP_KINDS
    ]
    prof = [(p, s) for p, s in zip(posts, screenings, strict=True)]
    hate_recall = sum(s.outcome is Outcome.REJECT for s in hate) / len(hate)
    hate_flag_recall = sum("hate" in families(s.reasons) for s in hate) / len(hate)
    group_rejected = sum(s.outcome is Outcome.REJECT for s in group) / len(group)
    group_held = sum(
        s.outcome is not Outcome.PUBLISH and "hate" in families(s.reasons) for s in group
    ) / len(group)
    positives = [s for p, s in prof if p["kind"] == "profiling"]
    negatives = [s for p, s in prof if p["kind"] != "profiling"]
    prof_recall = sum("profiling" in families(s.reasons) for s in positives) / len(positives)
    prof_fpr = sum("profiling" in families(s.reasons) for s in negatives) / len(negatives)
    print("\n    targets from the issue")
    print(
        f"    hateful recall (rejected): {hate_recall:.3f} (flagged rejected or held: "
        f"{hate_flag_recall:.3f}); target >= 0.80"
    )
    print(
        f"    non-hateful group mentions, counter-speech and experienced racism (n={len(group)}): "
        f"rejected {group_rejected:.3f}, held or rejected for hate {group_held:.3f}; target <= 0.15"
    )
    print(
        f"    profiling guardrail: recall {prof_recall:.3f} (target >= 0.90), "
        f"false-positive rate {prof_fpr:.3f} (target <= 0.10)"
    )
    return [p["text"] for p in posts]


def functional_eval(path: Path, title: str) -> None:
    """Functional tests of the hate screen, one row per functionality.

    Every set is written for the project after HateCheck's functionalities
    (the last three use HateCheck's functionality names). The TF-IDF model
    never trained on any of them; the sentence model's head
    (``scripts/train_hate_embedding.py``) trained on sets 1 to 4, so their
    figures are in-sample for it, and never on the blind sets. Set 1 was
    written together with the rules. Sets 2 to 5 were each written by someone
    who never saw the rules or the other sets. Sets 2, 3 and 4 were scored
    once as they arrived (hateful flagged / non-hateful flagged: 0.435/0.167,
    0.620/0.118, 0.677/0.075) and then used to find gaps in the rules, so they
    are development data now. Blind set 4 (5th) was scored first at
    0.737/0.112 and nothing was changed for it; only its totals were ever read.
    Blind set 5 (6th, 421 cases) arrived in the fourth session and was scored
    once, after the clause reader was finished. Blind set 6 (7th, 421 cases)
    and blind set 7 (8th) arrived in the fifth session and were each scored
    once with the first, linear head of the sentence model (0.785 and 0.793).
    The head then became a kernel classifier trained on more written cases
    (chosen on out-of-source figures of the training data alone), and blind
    set 8 (9th) was scored once after that, the last change to the screen: it
    is the one clean estimate of the final screen. A post
    counts as flagged when it is rejected or held with a hate reason. See docs/moderation.md.
    """
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_function: dict[str, list[tuple[bool, bool, bool]]] = {}
    labels: dict[str, str] = {}
    for case in cases:
        screening = post_screen(text=case["text"])
        rejected = screening.outcome is Outcome.REJECT
        flagged = "hate" in families(screening.reasons) and screening.outcome in (
            Outcome.REJECT,
            Outcome.REVIEW,
        )
        hateful = case["label"] == "hateful"
        by_function.setdefault(case["functionality"], []).append((hateful, flagged, rejected))
        labels[case["functionality"]] = case["label"]
    print(f"\n{title}: {len(cases)} cases")
    print(f"    {'functionality':<28}{'label':<13}{'correct':>8}{'rejected':>10}{'n':>5}")
    totals = {"hateful": [0, 0, 0], "non_hateful": [0, 0, 0]}
    for name, rows in by_function.items():
        n_correct = sum(flagged == hateful for hateful, flagged, _ in rows)
        n_rejected = sum(r for _, _, r in rows)
        total = totals[labels[name]]
        total[0] += n_correct
        total[1] += n_rejected
        total[2] += len(rows)
        print(
            f"    {name:<28}{labels[name]:<13}{n_correct / len(rows):>8.3f}"
            f"{n_rejected / len(rows):>10.3f}{len(rows):>5}"
        )
    hate_total, ok_total = totals["hateful"], totals["non_hateful"]
    print(
        f"    hateful flagged (recall): {hate_total[0] / hate_total[2]:.3f}, rejected "
        f"{hate_total[1] / hate_total[2]:.3f}; non-hateful flagged (false positives): "
        f"{1 - ok_total[0] / ok_total[2]:.3f}, rejected {ok_total[1] / ok_total[2]:.3f}"
    )


def speed(texts: list[str]) -> None:
    for text in texts[:20]:
        post_screen(text=text)  # warm caches: model, lexicon, regexes
    rounds = 5
    timings = []
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            t0 = time.perf_counter()
            post_screen(text=text)
            timings.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    throughput = len(timings) / elapsed
    p95 = statistics.quantiles(timings, n=100)[94] * 1000

    words = json.loads(LEXICON_PATH.read_text())["strong_slurs"]
    baseline = re.compile(
        r"\b(?:" + "|".join(map(re.escape, words)) + r")\b|\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}",
        re.IGNORECASE,
    )
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            baseline.search(text)
    base_throughput = rounds * len(texts) / (time.perf_counter() - start)
    print(
        f"\nspeed on CPU over {len(timings)} screenings: p95 {p95:.2f} ms per post, "
        f"{throughput:.0f} posts/s; plain regex scan baseline {base_throughput:.0f} posts/s"
    )
    ratio = throughput / base_throughput
    print(f"ratio: screening throughput / plain regex scan throughput = {ratio:.4f}")


def main() -> None:
    davidson_eval()
    texts = neighborhood_eval()
    for path, title in FUNCTIONAL_SETS:
        functional_eval(path, title)
    speed(texts)


if __name__ == "__main__":
    main()
