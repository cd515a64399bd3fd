"""The log across the change of entry format (acceptance 4).

A log that holds version 1 entries (written before the change, and never
rewritten) grows with version 2 entries: the verifier accepts the new
checkpoint as consistent with the one it saw before the change, recomputes
every tile from both kinds of entries, and proves an old entry's inclusion; a
witness that cosigned the old checkpoint cosigns the new one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from fairwitness.audit.keys import log_vkey
from fairwitness.audit.models import AuditEntry, Checkpoint
from fairwitness.audit.tests.factories import entry_record
from fairwitness.audit.tests.legacy_format import legacy_writer
from fairwitness.audit.tests.test_end_to_end import RunningWitness, witness
from fairwitness.audit.tlog.keys import vkey_format
from fairwitness.audit.verifier.__main__ import main as verify_main
from fairwitness.audit.witnessing import checkpoint_is_final, witnesses_push

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["witness"]


def _grow(count: int, start: int) -> None:
    with transaction.atomic():
        for n in range(start, start + count):
            entry_record(n=n)


def test_old_entries_still_verify_after_new_format_entries_are_added(
    live_server: Any,
    tmp_path: Path,
    witness: RunningWitness,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with legacy_writer(monkeypatch):
        _grow(300, 0)
    state = tmp_path / "verifier-state"
    args = ["--log", f"{live_server.url}/log", "--key", log_vkey(), "--state", str(state)]
    assert verify_main([*args, "--full"]) == 0
    assert "size 300" in capsys.readouterr().out
    witnesses_push()
    first = Checkpoint.objects.get(size=300)
    assert checkpoint_is_final(first)

    _grow(100, 300)
    versions = [
        json.loads(bytes(leaf))["v"]
        for leaf in AuditEntry.objects.order_by("index").values_list("leaf", flat=True)
    ]
    assert versions == [1] * 300 + [2] * 100

    witnessed = ["--witness", vkey_format(witness.signer), "--witness-threshold", "1"]
    code = verify_main([*args, "--full", "--prove-index", "7", *witnessed])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "size 400" in out.out and "consistent with 300" in out.out
    assert "1/1 witnesses" in out.out and "entry 7 included" in out.out
    latest = Checkpoint.objects.order_by("-size").first()
    assert latest is not None and latest.size == 400 and checkpoint_is_final(latest)
