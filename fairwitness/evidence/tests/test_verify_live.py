"""The verifier's ``--log`` check against the running server's log over loopback HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from fairwitness.audit.keys import log_vkey
from fairwitness.audit.models import Tile
from fairwitness.audit.tests.factories import entry_record
from fairwitness.evidence.services import evidence_package_build
from fairwitness.evidence.tests.conftest import release_facts, release_recorded
from fairwitness.evidence.verify.__main__ import main as verify_main
from fairwitness.footage.tests.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_package_checks_against_the_live_log_as_it_grows(
    live_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with transaction.atomic():
        entries = release_recorded()
    release = make_video(tmp_path / "release.mp4", frames=3, width=96, height=64)
    package = evidence_package_build(
        release=release, target=tmp_path / "e.zip", facts=release_facts(entries, "ef" * 32)
    )
    log_url = f"{live_server.url}/log"

    def run() -> tuple[int, str]:
        code = verify_main([str(package.path), "--key", log_vkey(), "--log", log_url])
        out = capsys.readouterr()
        return code, (out.out + out.err).strip()

    code, line = run()
    assert code == 0, line
    assert line.endswith(f"consistent with the live log at size {package.checkpoint_size}")

    with transaction.atomic():  # the log grows after the package was sealed
        for n in range(5):
            entry_record(n=n)
    code, line = run()
    assert code == 0, line
    assert line.endswith(f"consistent with the live log at size {package.checkpoint_size + 5}")

    # The server now serves a tree that is not the one it signed.
    tile = Tile.objects.get(level=0, index=0)
    tile.data = bytes(32) + bytes(tile.data)[32:]
    tile.save()
    code, line = run()
    assert code == 1
    assert line == (
        "FAIL inconsistent with the live log: the live log's tiles do not hash to its "
        "checkpoint's root"
    )

    code = verify_main([str(package.path), "--key", log_vkey(), "--log", f"{log_url}/nothing"])
    assert code == 1
    assert capsys.readouterr().err.startswith("FAIL network error: reading the live log: ")
