"""`pair`: the exchange, the stored credential (0600, never printed), and every refusal."""

from __future__ import annotations

import json
import logging
import os
import socket
import stat
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest

from agent.__main__ import main
from agent.config import TOKEN_ENV, ConfigError, config_load
from agent.credential import credential_load, token_fingerprint
from agent.spool import Spool
from agent.tests.conftest import spool_add
from agent.tests.ingest_server import Fault

LONG_TOKEN = "fwd_" + "Q7x-" * 10 + "abc"  # the server's shape: fwd_ + 43 characters
CODE = "ABCD-EFGH-JKMN"
ZONE = {"name": "window", "points": [[0.0, 0.0], [0.25, 0.0], [0.25, 0.3]]}


@pytest.fixture(autouse=True)
def _no_token_in_env(monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)


@pytest.fixture
def pairing(server):
    server.state.token = LONG_TOKEN
    server.state.pairing_codes.add(CODE)
    server.state.pair_zones = [ZONE]
    return server


def stored_token(path):
    credential = credential_load(path)
    assert credential is not None
    return credential.token


def pair(server_url, spool_dir, *extra, code=CODE):
    return main(["pair", "--server", server_url, "--code", code, "--spool", str(spool_dir), *extra])


def test_pair_stores_the_credential_owner_only_and_never_prints_the_token(
    pairing, tmp_path, capsys
):
    old_umask = os.umask(0)  # the file must be 0600 even when the umask would allow more
    try:
        assert pair(pairing.url, tmp_path / "spool", "--name", "porch-pi") == 0
    finally:
        os.umask(old_umask)
    out, err = capsys.readouterr()
    assert LONG_TOKEN not in out + err
    assert LONG_TOKEN[:10] + "..." in out and "camera 'Porch' (id 7)" in out
    assert "1 privacy zone(s)" in out
    path = tmp_path / "spool" / "device.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = json.loads(path.read_text())
    assert stored["token"] == LONG_TOKEN and stored["server"] == pairing.url
    assert stored["camera_id"] == 7 and stored["privacy_zones"] == [ZONE]
    assert pairing.state.pair_requests == [{"code": CODE, "name": "porch-pi"}]
    assert LONG_TOKEN not in repr(credential_load(path))


def test_the_stored_credential_is_what_upload_once_and_run_use(pairing, tmp_path, capsys):
    """GIVEN a paired spool WHEN upload-once runs with neither --server nor a token
    THEN it delivers with the stored token to the stored server; the config carries the
    camera's zones; status names the token by its fingerprint only."""
    spool_dir = tmp_path / "spool"
    assert pair(pairing.url, spool_dir) == 0
    spool_add(Spool(spool_dir), b"clip bytes" * 50)
    assert main(["upload-once", "--spool", str(spool_dir)]) == 0
    assert len(pairing.state.completions) == 1
    config = config_load(None, {"spool_dir": spool_dir})
    assert (config.token, config.server_url) == (LONG_TOKEN, pairing.url)
    assert config.auth_source == str(spool_dir / "device.json")
    assert [z.points for z in config.zones] == [((0.0, 0.0), (0.25, 0.0), (0.25, 0.3))]
    capsys.readouterr()
    assert main(["status", "--spool", str(spool_dir)]) == 0
    out = capsys.readouterr().out
    assert f"device: token {LONG_TOKEN[:10]}..." in out and LONG_TOKEN not in out


def test_a_token_from_flags_or_environment_wins_over_the_stored_one(pairing, tmp_path, monkeypatch):
    spool_dir = tmp_path / "spool"
    assert pair(pairing.url, spool_dir) == 0
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    config = config_load(None, {"spool_dir": spool_dir})
    assert (config.token, config.auth_source, config.zones) == ("from-env", TOKEN_ENV, ())
    config = config_load(None, {"spool_dir": spool_dir, "token": "from-flag"})
    assert (config.token, config.auth_source) == ("from-flag", "--token")


def test_a_wrong_code_is_refused_plainly_and_nothing_is_stored(pairing, tmp_path, capsys):
    assert pair(pairing.url, tmp_path / "spool", code="WRONG-CODE") == 1
    err = capsys.readouterr().err
    assert "pairing failed: the server refused the code: This pairing code is unknown." in err
    assert not (tmp_path / "spool" / "device.json").exists()


def test_throttling_is_reported_with_the_wait(pairing, tmp_path, capsys):
    body = {"error": "pairing_throttled", "message": "Too many wrong codes.", "detail": None}
    pairing.state.faults["pair"] = [Fault(429, body, {"Retry-After": "42"})]
    assert pair(pairing.url, tmp_path / "spool") == 1
    err = capsys.readouterr().err
    assert "refuses pairing for now: Too many wrong codes. Try again in 42 s." in err


