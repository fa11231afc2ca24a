"""Where the waiters get their time from."""

from __future__ import annotations

import time
from typing import Protocol

__all__ = ["Clock", "SystemClock"]


class Clock(Protocol):
    """A source of time for the waiters: real by default, fake in tests."""

    def monotonic(self) -> float:
        """Seconds on a monotonic scale."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block for ``seconds``."""
        ...


class AsyncClock(Clock, Protocol):
    """A ``Clock`` that can also sleep without blocking an asyncio loop, as the clock
    of ``AsyncSageMakerClient`` must."""

    async def asleep(self, seconds: float) -> None:
        """Let ``seconds`` pass on this clock, yielding to the loop meanwhile."""
        ...


class SystemClock:
    """The ``time`` module as a ``Clock``, and ``asyncio.sleep`` as its async sleep."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        import asyncio  # only async code pays for importing it

        await asyncio.sleep(seconds)
