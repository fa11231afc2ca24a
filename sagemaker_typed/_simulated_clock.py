"""``SimulatedClock``: virtual time for concurrent code (threads or asyncio tasks).

Public through :mod:`sagemaker_typed.testing`. Standard library only.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
from collections.abc import Callable, Hashable
from types import TracebackType

__all__ = ["SimulatedClock", "SimulatedTimeStalled"]


class SimulatedTimeStalled(RuntimeError):
    """A sleep on a :class:`SimulatedClock` waited longer than its ``stall_timeout`` in
    real time: a participant is neither sleeping on the clock nor done (blocked on
    something else, or created and never entered)."""


class SimulatedClock:
    """A ``Clock`` whose time moves only when every participant is asleep on it.

    ``FakeClock`` moves time forward on each sleep, so ten threads sleeping 30 s each
    move it 300 s: concurrent waiters see time run ten times too fast. Here time is
    shared: a participant's ``sleep(30)`` blocks (in real time, briefly) until every
    participant is asleep, then time jumps to the earliest deadline and the sleepers
    due then wake. Each thread or task sees the timeline it would see alone.

    Participants are declared explicitly, because other threads (a moto server, a
    backend that reads the clock) use the clock without taking part in it. Create
    each participant *before* starting its thread or task, so that time cannot run
    ahead while the others are still starting, and enter it in the worker::

        def worker(participant, name):
            with participant:                     # this thread takes part
                sm.wait_for_training_job(name)

        threads = [threading.Thread(target=worker, args=(clock.participant(), name))
                   for name in names]

        async def task(participant, name):
            async with participant:               # this task takes part
                await asm.wait_for_training_job(name)

        await asyncio.gather(*(task(clock.participant(), name) for name in names))

    A participant counts as awake from its creation until its block ends, except
    while it sleeps on the clock. A caller that is not a participant and sleeps is
    one while it sleeps: alone, its sleep advances time at once, as ``FakeClock``'s
    does. ``sleep`` is for threads, ``await asleep(seconds)`` for asyncio tasks; both
    may wait on one clock together.

    A participant blocked on anything but the clock (a lock, a queue, a thread join)
    holds time still: if the others then wait more than ``stall_timeout`` real
    seconds, their sleep raises :class:`SimulatedTimeStalled` instead of hanging.
    """

    def __init__(self, start: float = 0.0, *, stall_timeout: float | None = 60.0) -> None:
        self._now = float(start)
        self._stall_timeout = stall_timeout
        self._lock = threading.Lock()
        self._awake = 0  # participants that are not asleep on the clock
        self._owners: dict[Hashable, _Participant] = {}  # thread id or task -> its participant
        self._sleeping: dict[Hashable, _Sleeper] = {}  # who sleeps -> until when
        self._deadlines: list[tuple[float, int, _Sleeper]] = []  # heap; stale entries skipped
        self._order = itertools.count()

    def monotonic(self) -> float:
        """The simulated time, in seconds."""
        with self._lock:
            return self._now

    def participant(self) -> _Participant:
        """A new participant, awake from now on; enter it with ``with`` in a thread or
        ``async with`` in a task. Each participant is entered once."""
        return _Participant(self)

    def sleep(self, seconds: float) -> None:
        """Block the calling thread until time has moved ``seconds`` forward."""
        _check_not_negative(seconds)
        if seconds == 0:
            return
        woken = threading.Event()
        with self._lock:
            key = self._caller_key(_current_task())
            sleeper = self._fall_asleep(key, seconds, woken.set)
        if not woken.wait(self._stall_timeout):
            self._stalled(sleeper)

    async def asleep(self, seconds: float) -> None:
        """Suspend the calling task until time has moved ``seconds`` forward."""
        _check_not_negative(seconds)
        if seconds == 0:
            await asyncio.sleep(0)
            return
        loop = asyncio.get_running_loop()
        woken: asyncio.Future[None] = loop.create_future()

        def wake() -> None:  # called with the lock held, from any thread
            loop.call_soon_threadsafe(_resolve, woken)

        with self._lock:
            key = self._caller_key(asyncio.current_task())
            sleeper = self._fall_asleep(key, seconds, wake)
        try:
            await asyncio.wait_for(woken, self._stall_timeout)
        except TimeoutError:
            self._stalled(sleeper)
        finally:
            with self._lock:  # cancelled (or stalled): awake again, no longer waiting
                self._wake_up(sleeper)

    def __repr__(self) -> str:
        with self._lock:
            return (
                f"SimulatedClock(now={self._now}, awake={self._awake}, "
                f"asleep={len(self._sleeping)})"
            )

    # -- under the lock ----------------------------------------------------------------

    def _caller_key(self, task: asyncio.Task[object] | None) -> Hashable:
        """Who is sleeping: the caller's participant if it has one, else a new key."""
        for owner in (task, threading.get_ident()):
            participant = self._owners.get(owner) if owner is not None else None
            if participant is not None:
                return participant
        return object()

    def _fall_asleep(self, key: Hashable, seconds: float, wake: Callable[[], None]) -> _Sleeper:
        sleeper = _Sleeper(key, self._now + seconds, wake)
        if isinstance(key, _Participant):
            if key in self._sleeping:
                raise RuntimeError("a participant can sleep only once at a time")
            self._awake -= 1
        self._sleeping[key] = sleeper
        heapq.heappush(self._deadlines, (sleeper.deadline, next(self._order), sleeper))
        self._advance()
        return sleeper

    def _wake_up(self, sleeper: _Sleeper) -> bool:
        """Take ``sleeper`` off the sleeping; whether it was still on."""
        if self._sleeping.get(sleeper.key) is not sleeper:
            return False
        del self._sleeping[sleeper.key]
        if isinstance(sleeper.key, _Participant):
            self._awake += 1
        return True

    def _advance(self) -> None:
        """If everybody sleeps, move to the earliest deadline and wake who is due."""
        if self._awake or not self._sleeping:
            return
        while self._sleeping.get(self._deadlines[0][2].key) is not self._deadlines[0][2]:
            heapq.heappop(self._deadlines)  # woken early (cancelled, stalled)
        self._now = max(self._now, self._deadlines[0][0])
        while self._deadlines and self._deadlines[0][0] <= self._now:
            _, _, sleeper = heapq.heappop(self._deadlines)
            if self._wake_up(sleeper):
                sleeper.wake()

    def _join(self) -> None:
        with self._lock:
            self._awake += 1

    def _bind(self, participant: _Participant, owner: Hashable) -> None:
        with self._lock:
            if owner in self._owners:
                raise RuntimeError("this thread or task is already a participant of this clock")
            self._owners[owner] = participant

    def _leave(self, participant: _Participant, owner: Hashable | None) -> None:
        with self._lock:
            if owner is not None:
                del self._owners[owner]
            self._awake -= 1
            self._advance()

    def _stalled(self, sleeper: _Sleeper) -> None:
        with self._lock:
            if not self._wake_up(sleeper):
                return  # woken just in time
            awake = self._awake - (1 if isinstance(sleeper.key, _Participant) else 0)
        raise SimulatedTimeStalled(
            f"simulated time did not move for {self._stall_timeout:g} real seconds: "
            f"{awake} other participant(s) neither asleep on the clock nor done"
        )


