"""Acceptance 4: screening runs with the network unavailable."""

from __future__ import annotations

import socket

import pytest

from fairwitness.moderation.screening import Outcome, post_screen
from fairwitness.moderation.screening.hate_model import hate_model_load, hate_thresholds_load
from fairwitness.moderation.screening.lexicon import hate_lexicon_load


@pytest.mark.usefixtures("no_network")
def test_screening_works_with_sockets_blocked() -> None:
    # Drop cached artifacts so they are loaded again while the network is blocked.
    hate_model_load.cache_clear()
    hate_lexicon_load.cache_clear()
    hate_thresholds_load.cache_clear()
    with pytest.raises(AssertionError):
        socket.socket()
    assert post_screen(text="Kill all the muslims.").outcome is Outcome.REJECT
    assert post_screen(text="Lost tabby cat near the school.").outcome is Outcome.PUBLISH
