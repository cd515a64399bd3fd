"""HTTP access to a tlog-tiles log (checkpoint, hash tiles, entry bundles)."""

from __future__ import annotations

import httpx

from fairwitness.audit.tlog.errors import MissingHashError, TlogError
from fairwitness.audit.tlog.tiles import Tile

MAX_RESOURCE = 16 * 1024 * 1024


class FetchError(TlogError):
    """The log could not be reached or answered with an unexpected status."""


class LogClient:
    """Fetches resources below a log URL prefix over one keep-alive connection pool.

    A 404 on a tile raises MissingHashError (so partial-tile fallback applies);
    every other failure raises FetchError. Thread-safe.
    """

    def __init__(self, prefix: str, *, timeout: float = 30.0) -> None:
        self.prefix = prefix.rstrip("/")
        self._client = httpx.Client(
            timeout=timeout,
            headers={"Accept-Encoding": "gzip, identity", "User-Agent": "fairwitness-verify"},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> LogClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, path: str) -> bytes:
        url = f"{self.prefix}/{path}"
        try:
            response = self._client.get(url)
        except httpx.HTTPError as exc:
            raise FetchError(f"network error fetching {url}: {exc}") from exc
        if response.status_code == 404:
            raise MissingHashError(f"missing resource {path} (HTTP 404)")
        if response.status_code != 200:
            raise FetchError(f"fetching {url} returned HTTP {response.status_code}")
        if len(response.content) > MAX_RESOURCE:
            raise FetchError(f"{url} is larger than {MAX_RESOURCE} bytes")
        return response.content

    def checkpoint(self) -> bytes:
        return self.get("checkpoint")

    def tile(self, tile: Tile) -> bytes:
        return self.get(tile.path)
