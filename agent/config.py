"""Agent configuration: a TOML file, overridden by command-line flags.

The file layout (every key optional except where noted):

    [server]  url, token, credential_file
              (without a token: FAIRWITNESS_AGENT_TOKEN, else the credential `pair` stored)
    [source]  url (required for `run`), camera, realtime
    [spool]   dir
    [motion]  width, threshold, min_area, frames_to_trigger, background_alpha, detect_fps
    [clip]    pre_roll, post_roll, max_length, preset, crf
    [upload]  chunk_size, backoff_base, backoff_cap
    [[zones]] name, points = [[x, y], ...] in normalised 0..1 image coordinates
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

log = logging.getLogger("agent.config")

TOKEN_ENV = "FAIRWITNESS_AGENT_TOKEN"  # noqa: S105 (a variable name, not a secret)
MAX_CHUNK_SIZE = 8 * 1024 * 1024


class ConfigError(ValueError):
    """The configuration is unusable; the message says which key and why."""


@dataclass(frozen=True)
class Zone:
    """A privacy zone: a polygon of at least three (x, y) points, each in 0..1."""

    name: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class MotionConfig:
    width: int = 320
    threshold: int = 25
    min_area: float = 0.003
    frames_to_trigger: int = 3
    background_alpha: float = 0.05
    # Detector runs per second of video; frames in between reuse the last verdict. Motion worth
    # a clip lasts far longer than 0.1 s (Frigate detects at 5 fps by default). 0 = every frame.
    detect_fps: float = 10.0


@dataclass(frozen=True)
class ClipConfig:
    pre_roll: float = 3.0
    post_roll: float = 5.0
    max_length: float = 120.0
    preset: str = "veryfast"
    crf: int = 23


@dataclass(frozen=True)
class UploadConfig:
    chunk_size: int = MAX_CHUNK_SIZE
    backoff_base: float = 1.0
    backoff_cap: float = 300.0


@dataclass(frozen=True)
class AgentConfig:
    server_url: str = ""
    token: str = ""
    source_url: str = ""
    camera: str = "camera"
    realtime: bool = False
    spool_dir: Path = Path("fairwitness-spool")
    motion: MotionConfig = field(default_factory=MotionConfig)
    clip: ClipConfig = field(default_factory=ClipConfig)
    upload: UploadConfig = field(default_factory=UploadConfig)
    zones: tuple[Zone, ...] = ()
    # Where `pair` stores the device credential; None: device.json in the spool directory.
    credential_file: Path | None = None
    # Where the token came from, for messages: "--token", "the config file", the environment
    # variable's name, or the credential file's path. Empty when there is no token.
    auth_source: str = ""

    @property
    def credential_path(self) -> Path:
        return self.credential_file or self.spool_dir / "device.json"


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table")
    return value


def _build(cls: type[Any], values: dict[str, Any], section: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = set(values) - set(known)
    if unknown:
        raise ConfigError(f"[{section}] has unknown keys: {', '.join(sorted(unknown))}")
    defaults = cls()
    converted: dict[str, Any] = {}
    for key, value in values.items():
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise ConfigError(f"[{section}] {key} must be a {expected.__name__}")
        converted[key] = value
    return cls(**converted)


def zone_parse(name: str, points: Any) -> Zone:
    """Validate one zone; raises ConfigError naming the zone when a point is malformed."""
    if not isinstance(points, list | tuple) or len(points) < 3:
        raise ConfigError(f"zone {name!r} needs at least three points")
    parsed: list[tuple[float, float]] = []
    for point in points:
        if not isinstance(point, list | tuple) or len(point) != 2:
            raise ConfigError(f"zone {name!r}: each point is [x, y]")
        x, y = (float(v) for v in point)
        if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            raise ConfigError(f"zone {name!r}: point {point} lies outside 0..1")
        parsed.append((x, y))
    return Zone(name=name, points=tuple(parsed))


def zone_parse_flag(text: str, index: int) -> Zone:
    """Parse a --zone flag of the form "x,y x,y x,y ..." (normalised coordinates)."""
    try:
        points = [[float(v) for v in pair.split(",")] for pair in text.split()]
    except ValueError as exc:
        raise ConfigError(f"--zone {text!r}: expected 'x,y x,y x,y'") from exc
    return zone_parse(f"flag-{index}", points)


def config_validate(config: AgentConfig) -> AgentConfig:
    """Check value ranges; returns the config unchanged or raises ConfigError."""
    m, c, u = config.motion, config.clip, config.upload
    checks = [
        (16 <= m.width <= 1920, "motion.width must be between 16 and 1920"),
        (1 <= m.threshold <= 255, "motion.threshold must be between 1 and 255"),
        (0.0 < m.min_area < 1.0, "motion.min_area is a fraction of the frame, between 0 and 1"),
        (m.frames_to_trigger >= 1, "motion.frames_to_trigger must be at least 1"),
        (0.0 < m.background_alpha <= 1.0, "motion.background_alpha must be in (0, 1]"),
        (m.detect_fps >= 0, "motion.detect_fps must be >= 0 (0 means every frame)"),
        (c.pre_roll >= 0 and c.post_roll >= 0, "clip.pre_roll and clip.post_roll must be >= 0"),
        (c.max_length > c.pre_roll, "clip.max_length must exceed clip.pre_roll"),
        (0 <= c.crf <= 51, "clip.crf must be between 0 and 51"),
        (0 < u.chunk_size <= MAX_CHUNK_SIZE, "upload.chunk_size must be between 1 and 8 MiB"),
        (u.backoff_base > 0 and u.backoff_cap >= u.backoff_base, "upload backoff must be > 0"),
    ]
    for ok, message in checks:
        if not ok:
            raise ConfigError(message)
    return config


def _path_or_none(values: dict[str, Any], key: str, section: str) -> Path | None:
    value = values.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"[{section}] {key} must be a file path")
    return Path(value)


def _credential_apply(config: AgentConfig) -> AgentConfig:
    """Without a token from flags, file or environment, use the credential `pair` stored: its
    token, its server when none is set, and the camera's privacy zones it brought along."""
    from agent.credential import credential_load  # agent.credential builds on this module

    stored = credential_load(config.credential_path)
    if stored is None:
        return config
    if config.server_url and config.server_url.rstrip("/") != stored.server.rstrip("/"):
        log.warning(
            "the device credential in %s was issued by %s, but the server is set to %s",
            config.credential_path,
            stored.server,
            config.server_url,
        )
    return replace(
        config,
        token=stored.token,
        auth_source=str(config.credential_path),
        server_url=config.server_url or stored.server,
        zones=config.zones + stored.zones,
    )


