"""Interleaved, repeated timing: how every in-process figure is measured.

The machine is shared and noisy, so no figure comes from one long loop. Each round
times every case once (a batch of calls lasting about ``batch_seconds``), in an order
rotated from round to round; a figure is the median over rounds, and a ratio is the
median of the per-round ratios, so a slow spell of the machine hits both sides of a
ratio alike.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["Timings", "calibrate", "interleaved", "median", "time_batch"]


def median(values: list[float]) -> float:
    """The median of ``values``."""
    return statistics.median(values)


def time_batch(fn: Callable[[], object], number: int) -> float:
    """Seconds per call of ``number`` calls, garbage collection paused (as ``timeit``)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        return (time.perf_counter() - start) / number
    finally:
        if collecting:
            gc.enable()


def calibrate(fn: Callable[[], object], batch_seconds: float) -> int:
    """How many calls of ``fn`` take about ``batch_seconds`` (at least one)."""
    number = 1
    while True:
        elapsed = time_batch(fn, number) * number
        if elapsed >= batch_seconds / 10 or number >= 1_000_000:
            return max(1, round(number * batch_seconds / max(elapsed, 1e-9)))
        number *= 10


@dataclass
class Timings:
    """Seconds per call of each case, one sample per round."""

    samples: dict[str, list[float]] = field(default_factory=dict)

    def add(self, case: str, seconds: float) -> None:
        """Record one round's seconds per call of ``case``."""
        self.samples.setdefault(case, []).append(seconds)

    def median(self, case: str) -> float:
        """Median seconds per call of ``case``."""
        return median(self.samples[case])

    def ratio(self, numerator: str, denominator: str) -> float:
        """Median over rounds of ``numerator``'s time divided by ``denominator``'s."""
        pairs = zip(self.samples[numerator], self.samples[denominator], strict=True)
        return median([top / bottom for top, bottom in pairs])


def interleaved(
    cases: Mapping[str, Callable[[], object]],
    *,
    rounds: int,
    batch_seconds: float,
    elsewhere: Callable[[], Mapping[str, float]] | None = None,
) -> Timings:
    """Time ``cases`` in ``rounds`` interleaved rounds.

    ``elsewhere``, if given, is called once per round, after the cases, and returns
    seconds per call of cases timed outside this process (a peer's venv); they join
    the samples under their own names.
    """
    numbers = {name: calibrate(fn, batch_seconds) for name, fn in cases.items()}
    names = list(cases)
    timings = Timings()
    for round_index in range(rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            timings.add(name, time_batch(cases[name], numbers[name]))
        if elsewhere is not None:
            for name, seconds in elsewhere().items():
                timings.add(name, seconds)
    return timings
