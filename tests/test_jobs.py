"""Background jobs go through a real broker and a real Celery worker.

The embedded default is kombu's filesystem transport: no server at all. The
scale-out broker is Redis; that test talks to the Redis server on 127.0.0.1:6379.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.notifications.models import Notice

TASK = "notifications.welcome_email_send"


def _app(**conf: Any) -> Celery:
    app = Celery("fairwitness-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(task_always_eager=False, **conf)
    app.loader.import_default_modules()
    import fairwitness.notifications.tasks  # noqa: F401 - registers the shared task

    app.finalize()
    return app


@pytest.fixture
def filesystem_app(tmp_path: Path) -> Iterator[Celery]:
    queue, results, control = tmp_path / "queue", tmp_path / "results", tmp_path / "control"
    for folder in (queue, results, control):
        folder.mkdir()
    yield _app(
        broker_url="filesystem://",
        broker_transport_options={
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "control_folder": str(control),
        },
        result_backend=f"file://{results}",
    )


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_the_embedded_default_needs_no_server() -> None:
    assert django_settings.CELERY_BROKER_URL == "filesystem://"
    assert django_settings.CELERY_RESULT_BACKEND.startswith("file://")


@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_the_filesystem_broker(
    filesystem_app: Celery, smtp_server: list[Any]
) -> None:
    """GIVEN no Redis at all WHEN the welcome task is sent THEN a worker runs it and mails."""
    user = person_create(Role.RESIDENT)
    with start_worker(filesystem_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        notice_id = filesystem_app.send_task(TASK, args=[user.pk]).get(timeout=30)
    assert Notice.objects.get(pk=notice_id).recipient_id == user.pk
    assert [m["To"] for m in smtp_server] == [user.email]
    assert "Welcome to Fair Witness" in smtp_server[0]["Subject"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_the_real_redis_broker() -> None:
    assert _redis_reachable(), (
        "Redis is not running on 127.0.0.1:6379; start it with "
        "`redis-server --daemonize yes --port 6379 --save '' --appendonly no`"
    )
    app = _app(broker_url="redis://127.0.0.1:6379/15", result_backend="redis://127.0.0.1:6379/15")
    user = person_create(Role.RESIDENT)
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        result = app.send_task(TASK, args=[user.pk])
        notice_id = result.get(timeout=30)
    assert result.backend.__class__.__name__ == "RedisBackend"
    assert Notice.objects.filter(pk=notice_id, recipient=user).exists()


@pytest.mark.django_db
def test_the_welcome_email_goes_through_a_real_smtp_server(
    smtp_server: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    from fairwitness.accounts.services import user_create

    with django_capture_on_commit_callbacks(execute=True):
        user = user_create(
            username="smtpcheck", email="smtp@example.org", password="a-long-passphrase-1"
        )
    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "smtp@example.org"
    body = message.get_payload()
    assert isinstance(body, str) and "register your cameras" in body
    assert Notice.objects.get(recipient=user).emailed_at is not None


def test_the_filesystem_broker_keeps_its_files_in_the_data_folder() -> None:
    options = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS
    data_dir = str(django_settings.DATA_DIR)
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        assert str(options[key]).startswith(data_dir), key
