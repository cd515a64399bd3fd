"""HTTP baseline: the home page and one API route under gunicorn, against a bare Django view.

Starts three gunicorn servers on loopback (the product twice is not needed: one
product server, one bare server), puts a bounded load on each (a fixed number of
requests, at most --seconds each), and prints requests/s and p99 latency, then
the ratio of each product route to the bare view measured in the same run.

    .venv/bin/python benchmarks/http_baseline.py [--requests 3000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def p99_ms(self) -> float:
        return statistics.quantiles(self.latencies, n=100)[98] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, path: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer {path} in {timeout}s")


def gunicorn(app: str, port: int, env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def load(name: str, port: int, path: str, total: int, concurrency: int, seconds: float) -> Result:
    deadline = time.monotonic() + seconds

    def one(_: int) -> tuple[float, bool]:
        if time.monotonic() > deadline:
            return (-1.0, True)
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except OSError:
            ok = False
        finally:
            conn.close()
        return (time.perf_counter() - start, ok)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        outcomes = list(pool.map(one, range(total)))
    elapsed = time.perf_counter() - started
    done = [(lat, ok) for lat, ok in outcomes if lat >= 0]
    return Result(
        name, len(done), elapsed, [lat for lat, _ in done], sum(1 for _, ok in done if not ok)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60, help="cap per target")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="fw-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "FAIRWITNESS_ENV": "production",
        "FAIRWITNESS_SSL_REDIRECT": "false",
        "FAIRWITNESS_ALLOWED_HOSTS": "127.0.0.1",
        "FAIRWITNESS_DATA_DIR": data_dir,
        "FAIRWITNESS_SECRET_KEY": os.urandom(32).hex(),
        "FAIRWITNESS_LOG_LEVEL": "WARNING",
    }
    env.pop("FAIRWITNESS_DEBUG", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

    product_port, bare_port = free_port(), free_port()
    bare_env = {**os.environ, "PYTHONPATH": str(ROOT / "benchmarks")}
    servers = [
        gunicorn("config.wsgi:application", product_port, env, args.workers),
        gunicorn("bare_django:application", bare_port, bare_env, args.workers),
    ]
    try:
        wait_ready(product_port, "/")
        wait_ready(bare_port, "/")
        targets = [
            ("bare Django view", bare_port, "/"),
            ("home page", product_port, "/"),
            ("GET /api/agencies", product_port, "/api/agencies"),
        ]
        for _, port, path in targets:  # warm up every worker
            load("warm-up", port, path, 200, args.concurrency, 10)
        results = [
            load(name, port, path, args.requests, args.concurrency, args.seconds)
            for name, port, path in targets
        ]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=15)

    bare = results[0]
    print(f"{'target':<22}{'requests':>9}{'req/s':>10}{'p99 ms':>9}{'errors':>8}")
    for r in results:
        print(f"{r.name:<22}{r.requests:>9}{r.rps:>10.0f}{r.p99_ms:>9.1f}{r.errors:>8}")
    for r in results[1:]:
        print(
            f"{r.name}: {r.rps / bare.rps:.3f}x the bare view's throughput, "
            f"p99 {r.p99_ms / bare.p99_ms:.2f}x its p99"
        )
    home = results[1]
    print(f"ratio home/bare throughput: {home.rps / bare.rps:.3f}")


if __name__ == "__main__":
    main()
