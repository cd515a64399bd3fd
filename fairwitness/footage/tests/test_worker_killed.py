"""Acceptance 3: a real Celery worker process is SIGKILLed while it processes a clip; after
a new worker starts, the clip is processed exactly once.

Everything runs in subprocesses against a throw-away installation (its own data folder,
SQLite file and filesystem broker), as in production without any server.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fairwitness.footage.tests.videos import make_video

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]

INGEST = """
import uuid
from datetime import UTC, datetime
from pathlib import Path
from fairwitness.accounts.models import User
from fairwitness.cameras.services import camera_register
from fairwitness.footage.ingest import clip_ingest_file
owner = User.objects.create_user(username="owner", password="x" * 20, role="resident")
camera = camera_register(owner=owner, name="Porch", latitude=45.5, longitude=-122.6)
clip = clip_ingest_file(camera=camera, upload_id=uuid.uuid4(),
                        started_at=datetime.now(UTC), source=Path({source!r}))
print(clip.pk)
"""
SWEEP = "from fairwitness.footage.tasks import jobs_resume_task; jobs_resume_task.delay()"


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {
            **os.environ,
            "FAIRWITNESS_DATA_DIR": str(root),
            "FAIRWITNESS_JOB_STALLED_SECONDS": "0",
            "FAIRWITNESS_LOG_LEVEL": "WARNING",
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
        self.env.pop("DATABASE_URL", None)

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def worker(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config.celery", "worker",
             "--pool", "solo", "--loglevel", "WARNING", "--without-heartbeat",
             "--without-gossip", "--without-mingle"],
            cwd=REPO,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def query(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.root / "fairwitness.sqlite3", timeout=20) as db:
            return db.execute(sql, params).fetchall()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    site = Site(tmp_path / "site")
    site.root.mkdir()
    site.manage("migrate", "--verbosity", "0")
    yield site


def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_mid_processing_leaves_no_duplicate(site: Site, tmp_path: Path) -> None:
    # MPEG-4 Part 2 is not browser-playable, so the job transcodes it: seconds of work, a
    # window wide enough to see the job running and kill it mid-way. (A browser-ready H.264
    # clip is kept as uploaded and its job can finish between two polls.)
    source = make_video(
        tmp_path / "clip.mp4", codec="mpeg4", frames=450, width=640, height=480, faststart=True
    )
    clip_id = int(site.manage("shell", "-c", INGEST.format(source=str(source))).split()[-1])
    job = "SELECT state, attempts FROM footage_clipjob WHERE clip_id = ?"
    assert site.query(job, clip_id) == [("queued", 0)]

    first = site.worker()
    try:
        wait_for(lambda: site.query(job, clip_id)[0][0] == "running", 60, "the job to start")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    assert site.query(job, clip_id) == [("running", 1)]
    assert site.query("SELECT count(*) FROM footage_clipkey WHERE clip_id = ?", clip_id) == [(0,)]

    second = site.worker()
    try:
        site.manage("shell", "-c", SWEEP)  # the periodic sweep, run now
        wait_for(lambda: site.query(job, clip_id)[0][0] == "done", 90, "the job to finish")
        time.sleep(1.0)  # let any duplicate delivery run too
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)
    assert site.query(job, clip_id)[0][0] == "done"
    assert site.query("SELECT count(*) FROM footage_clip") == [(1,)]
    assert site.query("SELECT state FROM footage_clip") == [("ready",)]
    assert site.query("SELECT count(*) FROM footage_clipkey") == [(1,)]
    blobs = sorted(p.name for p in (site.root / "vault").rglob("*") if p.is_file())
    assert blobs == [f"{clip_id}.thumb", f"{clip_id}.video"]
    assert [p for p in (site.root / "scratch").rglob("*") if p.is_file()] == []