def test_an_unreachable_server_is_reported_and_nothing_is_stored(tmp_path, capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert pair(f"http://127.0.0.1:{port}", tmp_path / "spool") == 1
    err = capsys.readouterr().err
    assert "cannot reach the server" in err and "still works until it expires" in err
    assert not (tmp_path / "spool" / "device.json").exists()


def test_an_existing_credential_is_kept_unless_forced(pairing, tmp_path, capsys):
    """GIVEN a paired device WHEN pair runs again THEN it refuses (exit 2) without sending
    the new code; with --force it pairs and replaces the stored credential."""
    spool_dir = tmp_path / "spool"
    assert pair(pairing.url, spool_dir) == 0
    pairing.state.pairing_codes.add("NEW-CODE")
    capsys.readouterr()
    assert pair(pairing.url, spool_dir, code="NEW-CODE") == 2
    err = capsys.readouterr().err
    assert "already paired with camera 'Porch'" in err and "--force" in err
    assert LONG_TOKEN not in err and len(pairing.state.pair_requests) == 1
    pairing.state.token = "fwd_" + "N" * 43
    assert pair(pairing.url, spool_dir, "--force", code="NEW-CODE") == 0
    assert stored_token(spool_dir / "device.json") == "fwd_" + "N" * 43


def test_a_failed_forced_pairing_keeps_the_old_credential(pairing, tmp_path):
    spool_dir = tmp_path / "spool"
    assert pair(pairing.url, spool_dir) == 0
    assert pair(pairing.url, spool_dir, "--force", code="USED-UP") == 1
    assert stored_token(spool_dir / "device.json") == LONG_TOKEN


def test_a_token_already_in_the_environment_counts_as_a_credential(
    pairing, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv(TOKEN_ENV, "older-token")
    assert pair(pairing.url, tmp_path / "spool") == 2
    assert f"already set by {TOKEN_ENV}" in capsys.readouterr().err
    assert pair(pairing.url, tmp_path / "spool", "--force") == 0
    assert f"note: {TOKEN_ENV} still sets a token" in capsys.readouterr().out


def test_a_damaged_credential_is_reported_and_can_be_replaced(pairing, tmp_path, capsys):
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    (spool_dir / "device.json").write_text("{not json")
    assert main(["status", "--spool", str(spool_dir)]) == 2
    assert "is damaged" in capsys.readouterr().err
    assert pair(pairing.url, spool_dir) == 2
    assert pair(pairing.url, spool_dir, "--force") == 0
    assert stored_token(spool_dir / "device.json") == LONG_TOKEN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--server", "http://127.0.0.1:9"], "pair needs --code"),
        (["--code", CODE], "pair needs --server"),
        (["--server", "witness.example.org", "--code", CODE], "is not a web address"),
    ],
)
def test_usage_mistakes_exit_2_with_a_message(tmp_path, capsys, args, message):
    assert main(["pair", "--spool", str(tmp_path / "s"), *args]) == 2
    assert message in capsys.readouterr().err


class _Canned(BaseHTTPRequestHandler):
    status = 404
    body = b"<html>Not Found</html>"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format, *args):
        pass


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (404, b"<html>Not Found</html>", "answered 404"),
        (201, b'{"hello": "world"}', "not with a device credential"),
        (
            201,
            b'{"token": "t", "camera_id": 1, "privacy_zones": [{"points": [[0, 0]]}]}',
            "not with a device credential (zone 'zone-0' needs at least three points)",
        ),
        (500, b"oops", "answered 500"),
    ],
)
def test_an_answer_that_is_not_a_pairing_is_refused(tmp_path, capsys, status, body, message):
    handler = type("Handler", (_Canned,), {"status": status, "body": body})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        assert pair(url, tmp_path / "spool") == 1
    finally:
        httpd.shutdown()
        httpd.server_close()
    err = capsys.readouterr().err
    assert message in err and "s --server the Fair Witness address?" in err
    assert not (tmp_path / "spool" / "device.json").exists()


def test_a_credential_others_can_read_is_warned_about(pairing, tmp_path, caplog):
    spool_dir = tmp_path / "spool"
    assert pair(pairing.url, spool_dir) == 0
    (spool_dir / "device.json").chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="agent.credential"):
        credential_load(spool_dir / "device.json")
    assert "chmod 600" in caplog.text and LONG_TOKEN not in caplog.text


def test_fingerprints_show_a_server_tokens_prefix_and_only_a_hash_of_a_short_one():
    assert token_fingerprint(LONG_TOKEN) == LONG_TOKEN[:10] + "..."
    short = token_fingerprint("device-token-for-tests")
    assert short.startswith("sha256:") and "device" not in short


def test_a_credential_file_can_live_elsewhere(pairing, tmp_path):
    elsewhere = tmp_path / "etc" / "fw" / "device.json"
    spool_dir = tmp_path / "spool"
    assert pair(pairing.url, spool_dir, "--credential-file", str(elsewhere)) == 0
    assert stat.S_IMODE(elsewhere.parent.stat().st_mode) == 0o700
    assert not (spool_dir / "device.json").exists()
    config_file = tmp_path / "agent.toml"
    config_file.write_text(f'[server]\ncredential_file = "{elsewhere}"\n')
    config = config_load(Path(config_file), {"spool_dir": spool_dir})
    assert config.token == LONG_TOKEN


def test_pair_takes_the_server_and_spool_from_the_config_file(pairing, tmp_path, capsys):
    config_file = tmp_path / "agent.toml"
    spool_dir = tmp_path / "from-config"
    config_file.write_text(f'[server]\nurl = "{pairing.url}/"\n[spool]\ndir = "{spool_dir}"\n')
    assert main(["pair", "-c", str(config_file), "--code", CODE]) == 0
    assert stored_token(spool_dir / "device.json") == LONG_TOKEN
    assert f"at {pairing.url}\n" in capsys.readouterr().out
    config = config_load(config_file)
    assert (config.token, config.server_url) == (LONG_TOKEN, f"{pairing.url}/")


def test_a_credential_file_setting_that_is_not_a_path_is_refused(tmp_path):
    config_file = tmp_path / "agent.toml"
    config_file.write_text("[server]\ncredential_file = 5\n")
    with pytest.raises(ConfigError, match=r"\[server\] credential_file must be a file path"):
        config_load(config_file)
