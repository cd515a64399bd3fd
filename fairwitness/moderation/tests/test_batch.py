"""``screen_jsonl``: JSON Lines in, one verdict or error line out per input line."""

from __future__ import annotations

import io
import json

from fairwitness.moderation.screening import screen_jsonl

INPUT = "\n".join(
    [
        json.dumps({"id": "a", "text": "Lost cat near the school.", "category": "lost_and_found"}),
        json.dumps({"id": 2, "text": "Kill all the muslims."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "e", "text": ""}),
        json.dumps({"id": "c", "text": "Rally on Saturday", "category": "gossip"}),
        json.dumps({"id": "t", "text": 42}),
        "",
        json.dumps({"id": "z", "text": "x" * 6000}),
    ]
)


def test_round_trip_with_good_and_malformed_lines() -> None:
    out = io.StringIO()
    summary = screen_jsonl(input=io.StringIO(INPUT), output=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (summary.screened, summary.errors) == (2, 7)
    assert len(lines) == 9
    assert lines[0] == {
        "id": "a",
        "outcome": "publish",
        "reasons": [],
        "scores": lines[0]["scores"],
    }
    assert lines[1]["outcome"] == "reject" and "screen:hate:violent_threat" in lines[1]["reasons"]
    errors = [(line["id"], line["line"], line["error"]) for line in lines[2:]]
    assert errors == [
        (None, 3, "bad_json"),
        (None, 4, "bad_record"),
        (None, 5, "missing_id"),
        ("e", 6, "screening_empty"),
        ("c", 7, "screening_bad_category"),
        ("t", 8, "missing_text"),
        ("z", 10, "screening_too_long"),
    ]
    assert all(line["message"].startswith("Line ") for line in lines[2:])
