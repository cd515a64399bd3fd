"""Exponential backoff with jitter, shared by source reconnection and the uploader."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays that double from `base` up to `cap` seconds, with "equal jitter".

    Each delay lies in [d/2, d] where d = min(cap, base * 2**attempt): never zero (so a dead
    server is not hammered) and spread out (so many agents that lost the same server do not
    reconnect in lockstep). `reset()` after a success starts again from `base`.
    """

    base: float = 1.0
    cap: float = 60.0
    attempt: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * (2**self.attempt))
        self.attempt += 1
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    def reset(self) -> None:
        self.attempt = 0
