"""``Stagger``: when the waits started together on one client first poll.

Apart from ``PollPolicy``: every client holds one, and building a client must not load
the policy's attrs class.
"""

from __future__ import annotations

import itertools
import threading

__all__ = ["Stagger"]

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
