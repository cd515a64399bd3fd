"""Configuration from TOML, flags and the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import ConfigError, config_load, zone_parse_flag

TOML = """
[server]
url = "https://fw.example.org"
[source]
url = "rtsp://cam/stream"
camera = "porch"
[spool]
dir = "spool"
[motion]
threshold = 30
min_area = 0.01
[clip]
pre_roll = 2
post_roll = 4.5
[[zones]]
name = "neighbour window"
points = [[0.0, 0.0], [0.3, 0.0], [0.3, 0.4]]
"""


def test_toml_is_read_and_flags_override_it(tmp_path, monkeypatch):
    monkeypatch.setenv("FAIRWITNESS_AGENT_TOKEN", "from-env")
    path = tmp_path / "agent.toml"
    path.write_text(TOML)
    config = config_load(path, {"motion.threshold": 12, "server_url": None})
    assert config.server_url == "https://fw.example.org" and config.token == "from-env"
    assert config.motion.threshold == 12 and config.motion.min_area == 0.01
    assert config.clip.pre_roll == 2.0 and config.clip.post_roll == 4.5
    assert config.spool_dir == Path("spool") and config.camera == "porch"
    assert config.zones[0].name == "neighbour window" and len(config.zones[0].points) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[motion]\nmin_area = 2.0", "min_area"),
        ("[motion]\nthreshold = 'high'", "threshold must be a int"),
        ("[clip]\nspeed = 1", "unknown keys: speed"),
        ("[[zones]]\npoints = [[0, 0], [1, 1]]", "at least three points"),
        ("[[zones]]\npoints = [[0, 0], [1.5, 0], [0, 1]]", "outside 0..1"),
        ("[upload]\nchunk_size = 99999999", "8 MiB"),
        ("not toml [", "cannot read config"),
    ],
)
def test_bad_config_is_refused_with_a_useful_message(tmp_path, text, message):
    path = tmp_path / "agent.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        config_load(path)


def test_zone_flag_syntax():
    zone = zone_parse_flag("0,0 0.5,0 0.5,0.5", 0)
    assert zone.points == ((0.0, 0.0), (0.5, 0.0), (0.5, 0.5))
    with pytest.raises(ConfigError):
        zone_parse_flag("0;0 1;1 1;0", 1)
