"""Fixtures for the Django side of footage: private folders, an S3 server, devices, uploads.

``footage_env`` points scratch, keyring and blob storage at a temporary folder
(local storage); ``footage_s3`` does the same with blobs in a bucket on moto's
standalone S3 server on loopback.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.test import Client
from moto.server import ThreadedMotoServer
from pytest_django.fixtures import Settings as SettingsWrapper

from fairwitness.accounts.models import User
from fairwitness.cameras.models import Camera
from fairwitness.cameras.services import camera_register, device_pair, pairing_code_create
from fairwitness.footage.storage import footage_storage


@dataclass
class FootageEnv:
    root: Path
    backend: str

    def stored_bytes(self) -> dict[str, bytes]:
        """Every stored blob's bytes, by name (the whole storage, walked)."""
        storage = footage_storage()
        found: dict[str, bytes] = {}

        def walk(prefix: str) -> None:
            dirs, files = storage.listdir(prefix)
            for name in files:
                full = f"{prefix}/{name}" if prefix else name
                with storage.open(full, "rb") as handle:
                    found[full] = handle.read()
            for sub in dirs:
                walk(f"{prefix}/{sub}" if prefix else sub)

        walk("")
        return found

    def scratch_files(self) -> list[Path]:
        return [p for p in (self.root / "scratch").rglob("*") if p.is_file()]


def _dirs(settings: SettingsWrapper, root: Path) -> None:
    settings.FOOTAGE_SCRATCH_DIR = root / "scratch"
    settings.FOOTAGE_KEYRING_DIR = root / "keyring"
    settings.FOOTAGE_KEY_PROVIDER = ""


@pytest.fixture
def footage_env(settings: SettingsWrapper, tmp_path: Path) -> FootageEnv:
    root = tmp_path / "data"
    _dirs(settings, root)
    settings.STORAGES = {
        **settings.STORAGES,
        "footage": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "vault")},
        },
    }
    (root / "vault").mkdir(parents=True)
    return FootageEnv(root=root, backend="local")


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


S3_KEYS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


@pytest.fixture
def footage_s3(settings: SettingsWrapper, tmp_path: Path, s3_server: str) -> FootageEnv:
    root = tmp_path / "data"
    _dirs(settings, root)
    bucket = f"clips-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "footage": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server,
                "file_overwrite": True,
                **S3_KEYS,
            },
        },
    }
    return FootageEnv(root=root, backend="s3")


@pytest.fixture(params=["local", "s3"])
def any_storage(request: pytest.FixtureRequest) -> FootageEnv:
    """The local folder and the S3 bucket: storage tests run against both."""
    name = "footage_env" if request.param == "local" else "footage_s3"
    env: FootageEnv = request.getfixturevalue(name)
    return env


def camera_paired(owner: User, name: str = "Porch") -> tuple[Camera, str]:
    camera = camera_register(owner=owner, name=name, latitude=45.4655, longitude=-122.653)
    _, code = pairing_code_create(owner=owner, camera_id=camera.pk)
    _, token = device_pair(code=code, name=f"{name} device")
    return camera, token


def device_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Device {token}"}


def upload_start(
    client: Client,
    token: str,
    data: bytes,
    *,
    upload_id: str | None = None,
    started_at: str | None = None,
    size: int | None = None,
) -> Any:
    body = {
        "upload_id": upload_id or str(uuid.uuid4()),
        "started_at": started_at or datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "size": len(data) if size is None else size,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return client.post(
        "/api/ingest/uploads", body, content_type="application/json", headers=device_headers(token)
    )


def chunk_put(client: Client, token: str, upload_id: str, offset: int, data: bytes) -> Any:
    return client.put(
        f"/api/ingest/uploads/{upload_id}/chunk?offset={offset}",
        data,
        content_type="application/octet-stream",
        headers=device_headers(token),
    )


def upload_finish(client: Client, token: str, upload_id: str) -> Any:
    return client.post(f"/api/ingest/uploads/{upload_id}/complete", headers=device_headers(token))


def upload_all(
    client: Client, token: str, data: bytes, *, chunk: int = 64 * 1024, upload_id: str | None = None
) -> Any:
    """The whole protocol; returns the complete response."""
    upload_id = upload_id or str(uuid.uuid4())
    created = upload_start(client, token, data, upload_id=upload_id)
    assert created.status_code in (200, 201), created.content
    offset = created.json()["received"]
    while offset < len(data):
        response = chunk_put(client, token, upload_id, offset, data[offset : offset + chunk])
        assert response.status_code == 200, response.content
        offset = response.json()["received"]
    return upload_finish(client, token, upload_id)
