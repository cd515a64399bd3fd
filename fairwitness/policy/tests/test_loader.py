"""Loading the policy file: defaults, strict validation, identity."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from pathlib import Path

import pytest

from fairwitness.policy.loader import PolicyInvalid, policy_hash, policy_load, policy_parse
from fairwitness.policy.rules import Rule
from fairwitness.policy.tests.factories import PACKAGED_POLICY_PATH

RAW = PACKAGED_POLICY_PATH.read_bytes()


def _edited(old: str, new: str) -> bytes:
    text = RAW.decode()
    assert old in text, f"test setup: {old!r} not in the policy file"
    return text.replace(old, new, 1).encode()


def test_packaged_policy_has_every_default_from_the_design():
    p = policy_load()
    assert (p.community.window_min, p.community.window_max) == (
        timedelta(minutes=15),
        timedelta(hours=6),
    )
    assert (p.community.area_min_sq_mi, p.community.area_max_sq_mi) == (0.025, 0.25)
    assert p.community.lookback == timedelta(days=30)
    assert p.community.requests_per_incident_max == 2
    assert p.community.open_for == timedelta(days=14)
    assert p.emergency.window_max == timedelta(hours=2)
    assert p.emergency.followup == timedelta(hours=48)
    assert p.emergency.owner_notice == timedelta(hours=72)
    assert (p.grant.length, p.grant.total_max) == (timedelta(days=30), timedelta(days=180))
    assert (p.retention.min_days, p.retention.max_days, p.retention.default_days) == (1, 180, 30)
    assert p.legal.owner_notice == timedelta(days=7)
    assert p.legal.video_kinds == {"warrant", "court_order"}
    assert "subpoena" in p.legal.kinds
    assert p.community_denied_agency_kinds == {"federal"}
    assert p.emergency_denied_agency_kinds == {"federal"}
    assert p.view_only_agency_kinds == {"federal"}
    assert p.agency_legal_video_kinds == {"federal": {"warrant"}}
    assert set(p.channels) == {"community", "legal", "emergency"}
    assert "civil_immigration_enforcement" in p.denied_offenses
    assert set(p.attestations) == {
        "no_facial_recognition",
        "no_identification_by_race",
        "no_immigration_enforcement",
        "no_protest_surveillance",
    }
    assert p.version == "1.1.0"


def test_hash_is_sha256_of_the_file_and_stable():
    assert policy_load().sha256 == hashlib.sha256(RAW).hexdigest()
    assert policy_load().sha256 == policy_load(path=PACKAGED_POLICY_PATH).sha256


def test_hash_ignores_crlf_line_ends_but_not_content():
    assert policy_hash(RAW.replace(b"\n", b"\r\n")) == policy_hash(RAW)
    changed = policy_parse(_edited("window_max_minutes = 360", "window_max_minutes = 300"))
    assert changed.sha256 != policy_load().sha256
    assert changed.community.window_max == timedelta(hours=5)


def test_policy_source_is_published_text():
    assert policy_load().source == RAW.decode()


def test_load_from_path(tmp_path: Path):
    path = tmp_path / "proposed.toml"
    path.write_bytes(_edited('version = "1.1.0"', 'version = "1.2.0-draft"'))
    assert policy_load(path=path).version == "1.2.0-draft"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("open_days = 14", "open_days = 14\nclose_days = 3", "community.close_days: unknown key"),
        ("open_days = 14\n", "", "community.open_days: missing"),
        (
            "lookback_days = 30",
            'lookback_days = "30"',
            "community.lookback_days must be an integer",
        ),
        (
            "lookback_days = 30",
            "lookback_days = true",
            "community.lookback_days must be an integer",
        ),
        ("lookback_days = 30", "lookback_days = 0", "community.lookback_days must be positive"),
        ("area_max_sq_mi = 0.25", 'area_max_sq_mi = "big"', "area_max_sq_mi must be a number"),
        ("area_max_sq_mi = 0.25", "area_max_sq_mi = nan", "positive finite number"),
        ("window_min_minutes = 15", "window_min_minutes = 400", "must not exceed"),
        ("area_min_sq_mi = 0.025", "area_min_sq_mi = 0.3", "must not exceed"),
        ("default_days = 30", "default_days = 200", "retention.default_days (200) must not exceed"),
        ("length_days = 30", "length_days = 181", "grant.length_days (181) must not exceed"),
        ('video_kinds = ["warrant", "court_order"]', 'video_kinds = ["warrant", "writ"]', "'writ'"),
        ('"loitering",', '"loitering",\n    "littering",', "'littering' is not defined"),
        (
            'community_denied_kinds = ["federal"]',
            'community_denied_kinds = "federal"',
            "list of ids",
        ),
        ('version = "1.1.0"', "version = 1", "version must be a non-empty string"),
        ('version = "1.1.0"', 'version = "1.1.0"\nauthor = "x"', "author: unknown key"),
        ('arson = "arson"', 'Arson = "arson"', "snake_case"),
    ],
)
def test_invalid_policy_is_refused_with_the_key_named(old: str, new: str, message: str):
    with pytest.raises(PolicyInvalid, match=message.replace("(", r"\(").replace(")", r"\)")):
        policy_parse(_edited(old, new))


def test_every_rule_needs_a_description():
    line = next(ln for ln in RAW.decode().splitlines() if ln.startswith('"community.window.max"'))
    with pytest.raises(PolicyInvalid, match=r"no description for rule community\.window\.max"):
        policy_parse(_edited(line + "\n", ""))


def test_description_of_unknown_rule_refused():
    with pytest.raises(PolicyInvalid, match=r"rules\.community\.window\.color: unknown key"):
        policy_parse(RAW + b'"community.window.color" = "Windows are blue."\n')


def test_description_with_unknown_placeholder_refused():
    with pytest.raises(PolicyInvalid, match=r"unknown placeholder \{community\.window_mx\}"):
        policy_parse(_edited("{community.window_max}", "{community.window_mx}"))


def test_not_toml_or_not_utf8_refused():
    with pytest.raises(PolicyInvalid, match="not valid TOML"):
        policy_parse(b"version = ")
    with pytest.raises(PolicyInvalid, match="not UTF-8"):
        policy_parse(b"\xff\xfe")


def test_rule_ids_are_unique_and_dotted():
    ids = [rule.value for rule in Rule]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", rule) for rule in ids)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ('federal = ["subpoena"]', "'subpoena' is not in legal.video_kinds"),
        ('federal = ["wiretap"]', "'wiretap' is not defined in legal.kinds"),
        ('tribal = ["warrant"]', "tribal: not defined in agencies.kinds"),
    ],
)
def test_agency_legal_video_kinds_only_narrow_the_policy(new: str, message: str) -> None:
    with pytest.raises(PolicyInvalid) as caught:
        policy_parse(_edited('federal = ["warrant"]', new))
    assert message in str(caught.value)
