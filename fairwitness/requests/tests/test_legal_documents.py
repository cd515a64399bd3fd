"""Orders' PDFs: each under its own data key, wrapped by the key provider, not SECRET_KEY."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.footage.storage import key_provider
from fairwitness.requests.models import LegalProcess
from fairwitness.requests.services import documents
from fairwitness.requests.tests.factories import (
    INSIDE,
    PDF,
    AgencyPeople,
    agency_people,
    camera_at,
    order_submit,
)

# A module name starting with a digit is imported by name.
MIGRATION = importlib.import_module("fairwitness.requests.migrations.0003_legal_document_key")


@pytest.fixture(autouse=True)
def _private_keyring(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.FOOTAGE_KEYRING_DIR = tmp_path / "keyring"


def _order(people: AgencyPeople, pdf: bytes = PDF) -> LegalProcess:
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    return order_submit(people, [camera.pk], document=pdf)


def _document_page(order: LegalProcess) -> tuple[int, bytes]:
    reviewer = client_sign_in(Client(), person_create(Role.LEGAL_REVIEWER))
    response = reviewer.get(f"/review/legal/{order.pk}/document")
    return response.status_code, response.content


@pytest.mark.django_db
def test_an_order_stays_readable_when_the_secret_key_is_rotated(
    settings: SettingsWrapper,
) -> None:
    """GIVEN an order on file WHEN the installation's SECRET_KEY changes THEN the reviewer
    still opens the PDF: its key is the key provider's, not one derived from the secret."""
    order = _order(agency_people())
    stored = bytes(LegalProcess.objects.get(pk=order.pk).document)
    assert PDF not in stored and len(bytes(order.document_key)) > 0
    settings.SECRET_KEY = get_random_secret_key()  # a rotation
    assert _document_page(order) == (200, PDF)


@pytest.mark.django_db
def test_an_order_copied_onto_another_does_not_open_there() -> None:
    """GIVEN two orders WHEN one's stored copy and wrapped key are copied onto the other THEN
    its page answers 410 with what to do, not the first order's PDF and not a server error:
    the key and the ciphertext are bound to the order's SHA-256."""
    people = agency_people()
    first = _order(people)
    second = _order(people, pdf=PDF.replace(b"1.4", b"1.7"))
    LegalProcess.objects.filter(pk=second.pk).update(
        document=bytes(first.document), document_key=bytes(first.document_key)
    )
    status, body = _document_page(second)
    assert status == 410 and b"upload the order again" in body


@pytest.mark.django_db
@pytest.mark.parametrize("stored", [b"short", b"x" * 200])
def test_a_damaged_stored_copy_answers_410(stored: bytes) -> None:
    """GIVEN an order whose stored ciphertext was cut short or replaced THEN 410, not a 500."""
    order = _order(agency_people())
    LegalProcess.objects.filter(pk=order.pk).update(document=stored)
    status, body = _document_page(order)
    assert status == 410 and b"altered or damaged" in body


@pytest.mark.django_db
def test_a_failing_key_provider_answers_503_and_an_order_is_not_half_stored(
    settings: SettingsWrapper, tmp_path: Path
) -> None:
    """GIVEN a damaged key file WHEN the reviewer opens an order THEN 503 saying the key
    provider fails; GIVEN a keyring that cannot be written WHEN an agency submits THEN the
    same clear error, and no order row is left behind."""
    order = _order(agency_people())
    kek = Path(settings.FOOTAGE_KEYRING_DIR) / f"{documents.DOCUMENT_KEY_OWNER}.kek"
    kek.write_bytes(b"damaged")
    status, body = _document_page(order)
    assert status == 503 and b"key provider is failing" in body
    blocked = tmp_path / "not-a-folder"
    blocked.write_bytes(b"")
    settings.FOOTAGE_KEYRING_DIR = blocked / "keyring"
    with pytest.raises(documents.DocumentKeysUnreachable):
        _order(agency_people())
    assert LegalProcess.objects.count() == 1


@pytest.mark.django_db
def test_destroying_the_documents_key_makes_every_order_unreadable() -> None:
    """GIVEN an order WHEN the key provider destroys the orders' key-encryption key THEN the
    stored PDF cannot be opened any more (410)."""
    order = _order(agency_people())
    assert _document_page(order)[0] == 200
    key_provider().destroy(owner_id=documents.DOCUMENT_KEY_OWNER)
    assert _document_page(order)[0] == 410


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_orders_off_the_secret_key_and_back() -> None:
    """GIVEN an order WHEN the schema goes back before the migration THEN its PDF is sealed
    with the SECRET_KEY-derived key as before; WHEN it goes forward again THEN the order has
    its own wrapped key and opens. An order that opens with no key (sealed under an earlier
    secret) does not stop the migration: it is left without a key and answers 410."""
    people = agency_people()
    order, unreadable = _order(people), _order(people, pdf=PDF.replace(b"1.4", b"1.7"))
    executor = MigrationExecutor(connection)
    before = [("requests", "0002_download")]
    latest = executor.loader.graph.leaf_nodes("requests")
    try:
        executor.migrate(before)
        with connection.cursor() as cursor:
            cursor.execute("SELECT document FROM requests_legalprocess WHERE id = %s", [order.pk])
            sealed = bytes(cursor.fetchone()[0])
        old = MIGRATION._secret_key_cipher()
        assert old.decrypt(sealed[:12], sealed[12:], b"legal-process") == PDF
        with connection.cursor() as cursor:  # sealed under another secret: opens with neither
            cursor.execute(
                "UPDATE requests_legalprocess SET document = %s WHERE id = %s",
                [sealed[:-1] + bytes([sealed[-1] ^ 1]), unreadable.pk],
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    moved = LegalProcess.objects.get(pk=order.pk)
    assert bytes(moved.document_key) != bytes(order.document_key)  # wrapped afresh
    assert documents.document_decrypt(viewer=person_create(Role.LEGAL_REVIEWER), legal=moved) == PDF
    assert bytes(LegalProcess.objects.get(pk=unreadable.pk).document_key) == b""  # left as is
    assert _document_page(unreadable)[0] == 410
