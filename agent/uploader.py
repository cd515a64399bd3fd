"""Delivering spooled clips to the server's device ingestion API (see docs/agent.md).

Per entry: create (or find) the upload by its id, send the missing bytes in chunks from the
server's offset, ask the server to complete it, and only then delete the spool entry. Any step
may be cut off by a crash or a network loss; re-running the same steps with the same upload id
picks up where the server is, so each clip is delivered exactly once.

Errors: network errors, 5xx and 429 are transient (retried with backoff and jitter, honouring
Retry-After); 409 offset_mismatch is recovered at once from the server's offset; any other 4xx,
and 409 upload_id_reused, is permanent and moves the entry to failed/ with the server's message.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx

from agent.backoff import Backoff
from agent.config import AgentConfig
from agent.spool import Spool, SpoolEntry

log = logging.getLogger("agent.uploader")

USER_AGENT = "fairwitness-agent/0.1"
# How often one entry may be told its offset is wrong in a row before we back off instead.
MAX_OFFSET_RESYNCS = 5


class UploadOutcome(StrEnum):
    DELIVERED = "agent:upload:delivered"
    FAILED = "agent:upload:failed"
    RETRY = "agent:upload:retry"


class PermanentUploadError(Exception):
    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


class TransientUploadError(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class DrainResult:
    delivered: int
    failed: int
    remaining: int


def response_error(response: httpx.Response) -> tuple[str, str, Any]:
    """The (code, message, detail) of an error response; tolerant of non-JSON bodies."""
    try:
        body = response.json()
    except ValueError:
        return f"http_{response.status_code}", response.text[:200], None
    if not isinstance(body, dict):
        return f"http_{response.status_code}", str(body)[:200], None
    return (
        str(body.get("error", f"http_{response.status_code}")),
        str(body.get("message", "")),
        body.get("detail"),
    )


def response_retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


class Uploader:
    """Uploads spool entries. `client` and `sleep` are injectable for tests."""

    def __init__(
        self,
        config: AgentConfig,
        spool: Spool,
        *,
        client: httpx.Client | None = None,
        sleep: Callable[[float], Any] | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.config = config
        self.spool = spool
        self.base = config.server_url.rstrip("/") + "/api/ingest/uploads"
        self.client = client or httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0))
        self.headers = {"Authorization": f"Device {config.token}", "User-Agent": USER_AGENT}
        self.sleep = sleep or threading.Event().wait
        self.backoff = backoff or Backoff(
            base=config.upload.backoff_base, cap=config.upload.backoff_cap
        )

    def _call(
        self, method: str, url: str, *, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> httpx.Response:
        try:
            response = self.client.request(
                method, url, headers={**self.headers, **(headers or {})}, **kwargs
            )
        except httpx.TransportError as exc:
            raise TransientUploadError(f"network error: {exc!r}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            code, message, _ = response_error(response)
            raise TransientUploadError(
                f"server answered {response.status_code} {code} {message}".strip(),
                retry_after=response_retry_after(response),
            )
        return response

    def _permanent(self, response: httpx.Response) -> PermanentUploadError:
        code, message, _ = response_error(response)
        return PermanentUploadError(code, message or response.reason_phrase, response.status_code)

    def _create(self, entry: SpoolEntry) -> int:
        body = {k: entry.manifest[k] for k in ("upload_id", "started_at", "size", "sha256")}
        response = self._call("POST", self.base, json=body)
        if response.status_code not in (200, 201):
            raise self._permanent(response)
        received = int(response.json()["received"])
        if not 0 <= received <= entry.size:
            raise PermanentUploadError(
                "bad_offset", f"server reports {received} of {entry.size} bytes", None
            )
        return received

    def _send_chunks(self, entry: SpoolEntry, received: int) -> None:
        url = f"{self.base}/{entry.upload_id}/chunk"
        resyncs = 0
        with open(entry.clip_path, "rb") as handle:
            while received < entry.size:
                handle.seek(received)
                data = handle.read(min(self.config.upload.chunk_size, entry.size - received))
                response = self._call(
                    "PUT",
                    url,
                    params={"offset": received},
                    content=data,
                    headers={"Content-Type": "application/octet-stream"},
                )
                if response.status_code == 409:
                    code, _, detail = response_error(response)
                    if code != "offset_mismatch" or not isinstance(detail, dict):
                        raise self._permanent(response)
                    resyncs += 1
                    if resyncs > MAX_OFFSET_RESYNCS:
                        raise TransientUploadError("server offset keeps moving; backing off")
                    received = int(detail["received"])
                    log.info(
                        "upload %s: server has %d bytes; resuming there", entry.upload_id, received
                    )
                    continue
                if response.status_code != 200:
                    raise self._permanent(response)
                new = int(response.json()["received"])
                if not received < new <= entry.size:
                    raise TransientUploadError(f"server did not advance past offset {received}")
                received, resyncs = new, 0
                log.info(
                    "upload %s: %d%% (%d of %d bytes)",
                    entry.upload_id,
                    100 * received // entry.size,
                    received,
                    entry.size,
                )

    def _complete(self, entry: SpoolEntry) -> str:
        response = self._call("POST", f"{self.base}/{entry.upload_id}/complete")
        if response.status_code == 409:
            # The server does not hold all bytes (e.g. it lost a chunk); start the entry over.
            raise TransientUploadError(f"server refused completion: {response_error(response)[1]}")
        if response.status_code not in (200, 202):
            raise self._permanent(response)
        return str(response.json().get("clip_id"))

    def upload_entry(self, entry: SpoolEntry) -> str:
        """Run the protocol for one entry and return the server's clip id.

        Raises PermanentUploadError or TransientUploadError; does not touch the spool.
        """
        if not entry.clip_path.exists() or entry.clip_path.stat().st_size != entry.size:
            raise PermanentUploadError("local_clip_changed", "clip file is missing or resized")
        received = self._create(entry)
        if received:
            log.info("upload %s: resuming at %d of %d bytes", entry.upload_id, received, entry.size)
        self._send_chunks(entry, received)
        return self._complete(entry)

    def deliver(self, entry: SpoolEntry) -> tuple[UploadOutcome, float | None]:
        """Upload one entry and settle it in the spool. Returns the outcome and, for RETRY, the
        server's Retry-After if it gave one."""
        try:
            clip_id = self.upload_entry(entry)
        except PermanentUploadError as exc:
            log.error(
                "upload %s refused (%s %s): %s; moved to failed/",
                entry.upload_id,
                exc.status,
                exc.code,
                exc.message,
            )
            self.spool.entry_fail(entry, code=exc.code, message=exc.message, status=exc.status)
            return UploadOutcome.FAILED, None
        except TransientUploadError as exc:
            log.warning("upload %s interrupted: %s", entry.upload_id, exc)
            return UploadOutcome.RETRY, exc.retry_after
        self.spool.entry_remove(entry)
        log.info("upload %s delivered as clip %s", entry.upload_id, clip_id)
        return UploadOutcome.DELIVERED, None

    def drain(self, *, stop: threading.Event | None = None, retries: int = 0) -> DrainResult:
        """Deliver every pending entry, oldest first. A transient failure is retried up to
        `retries` times with backoff; after that the entry stays queued for the next run."""
        delivered = failed = remaining = 0
        for entry in self.spool.pending():
            for attempt in range(retries + 1):
                if stop is not None and stop.is_set():
                    return DrainResult(delivered, failed, len(self.spool.pending()))
                outcome, retry_after = self.deliver(entry)
                if outcome is not UploadOutcome.RETRY:
                    self.backoff.reset()
                    delivered += outcome is UploadOutcome.DELIVERED
                    failed += outcome is UploadOutcome.FAILED
                    break
                if attempt < retries:
                    self._wait(retry_after)
            else:
                remaining += 1
        return DrainResult(delivered, failed, remaining)

    def _wait(self, retry_after: float | None) -> None:
        delay = max(self.backoff.next_delay(), retry_after or 0.0)
        log.info("retrying in %.1f s", delay)
        self.sleep(delay)

    def run_forever(
        self, stop: threading.Event, *, finish: threading.Event | None = None, poll: float = 2.0
    ) -> None:
        """Keep the queue empty until `stop` is set (or, once `finish` is set, until the queue
        is empty), backing off while the server is unreachable."""
        while not stop.is_set():
            pending = self.spool.pending()
            if not pending:
                if finish is not None and finish.is_set():
                    return
                stop.wait(poll)
                continue
            outcome, retry_after = self.deliver(pending[0])
            if outcome is UploadOutcome.RETRY:
                delay = max(self.backoff.next_delay(), retry_after or 0.0)
                log.info("retrying in %.1f s", delay)
                stop.wait(delay)
            else:
                self.backoff.reset()
