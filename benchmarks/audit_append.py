"""Sustained append-and-integrate throughput of the audit log on PostgreSQL.

In a fresh test database (created and dropped by this script):

- an appender thread records entries with ``audit_record`` in transactions of
  ``BATCH`` entries (each entry is two rows: the public entry and its private
  details), while a sequencer thread integrates pending entries into tiles and
  signs a checkpoint per batch, as the Celery worker does;
- the baseline inserts raw rows of the same size (the leaf plus the private
  details) one INSERT per row, in transactions of the same size.

Throughput counts entries that are integrated (signed into a checkpoint).
The last line is the ratio audit entries/s over raw rows/s.

Run: ``DATABASE_URL=postgres://... python -m benchmarks.audit_append [seconds]``.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection, connections, transaction  # noqa: E402

from fairwitness.audit import services  # noqa: E402
from fairwitness.audit.models import AuditEntry, LogHead  # noqa: E402
from fairwitness.audit.sequencer import log_sequence  # noqa: E402
from fairwitness.audit.tests.factories import SampleEvent  # noqa: E402

BATCH = 100
PRIVATE = {"reason": "x" * 120, "name": "A. Person", "address": "1 Main Street"}


def record_batch(start: int) -> None:
    with transaction.atomic():
        for n in range(start, start + BATCH):
            services.audit_record(
                event=SampleEvent.CLIP_VIEWED,
                actor=None,
                subject={"clip": n, "grant": n},
                public={"decision": "allowed", "rule": "grant.live", "policy_hash": "ab" * 32},
                private=PRIVATE,
            )


def audit_run(seconds: float) -> float:
    stop = threading.Event()
    appended = [0]

    def appender() -> None:
        n = 0
        while not stop.is_set():
            record_batch(n)
            n += BATCH
        appended[0] = n
        connections.close_all()

    def sequencer() -> None:
        while not stop.is_set():
            if log_sequence() == 0:
                time.sleep(0.01)
        connections.close_all()

    threads = [threading.Thread(target=appender), threading.Thread(target=sequencer)]
    size_before = LogHead.objects.get(pk=1).size
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    integrated = LogHead.objects.get(pk=1).size - size_before
    pending = AuditEntry.objects.filter(index__isnull=True).count()
    print(
        f"audit: appended {appended[0]}, integrated {integrated}, "
        f"pending {pending}, {elapsed:.1f} s"
    )
    return integrated / elapsed


def raw_run(seconds: float, row_bytes: int) -> float:
    payload = b"x" * row_bytes
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw (id bigserial PRIMARY KEY, data bytea NOT NULL)")
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        with transaction.atomic(), connection.cursor() as cursor:
            for _ in range(BATCH):
                cursor.execute("INSERT INTO bench_raw (data) VALUES (%s)", [payload])
        count += BATCH
    elapsed = time.perf_counter() - start
    print(f"raw: {count} single-row INSERTs of {row_bytes} bytes, {elapsed:.1f} s")
    return count / elapsed


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database: this benchmark measures PostgreSQL")
    services._sequence_soon = lambda: None  # the sequencer thread integrates instead
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        LogHead.objects.get_or_create(pk=1)
        record_batch(0)
        log_sequence()
        sample = AuditEntry.objects.select_related("private").first()
        assert sample is not None
        row_bytes = len(bytes(sample.leaf)) + len(sample.private.details) + 32
        audit = audit_run(seconds)
        raw = raw_run(seconds, row_bytes)
        print(f"audit append+integrate: {audit:.0f} entries/s")
        print(f"raw single-row INSERT: {raw:.0f} rows/s")
        print(f"ratio audit/raw: {audit / raw:.2f}")
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
