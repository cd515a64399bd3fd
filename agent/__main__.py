"""Command line: `fairwitness-agent` / `python -m agent`.

run           capture from the source and upload clips until interrupted
upload-once   deliver what is queued, then exit (status 1 if anything is left)
status        print the queue: pending and failed clips
retry-failed  put failed clips back in the queue with their original upload ids
pair          exchange a pairing code (--code) for this device's credential and store it
              (mode 0600, in the spool directory unless --credential-file); run then uses it
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from agent.config import AgentConfig, ConfigError, config_load, zone_parse_flag
from agent.credential import token_fingerprint
from agent.pairing import PairingError, pair_command
from agent.pipeline import capture_run
from agent.source import FrameSource, SourceError, source_spec_parse
from agent.spool import Spool, SpoolBusy
from agent.status import status_render
from agent.uploader import Uploader

log = logging.getLogger("agent")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fairwitness-agent",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["run", "upload-once", "status", "retry-failed", "pair"])
    parser.add_argument("-c", "--config", type=Path, help="TOML config file")
    parser.add_argument("--server", dest="server_url", help="server base URL")
    parser.add_argument("--token", help="device token (prefer FAIRWITNESS_AGENT_TOKEN)")
    parser.add_argument("--source", dest="source_url", help="rtsp://, http://, /dev/videoN or file")
    parser.add_argument("--camera", help="camera label stored in each manifest")
    parser.add_argument("--spool", dest="spool_dir", type=Path, help="spool directory")
    parser.add_argument(
        "--realtime",
        action="store_true",
        default=None,
        help="pace a file source at its own frame rate",
    )
    parser.add_argument("--threshold", dest="motion.threshold", type=int)
    parser.add_argument(
        "--min-area",
        dest="motion.min_area",
        type=float,
        help="smallest moving region, as a fraction of the frame",
    )
    parser.add_argument("--frames-to-trigger", dest="motion.frames_to_trigger", type=int)
    parser.add_argument("--pre-roll", dest="clip.pre_roll", type=float, help="seconds")
    parser.add_argument("--post-roll", dest="clip.post_roll", type=float, help="seconds")
    parser.add_argument("--max-length", dest="clip.max_length", type=float, help="seconds")
    parser.add_argument("--chunk-size", dest="upload.chunk_size", type=int, help="bytes")
    parser.add_argument(
        "--zone",
        action="append",
        default=[],
        help="privacy zone 'x,y x,y x,y' in 0..1 coordinates (repeatable)",
    )
    parser.add_argument("--code", help="pair: the pairing code from the camera's page")
    parser.add_argument("--name", help="pair: this device's name on the camera's page")
    parser.add_argument(
        "--force", action="store_true", help="pair: replace an existing device credential"
    )
    parser.add_argument(
        "--credential-file",
        dest="credential_file",
        type=Path,
        help="where pair stores the device credential (default: device.json in the spool)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


_NOT_SETTINGS = ("command", "config", "zone", "verbose", "code", "name", "force")


def _config(args: argparse.Namespace) -> AgentConfig:
    overrides = {k: v for k, v in vars(args).items() if k not in _NOT_SETTINGS}
    # pair reads the stored credential itself: a damaged one must not stop `pair --force`.
    config = config_load(args.config, overrides, stored_credential=args.command != "pair")
    if args.zone:
        extra = tuple(zone_parse_flag(text, i) for i, text in enumerate(args.zone))
        config = AgentConfig(**{**config.__dict__, "zones": config.zones + extra})
    return config


def _require(config: AgentConfig, *names: str) -> None:
    missing = [n for n in names if not getattr(config, n)]
    if missing:
        raise ConfigError(f"missing setting(s): {', '.join(missing)} (config file or flags)")


def _device_line(config: AgentConfig) -> str:
    if not config.token:
        return "device: no token (pair with `pair --server URL --code CODE`)"
    where = f" for {config.server_url}" if config.server_url else ""
    return f"device: token {token_fingerprint(config.token)}{where} from {config.auth_source}"


def _run(config: AgentConfig, spool: Spool) -> int:
    """Capture in this thread and upload in another. On SIGINT/SIGTERM the open clip is
    committed and both stop; a file source ends by itself, and then the queue is drained."""
    _require(config, "server_url", "token", "source_url")
    log.info("device token %s from %s", token_fingerprint(config.token), config.auth_source)
    stop, finish = threading.Event(), threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d: finishing the open clip and stopping", signum)
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    with spool.lock("capture"):
        spool.recover()
        uploader = Uploader(config, spool)
        worker = threading.Thread(
            target=_upload_loop, args=(uploader, stop, finish), name="uploader"
        )
        worker.start()
        source = FrameSource(
            source_spec_parse(config.source_url), stop=stop, realtime=config.realtime
        )
        code = 0
        try:
            stats = capture_run(config, source, spool, stop=stop)
            log.info("capture ended: %d frames, %d clip(s)", stats.frames, stats.clip_count)
        except SourceError as exc:
            log.error("%s", exc)
            code = 2
        finally:
            finish.set()
            worker.join()
    return code


def _upload_loop(uploader: Uploader, stop: threading.Event, finish: threading.Event) -> None:
    try:
        with uploader.spool.lock("upload"):
            uploader.run_forever(stop, finish=finish)
    except SpoolBusy as exc:
        log.error("%s; clips stay queued for it", exc)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        config = _config(args)
        if args.command == "pair":
            return pair_command(
                config, code=args.code, name=args.name, force=args.force, out=sys.stdout
            )
        spool = Spool(config.spool_dir)
        if args.command == "status":
            print(_device_line(config))
            print(status_render(spool))
            return 0
        if args.command == "retry-failed":
            print(f"requeued {spool.failed_requeue()} clip(s)")
            return 0
        if args.command == "upload-once":
            _require(config, "server_url", "token")
            with spool.lock("upload"):
                result = Uploader(config, spool).drain(retries=0)
            print(
                f"delivered {result.delivered}, failed {result.failed}, "
                f"still queued {result.remaining}"
            )
            return 1 if result.remaining else 0
        return _run(config, spool)
    except (ConfigError, SpoolBusy) as exc:
        print(f"fairwitness-agent: {exc}", file=sys.stderr)
        return 2
    except PairingError as exc:
        print(f"fairwitness-agent: pairing failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
