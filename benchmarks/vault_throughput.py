"""Vault encryption throughput against a plain copy, and ranged-read latency.

Writes a 20 MB random file to a temporary directory, then, best of several
runs each on the same disk in the same process:

- plain copy with shutil.copyfileobj (the baseline);
- vault_encrypt with and without the plaintext SHA-256;
- a mid-file 1 MiB Range read through a freshly opened VaultReader (what an
  HTTP Range request pays) against a plain positional read of the same bytes.

The last line is the ratio encrypt throughput / copy throughput (hash off,
which is how ingest uses it when it hashed the upload already).

Run from the repository root: ``python -m benchmarks.vault_throughput``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fairwitness.footage.vault import DataKey, FileBlobSource, VaultReader, vault_encrypt

SIZE = 20 * 1000 * 1000
RANGE = 1 << 20
RUNS = 7


def best_of(runs: int, action: Callable[[], object], fresh: Path | None = None) -> float:
    """Best wall time of ``runs`` calls; ``fresh`` is deleted before each call,
    untimed, so that every run writes a new file as ingest does (truncating an
    old 20 MB file costs as much as encrypting it)."""
    timings = []
    for _ in range(runs):
        if fresh is not None:
            fresh.unlink(missing_ok=True)
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    key = DataKey.generate()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        source = root / "clip.mp4"
        source.write_bytes(os.urandom(SIZE))

        def copy() -> None:
            with source.open("rb") as src, (root / "copy.mp4").open("wb") as dst:
                shutil.copyfileobj(src, dst)

        def encrypt(hash_plaintext: bool) -> Callable[[], None]:
            def run() -> None:
                with source.open("rb") as src, (root / "clip.vault").open("wb") as dst:
                    vault_encrypt(
                        source=src,
                        sink=dst,
                        data_key=key,
                        clip_id="bench",
                        hash_plaintext=hash_plaintext,
                    )

            return run

        copy_s = best_of(RUNS, copy, root / "copy.mp4")
        hashed_s = best_of(RUNS, encrypt(True), root / "clip.vault")
        encrypt_s = best_of(RUNS, encrypt(False), root / "clip.vault")

        start_at = SIZE // 2
        with FileBlobSource(root / "clip.vault") as blob:

            def ranged() -> bytes:
                reader = VaultReader(source=blob, data_key=key, clip_id="bench")
                return reader.read_range(start_at, start_at + RANGE)

            assert ranged() == source.read_bytes()[start_at : start_at + RANGE]
            range_s = best_of(RUNS * 3, ranged)
        with FileBlobSource(source) as plain:
            plain_range_s = best_of(RUNS * 3, lambda: plain.read(start_at, RANGE))

    mb = SIZE / 1e6
    print(f"plain copy            {mb / copy_s:8.0f} MB/s")
    print(f"encrypt + sha256      {mb / hashed_s:8.0f} MB/s  ratio {copy_s / hashed_s:.2f}")
    print(f"encrypt               {mb / encrypt_s:8.0f} MB/s")
    print(f"1 MiB mid-file range  {range_s * 1000:8.2f} ms decrypted (open + read)")
    print(f"1 MiB mid-file range  {plain_range_s * 1000:8.2f} ms plain pread")
    print(f"ratio encrypt/copy throughput: {copy_s / encrypt_s:.2f}")


if __name__ == "__main__":
    main()
