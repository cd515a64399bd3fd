"""Inclusion-proof latency and whole-log verification time for a 1,000,000-entry log.

How the log is built (in a fresh test database, created and dropped here): the
entries are real public leaves (``entries.entry_build``, the format
``audit_record`` writes, with a random commitment; no private rows, which
proofs and verification never read). They are loaded with one PostgreSQL COPY
as already-integrated rows (indexes 0..N-1); the hash tiles come from one
``tiles_append`` call over all leaf hashes (the function the sequencer runs
per batch) and are stored with one bulk INSERT; the checkpoint is signed by
the sequencer's own signing step. The sequencer's batching is measured by
``audit_append.py``, not here.

Then a gunicorn (2 sync workers, production settings) serves that database
on loopback and this script measures, in the same run:

- p50/p95/p99 latency of ``GET /api/log/proof/inclusion?index=<random>``
  (checked against the checkpoint root), one request at a time over a
  keep-alive connection, against ``GET /api/health`` measured the same way;
- the wall time of the shipped verifier (``python -m fairwitness.audit.verifier
  --full``, a separate process: fetches every entry bundle and tile over
  HTTP, recomputes every tile and the root) against the time to merely
  download the same resources with the verifier's own HTTP client and
  thread count.

Run: ``DATABASE_URL=postgres://... python -m benchmarks.audit_proofs [entries] [requests]``.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import httpx  # noqa: E402
import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from fairwitness.audit.entries import entry_build, official_pseudonym, time_public  # noqa: E402
from fairwitness.audit.keys import log_vkey  # noqa: E402
from fairwitness.audit.models import LogHead, Tile  # noqa: E402
from fairwitness.audit.sequencer import _checkpoint_sign, stored_tile_read  # noqa: E402
from fairwitness.audit.tlog.merkle import leaf_hash, verify_inclusion  # noqa: E402
from fairwitness.audit.tlog.sequencing import root_after_append, tiles_append  # noqa: E402
from fairwitness.audit.tlog.tiles import bundles_for_size, tiles_for_size  # noqa: E402
from fairwitness.audit.verifier.check import FETCH_THREADS  # noqa: E402
from fairwitness.audit.verifier.fetch import LogClient  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
logging.getLogger("httpx").setLevel(logging.WARNING)
EVENTS = ("access:clip:viewed", "request:community:approved", "footage:clip:deleted")


def leaves_make(count: int) -> list[bytes]:
    now = time_public(datetime.now(UTC))
    actors = [
        {
            "role": "agency_member",
            "pseudonym": official_pseudonym(
                secret=settings.AUDIT_PSEUDONYM_SECRET, role="agency_member", agency_id=1, user_id=n
            ),
        }
        for n in range(1, 500)
    ]
    return [
        entry_build(
            event=EVENTS[n % 3],
            time=now,
            actor=actors[n % len(actors)],
            agency=n % 7 or None,
            subject={"community_request": n // 3},
            commitment_hex=hashlib.sha256(n.to_bytes(8, "big")).hexdigest(),
            public={"decision": "allowed", "rule": "grant.live", "policy_hash": "ab" * 32},
        )
        for n in range(count)
    ]


@transaction.atomic
def log_build(count: int) -> bytes:
    """Store ``count`` integrated entries, their tiles and a signed checkpoint; the root."""
    started = time.perf_counter()
    leaves = leaves_make(count)
    hashes = [leaf_hash(leaf) for leaf in leaves]
    built = time.perf_counter()
    recorded_at = datetime.now(UTC)
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        copy_sql = (
            "COPY audit_auditentry (index, event, recorded_at, leaf, leaf_hash, agency_id) "
            "FROM STDIN"
        )
        with cursor.copy(copy_sql) as copy:
            for n, (leaf, digest) in enumerate(zip(leaves, hashes, strict=True)):
                copy.write_row((n, EVENTS[n % 3], recorded_at, leaf, digest, None))
    copied = time.perf_counter()
    updated = tiles_append(old_size=0, leaf_hashes=hashes, read_tile=stored_tile_read)
    Tile.objects.bulk_create(
        [Tile(level=t.level, index=t.index, data=data) for t, data in updated.items()],
        batch_size=1000,
    )
    root = root_after_append(new_size=count, updated=updated, read_tile=stored_tile_read)
    LogHead.objects.update_or_create(pk=1, defaults={"size": count})
    _checkpoint_sign(size=count, root=root, updated=updated)
    print(
        f"built {count} entries ({sum(map(len, leaves)) / count:.0f} bytes each): "
        f"leaves {built - started:.1f} s, COPY {copied - built:.1f} s, "
        f"{len(updated)} tiles + checkpoint {time.perf_counter() - copied:.1f} s"
    )
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_start(database: str, port: int) -> subprocess.Popen[bytes]:
    url = urlsplit(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "DATABASE_URL": urlunsplit(url._replace(path="/" + database)),
        "FAIRWITNESS_ENV": "production",
        "FAIRWITNESS_SSL_REDIRECT": "false",
        "FAIRWITNESS_ALLOWED_HOSTS": "127.0.0.1",
        "FAIRWITNESS_DATA_DIR": tempfile.mkdtemp(prefix="fw-bench-"),
        "FAIRWITNESS_SECRET_KEY": os.urandom(32).hex(),
        "FAIRWITNESS_LOG_LEVEL": "WARNING",
    }
    env.pop("FAIRWITNESS_DEBUG", None)
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /api/health within 60 s")


def latencies(client: httpx.Client, paths: list[str]) -> list[float]:
    out = []
    for path in paths:
        start = time.perf_counter()
        response = client.get(path)
        out.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered HTTP {response.status_code}")
    return out


def percentiles(name: str, values: list[float]) -> float:
    cuts = statistics.quantiles(values, n=100)
    p50, p95, p99 = cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000
    print(f"{name}: {len(values)} requests, p50 {p50:.2f} ms, p95 {p95:.2f} ms, p99 {p99:.2f} ms")
    return p95


def proof_check(client: httpx.Client, size: int, root: bytes, leaves_sample: int) -> None:
    """Proofs served for a few indexes verify against the signed root."""
    for index in random.sample(range(size), leaves_sample):
        body = client.get(f"/api/log/proof/inclusion?index={index}").json()
        path = [base64.b64decode(h) for h in body["proof"]]
        verify_inclusion(index, size, base64.b64decode(body["leaf_hash"]), path, root)


def download_all(base: str, size: int) -> float:
    """Fetch the checkpoint, every bundle and every tile as the verifier does, checking nothing."""
    start = time.perf_counter()
    with LogClient(base) as client, ThreadPoolExecutor(FETCH_THREADS) as pool:
        client.checkpoint()
        fetched = sum(map(len, pool.map(client.tile, bundles_for_size(size))))
        fetched += sum(map(len, pool.map(client.tile, tiles_for_size(size))))
    elapsed = time.perf_counter() - start
    print(f"download only: {fetched / 1e6:.0f} MB in {elapsed:.1f} s")
    return elapsed


def verifier_run(base: str) -> float:
    with tempfile.TemporaryDirectory() as state:
        command = [sys.executable, "-m", "fairwitness.audit.verifier", "--log", base]
        command += ["--key", log_vkey(), "--state", state, "--full"]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the verifier failed: {done.stderr.strip()}")
    print(f"verifier --full: {done.stdout.strip()} in {elapsed:.1f} s")
    return elapsed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database: this benchmark measures PostgreSQL")
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    server = None
    try:
        root = log_build(count)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_auditentry")
        connections.close_all()
        port = free_port()
        server = server_start(name, port)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base) as client:
            proof_check(client, count, root, 20)
            proof_paths = [
                f"/api/log/proof/inclusion?index={random.randrange(count)}" for _ in range(requests)
            ]
            latencies(client, proof_paths[:200] + ["/api/health"] * 200)  # warm both workers
            proof = percentiles("inclusion proof", latencies(client, proof_paths))
            health = percentiles("/api/health", latencies(client, ["/api/health"] * requests))
        download = download_all(base + "/log", count)
        verify = verifier_run(base + "/log")
        print(f"inclusion proof p95: {proof:.2f} ms, /api/health p95: {health:.2f} ms")
        print(f"ratio proof p95 / health p95: {proof / health:.2f}")
        print(f"verifier --full: {verify:.1f} s, download only: {download:.1f} s")
        print(f"ratio verifier / download: {verify / download:.2f}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        connections.close_all()
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