def config_load(
    path: Path | None, overrides: dict[str, Any] | None = None, *, stored_credential: bool = True
) -> AgentConfig:
    """Read `path` (if given), apply non-None `overrides` (AgentConfig field names, or
    "motion.<key>" / "clip.<key>" / "upload.<key>"), and validate. The token comes from the
    flags, else the file, else the environment, else (with `stored_credential`) the
    credential `pair` stored."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from exc
    server, source, spool = (_section(data, n) for n in ("server", "source", "spool"))
    zones_raw = data.get("zones", [])
    if not isinstance(zones_raw, list):
        raise ConfigError("zones must be an array of tables ([[zones]])")
    config = AgentConfig(
        server_url=str(server.get("url", "")),
        token=str(server.get("token", "")),
        source_url=str(source.get("url", "")),
        camera=str(source.get("camera", "camera")),
        realtime=bool(source.get("realtime", False)),
        spool_dir=Path(spool.get("dir", "fairwitness-spool")),
        credential_file=_path_or_none(server, "credential_file", "server"),
        motion=_build(MotionConfig, _section(data, "motion"), "motion"),
        clip=_build(ClipConfig, _section(data, "clip"), "clip"),
        upload=_build(UploadConfig, _section(data, "upload"), "upload"),
        zones=tuple(
            zone_parse(str(z.get("name", f"zone-{i}")), z.get("points"))
            for i, z in enumerate(zones_raw)
        ),
    )
    if config.token:
        config = replace(config, auth_source="the config file")
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key == "token":
            config = replace(config, auth_source="--token")
        if "." in key:
            part, sub = key.split(".", 1)
            config = replace(config, **{part: replace(getattr(config, part), **{sub: value})})
        else:
            config = replace(config, **{key: value})
    if not config.token and os.environ.get(TOKEN_ENV):
        config = replace(config, token=os.environ[TOKEN_ENV], auth_source=TOKEN_ENV)
    if not config.token and stored_credential:
        config = _credential_apply(config)
    return config_validate(config)
