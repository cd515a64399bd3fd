"""Background jobs for footage. Each loads rows by id and calls one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from config.celery import app
from fairwitness.footage import jobs, services
from fairwitness.footage.models import ClipJob
from fairwitness.footage.processing import ClipProcessingFailed


@shared_task(
    name="footage.clip_process",
    autoretry_for=(ClipProcessingFailed, OSError),
    retry_backoff=True,
    max_retries=5,
)
def clip_process_task(clip_id: int) -> str:
    """Run the clip's processing job; returns the job's final state (or "skipped")."""
    if not ClipJob.objects.filter(clip_id=clip_id).exists():
        return "skipped"
    job = jobs.clip_job_run(clip_id=clip_id)
    return "skipped" if job is None else job.state


@shared_task(name="footage.retention_run")
def retention_run_task() -> dict[str, int]:
    """Destroy expired clips and abandoned uploads."""
    return {
        "clips_destroyed": services.clips_expired_purge(),
        "uploads_removed": services.uploads_abandoned_purge(),
    }


@shared_task(name="footage.jobs_resume")
def jobs_resume_task() -> int:
    """Re-enqueue jobs left queued or running by a worker that died without redelivery."""
    count = 0
    for clip_id in jobs.jobs_stalled():
        clip_process_task.delay(clip_id)
        count += 1
    return count


@app.on_after_finalize.connect
def _schedule(sender: Any, **kwargs: Any) -> None:
    every = float(settings.FOOTAGE_RETENTION_INTERVAL_SECONDS)
    sender.add_periodic_task(every, retention_run_task.s(), name="footage retention")
    sender.add_periodic_task(600.0, jobs_resume_task.s(), name="footage stalled jobs")
