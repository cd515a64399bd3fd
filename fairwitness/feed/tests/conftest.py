from __future__ import annotations

import pytest
from django.test import Client

from fairwitness.accounts.models import User
from fairwitness.accounts.tests.factories import client_sign_in
from fairwitness.feed.tests.factories import resident_at


@pytest.fixture
def author(db: None) -> User:
    return resident_at()


@pytest.fixture
def author_client(author: User) -> Client:
    return client_sign_in(Client(), author)
