"""``PollPolicy``: how often a waiter describes; ``Stagger``: when it first does.

Apart from the waiters' machinery (``_waiters``), which the client imports on the first
wait: the policy is part of the public API, imported with the package.
"""

from __future__ import annotations

import itertools
import math
import random as _random
import threading
from collections.abc import Callable, Iterator

import attrs

__all__ = ["PollPolicy"]


@attrs.frozen(kw_only=True)
class PollPolicy:
    """How often a waiter describes: first after ``initial_delay`` seconds, then
    ``multiplier`` times longer each time, up to ``max_delay``.

    ``jitter`` shortens each delay by a random fraction of up to ``jitter`` (never
    lengthens it, so a terminal state is seen at most ``max_delay`` seconds late),
    which keeps many waiters from polling in step. ``random`` is the source of that
    fraction, uniform in [0, 1); give a fixed one for reproducible tests. Faults
    (throttling, 5xx, connection errors) follow the same growing, jittered delays.

    The defaults cost a one-hour training job at most 130 Describe calls and see its
    end at most 30 s late (``python -m benchmarks.waiter_efficiency``).
    """

    initial_delay: float = 5.0
    max_delay: float = 30.0
    multiplier: float = 1.5
    jitter: float = 0.04
    random: Callable[[], float] = attrs.field(default=_random.random, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problems = []
        if not (0 < self.initial_delay < math.inf):
            problems.append("initial_delay must be a positive number of seconds")
        if not (self.initial_delay <= self.max_delay < math.inf):
            problems.append("max_delay must be finite and at least initial_delay")
        if not (1 <= self.multiplier < math.inf):
            problems.append("multiplier must be finite and at least 1")
        if not (0 <= self.jitter <= 1):  # NaN fails every comparison: rejected too
            problems.append("jitter must be a fraction between 0 and 1")
        if problems:
            raise ValueError("invalid PollPolicy: " + "; ".join(problems))

    def delays(self) -> Iterator[float]:
        """The delays between polls, jittered: an endless sequence."""
        delay = self.initial_delay
        while True:
            # Clamped so that even a bad random source (NaN, inf, out of [0, 1)) can only
            # shorten the delay, never make it NaN or negative.
            fraction = _fraction(self.random())
            yield delay * (1.0 - self.jitter * fraction)
            delay = min(self.max_delay, delay * self.multiplier)


def _fraction(value: float) -> float:
    """``value`` clamped to [0, 1]; NaN (which compares false to everything) is 0."""
    if value >= 1.0:
        return 1.0
    return value if value > 0.0 else 0.0


# Waits that start within this many seconds of each other count as started together.
STAGGER_WINDOW = 1.0


class Stagger:
    """Spreads the first polls of the waits started together on one client.

    The first wait to start polls at once; a wait that starts while others that
    started less than a second before it still run gets the next free place in
    0, 1/2, 1/4, 3/4, 1/8, ... of a second (van der Corput's sequence: however many
    start, they fall evenly over the second), so N waits started together do not
    send N describes at the same instant and, with their own jitter, do not poll in
    step afterwards. Sequential waits each poll at once. Thread-safe; one per client.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens = itertools.count()
        self._running: dict[int, tuple[float, int]] = {}  # token -> (start, place)

    def start(self, now: float) -> tuple[int, float]:
        """Register a wait starting at ``now``: its token, and how long to wait before
        its first poll."""
        with self._lock:
            taken = {
                place for started, place in self._running.values() if now - started < STAGGER_WINDOW
            }
            place = next(place for place in itertools.count() if place not in taken)
            token = next(self._tokens)
            self._running[token] = (now, place)
        return token, STAGGER_WINDOW * _van_der_corput(place)

    def end(self, token: int) -> None:
        """The wait registered as ``token`` has ended."""
        with self._lock:
            self._running.pop(token, None)


def _van_der_corput(index: int) -> float:
    """0, 1/2, 1/4, 3/4, 1/8, 5/8, ...: the binary digits of ``index`` mirrored."""
    fraction, scale = 0.0, 0.5
    while index:
        index, bit = divmod(index, 2)
        fraction += bit * scale
        scale /= 2
    return fraction