class _Sleeper:
    __slots__ = ("deadline", "key", "wake")

    def __init__(self, key: Hashable, deadline: float, wake: Callable[[], None]) -> None:
        self.key = key
        self.deadline = deadline
        self.wake = wake


class _Participant:
    """One thread or task taking part in a :class:`SimulatedClock`'s time."""

    def __init__(self, clock: SimulatedClock) -> None:
        self._clock = clock
        self._owner: Hashable | None = None
        self._state = "created"
        clock._join()

    def _enter(self, owner: Hashable) -> None:
        if self._state != "created":
            raise RuntimeError("a participant is entered once")
        try:
            self._clock._bind(self, owner)
        except RuntimeError:
            self._exit()  # it will never take part: it must not hold time still
            raise
        self._owner, self._state = owner, "entered"

    def _exit(self) -> None:
        self._state = "left"
        self._clock._leave(self, self._owner)

    def __enter__(self) -> _Participant:
        self._enter(threading.get_ident())
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._exit()

    async def __aenter__(self) -> _Participant:
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("async with participant needs a running task")
        self._enter(task)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._exit()

    def __repr__(self) -> str:
        return f"<SimulatedClock participant, {self._state}>"


def _current_task() -> asyncio.Task[object] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running event loop in this thread
        return None


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _check_not_negative(seconds: float) -> None:
    if seconds < 0:  # as time.sleep does
        raise ValueError("sleep length must be non-negative")
