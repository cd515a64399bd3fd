"""Sustained append-and-integrate throughput of the audit log on PostgreSQL.

In a fresh test database (created and dropped by this script):

- appender processes (1 by default; like web workers) record entries with ``audit_record_many`` in
  transactions of ``BATCH`` entries (each entry is the public entry, its private
  details and one subject-index row per subject it names, here two: four rows,
  written by one multi-row INSERT per table), while
  a sequencer process integrates pending entries into tiles and signs a
  checkpoint per batch, as the Celery worker does beside the web process;
- the baselines insert raw rows of the same size (the leaf plus the private
  details) in transactions of the same size: one INSERT per row (the issue's
  baseline), and one multi-row INSERT per transaction (the same write
  pattern as the appender, without any of the log's work).

Throughput counts entries that are integrated (signed into a checkpoint).
The last lines are the ratios of audit entries/s over raw rows/s.

Run: ``DATABASE_URL=postgres://... python -m benchmarks.audit_append [seconds] [appenders]``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import psycopg  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from fairwitness.audit import services  # noqa: E402
from fairwitness.audit.models import AuditEntry, LogHead  # noqa: E402
from fairwitness.audit.sequencer import log_sequence  # noqa: E402
from fairwitness.audit.subjects import Subject  # noqa: E402
from fairwitness.audit.tests.factories import SampleEvent  # noqa: E402

BATCH = 1000
PRIVATE = {"reason": "x" * 120, "name": "A. Person", "address": "1 Main Street"}


def record_batch(start: int) -> None:
    with transaction.atomic():
        services.audit_record_many(
            records=[
                services.AuditEventRecord(
                    event=SampleEvent.CLIP_VIEWED,
                    actor=None,
                    subject=[Subject("clip", n), Subject("grant", n)],
                    public={"decision": "allowed", "rule": "grant.live", "policy_hash": "ab" * 32},
                    private=PRIVATE,
                )
                for n in range(start, start + BATCH)
            ]
        )


def _sequencer_loop(stop: Any) -> None:
    """The worker's part: integrate and sign until told to stop."""
    while not stop.is_set():
        if log_sequence() == 0:
            time.sleep(0.01)
    connections.close_all()


def _appender_loop(stop: Any, appended: Any, first: int) -> None:
    """A web process's part: record transactions of BATCH events until told to stop."""
    n = first
    while not stop.is_set():
        record_batch(n)
        n += BATCH
        with appended.get_lock():
            appended.value += BATCH
    connections.close_all()


def audit_run(seconds: float, appenders: int) -> float:
    """Appender processes and one sequencer process, as web workers and a Celery worker are."""
    size_before = LogHead.objects.get(pk=1).size
    connections.close_all()  # a forked child must not share this process's connection
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    appended = context.Value("q", 0)
    processes = [context.Process(target=_sequencer_loop, args=(stop,))]
    processes += [
        context.Process(target=_appender_loop, args=(stop, appended, (k + 1) * 10**9))
        for k in range(appenders)
    ]
    start = time.perf_counter()
    for process in processes:
        process.start()
    time.sleep(seconds)
    stop.set()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - start
    integrated = LogHead.objects.get(pk=1).size - size_before
    pending = AuditEntry.objects.filter(index__isnull=True).count()
    print(
        f"audit: {appenders} appender process(es) appended {appended.value} in transactions "
        f"of {BATCH}, integrated {integrated}, pending {pending}, {elapsed:.1f} s"
    )
    return integrated / elapsed


def raw_run(seconds: float, row_bytes: int, *, multi_row: bool) -> float:
    """Raw rows of ``row_bytes`` in transactions of BATCH: one INSERT per row, or one per batch."""
    payload = b"x" * row_bytes
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute("CREATE TABLE bench_raw (id bigserial PRIMARY KEY, data bytea NOT NULL)")
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        with transaction.atomic():
            if multi_row:
                connection.ensure_connection()
                with psycopg.Cursor(connection.connection) as raw:
                    raw.execute(
                        "INSERT INTO bench_raw (data) SELECT unnest(%b::bytea[])",
                        [[payload] * BATCH],
                    )
            else:
                with connection.cursor() as cursor:
                    for _ in range(BATCH):
                        cursor.execute("INSERT INTO bench_raw (data) VALUES (%s)", [payload])
        count += BATCH
    elapsed = time.perf_counter() - start
    kind = f"multi-row INSERTs of {BATCH} rows" if multi_row else "single-row INSERTs"
    print(f"raw: {count} rows of {row_bytes} bytes by {kind}, {elapsed:.1f} s")
    return count / elapsed


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    appenders = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database: this benchmark measures PostgreSQL")
    services._sequence_soon = lambda: None  # the sequencer process integrates instead
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        LogHead.objects.get_or_create(pk=1)
        record_batch(0)
        log_sequence()
        sample = AuditEntry.objects.select_related("private").first()
        assert sample is not None
        row_bytes = len(bytes(sample.leaf)) + len(sample.private.details) + 32
        audit = audit_run(seconds, appenders)
        raw = raw_run(seconds, row_bytes, multi_row=False)
        bulk = raw_run(seconds, row_bytes, multi_row=True)
        print(f"audit append+integrate: {audit:.0f} entries/s")
        print(f"raw single-row INSERT: {raw:.0f} rows/s")
        print(f"raw multi-row INSERT: {bulk:.0f} rows/s")
        print(f"ratio audit/raw single-row: {audit / raw:.2f}")
        print(f"ratio audit/raw multi-row: {audit / bulk:.2f}")
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
