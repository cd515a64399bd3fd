"""The `status` subcommand's report of the spool."""

from __future__ import annotations

from agent.spool import Spool, SpoolEntry


def _line(entry: SpoolEntry) -> str:
    m = entry.manifest
    return (
        f"  {entry.upload_id}  {m.get('started_at')}  {float(m.get('duration', 0)):6.1f} s  "
        f"{int(m.get('size', 0)) / 1024:9.1f} KiB  {m.get('camera', '')}"
    )


def status_render(spool: Spool) -> str:
    """A human-readable table of pending and failed clips, with each failure's reason."""
    pending, failed = spool.pending(), spool.failed()
    lines = [f"spool: {spool.root}", f"pending: {len(pending)} clip(s)"]
    lines += [_line(e) for e in pending]
    lines.append(f"failed: {len(failed)} clip(s) (requeue with `retry-failed`)")
    for entry in failed:
        lines.append(_line(entry))
        failure = entry.failure or {}
        lines.append(
            f"      {failure.get('status')} {failure.get('code')}: {failure.get('message')}"
        )
    return "\n".join(lines)
