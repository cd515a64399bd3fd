"""The command line: status, retry-failed, upload-once and run on a file."""

from __future__ import annotations

from agent.__main__ import main
from agent.spool import Spool
from agent.tests.conftest import spool_add
from agent.tests.ingest_server import TOKEN, Fault
from agent.tests.synthetic import Segment, video_write


def test_status_lists_pending_and_failed_clips_with_the_reason(spool, capsys):
    waiting = spool_add(spool, b"a" * 2048)
    refused = spool_add(spool, b"b")
    spool.entry_fail(refused, code="unauthorized", message="token revoked", status=401)
    assert main(["status", "--spool", str(spool.root)]) == 0
    out = capsys.readouterr().out
    assert "pending: 1 clip(s)" in out and waiting.upload_id in out
    assert "failed: 1 clip(s)" in out and refused.upload_id in out
    assert "401 unauthorized: token revoked" in out
    assert main(["retry-failed", "--spool", str(spool.root)]) == 0
    assert len(Spool(spool.root).pending()) == 2


def test_upload_once_exits_nonzero_while_clips_remain(spool, server, capsys, monkeypatch):
    monkeypatch.setenv("FAIRWITNESS_AGENT_TOKEN", TOKEN)
    spool_add(spool, b"c" * 100)
    args = ["upload-once", "--spool", str(spool.root), "--server", server.url]
    server.state.faults["create"] = [Fault(503, {"error": "down"})]
    assert main(args) == 1
    assert main(args) == 0
    assert "delivered 1, failed 0, still queued 0" in capsys.readouterr().out


def test_run_on_a_file_captures_and_uploads_then_exits(tmp_path, server, monkeypatch):
    monkeypatch.setenv("FAIRWITNESS_AGENT_TOKEN", TOKEN)
    video = video_write(tmp_path / "v.mp4", duration=6.0, fps=10, segments=[Segment(2.0, 3.0)])
    spool_dir = tmp_path / "spool"
    code = main(
        [
            "run",
            "--source",
            str(video),
            "--spool",
            str(spool_dir),
            "--server",
            server.url,
            "--pre-roll",
            "1",
            "--post-roll",
            "1",
            "--zone",
            "0,0 0.2,0 0.2,0.2",
        ]
    )
    assert code == 0
    assert len(server.state.completions) == 1 and Spool(spool_dir).pending() == []


def test_missing_settings_are_reported(tmp_path, capsys):
    assert main(["run", "--spool", str(tmp_path / "s")]) == 2
    assert "missing setting(s): server_url, token, source_url" in capsys.readouterr().err
