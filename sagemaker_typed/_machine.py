"""Sans-I/O machines and the two shells that drive them.

A machine is a generator that yields *effects* and is sent their results: ``Call`` a
method of the sync core client (``describe_training_job``...), ``Sleep`` on the
client's clock, read the clock (``Now``), or ``Emit`` a value to the consumer of an
iterating machine. Waiters, log following, many-jobs polling and result reading are
each written once as a machine; :func:`run` and :func:`iterate` drive it in the
caller's thread, :func:`arun` and :func:`aiterate` on an asyncio loop, with each call
in a worker thread and each sleep awaited. An exception of a call is thrown into the
machine at its ``yield``, so a machine handles errors with plain ``try``/``except``.

A machine never touches boto3, time or threads itself. The drivers pace the describe
calls of all machines on one client under its ``max_describe_per_second``.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import math
import threading
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

import attrs

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from sagemaker_typed._base_client import BaseClient
    from sagemaker_typed._clock import AsyncClock, Clock

__all__ = [
    "Call",
    "Effect",
    "Emit",
    "Machine",
    "Now",
    "RateLimit",
    "Sleep",
    "aiterate",
    "arun",
    "iterate",
    "next_page_token",
    "run",
]

T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen
class Call:
    """Call ``method`` of the sync core client; its result (or exception) comes back."""

    method: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Sleep:
    """Sleep ``seconds`` on the client's clock (the machine keeps it within a deadline)."""

    seconds: float


@attrs.frozen
class Now:
    """Read the client's clock: ``clock.monotonic()`` comes back."""


@attrs.frozen
class Emit(Generic[T]):
    """Hand ``value`` to the consumer of an iterating machine; ``None`` comes back."""

    value: T


Effect: TypeAlias = Call | Sleep | Now | Emit[Any]
Machine: TypeAlias = Generator[Effect, Any, R]


class RateLimit:
    """At most ``per_second`` calls in any one-second window of the clock (below 1/s:
    one call per ``1 / per_second`` seconds); shared by every machine on a client.

    :meth:`reserve` books the earliest free slot and says how long to wait for it.
    """

    def __init__(self, per_second: float) -> None:
        if not (0 < per_second < math.inf):
            raise ValueError("max_describe_per_second must be a positive number, or None")
        self._burst = max(1, math.floor(per_second))
        self._window = self._burst / per_second if per_second < 1 else 1.0
        self._slots: collections.deque[float] = collections.deque(maxlen=self._burst)
        self._lock = threading.Lock()

    def reserve(self, now: float) -> float:
        """Book a call slot at ``now`` or later; return the wait until it."""
        with self._lock:
            slot = now
            if len(self._slots) == self._burst:
                # A microsecond more, so that rounding in ``now + wait`` can never put
                # a call a hair inside the window.
                slot = max(now, self._slots[0] + self._window + 1e-6)
            self._slots.append(slot)
            return slot - now


def next_page_token(page: Any, seen: set[str], operation: str) -> str | None:
    """The token of the page after ``page``, or ``None`` after the last. A token the
    service gave before is a ``ResponseParseError``: following it would repeat pages
    forever (botocore's paginator stops the same way)."""
    from sagemaker_typed._errors import ResponseParseError

    token: str | None = getattr(page, "next_token", None)
    if not token:
        return None
    if token in seen:
        raise ResponseParseError(
            [("next_token", "repeats an earlier page's token: the reading would loop")],
            operation=operation,
        )
    seen.add(token)
    return token


def _pacing(effect: Call, core: BaseClient, clock: Clock) -> float:
    """How long to wait before ``effect`` to keep describes under the client's limit."""
    limit = core.describe_limit
    if limit is None or not effect.method.startswith("describe_"):
        return 0.0
    return limit.reserve(clock.monotonic())


# -- the sync shell ---------------------------------------------------------------------


@attrs.frozen
class _Returned:
    value: Any


def _advance(machine: Machine[Any], core: BaseClient, clock: Clock) -> Emit[Any] | _Returned:
    """Run ``machine`` in this thread until it emits or returns."""
    reply: Any = None
    error: Exception | None = None
    while True:
        try:
            effect = machine.send(reply) if error is None else machine.throw(error)
        except StopIteration as stop:
            return _Returned(stop.value)
        if isinstance(effect, Emit):
            return effect
        reply, error = None, None
        try:
            reply = _perform(effect, core, clock)
        except Exception as raised:
            error = raised


def _perform(effect: Call | Sleep | Now, core: BaseClient, clock: Clock) -> Any:
    if isinstance(effect, Now):
        return clock.monotonic()
    if isinstance(effect, Sleep):
        clock.sleep(effect.seconds)
        return None
    pause = _pacing(effect, core, clock)
    if pause > 0:
        clock.sleep(pause)
    return getattr(core, effect.method)(*effect.args, **effect.kwargs)


def run(machine: Machine[R], core: BaseClient, clock: Clock) -> R:
    """Drive ``machine`` to its result in the caller's thread (it must not emit)."""
    with contextlib.closing(machine):
        step = _advance(machine, core, clock)
    result: R = _result(step, "run")
    return result


def iterate(machine: Machine[Any], core: BaseClient, clock: Clock) -> Iterator[Any]:
    """What ``machine`` emits, its effects performed lazily in the consumer's thread."""
    with contextlib.closing(machine):
        while isinstance(step := _advance(machine, core, clock), Emit):
            yield step.value


def _result(step: Emit[Any] | _Returned, driver: str) -> Any:
    if isinstance(step, Emit):
        raise TypeError(f"{driver}() drives machines that do not emit; this one emitted")
    return step.value


# -- the async shell --------------------------------------------------------------------


async def _aadvance(
    machine: Machine[Any], core: BaseClient, clock: AsyncClock, executor: Executor
) -> Emit[Any] | _Returned:
    """Run ``machine`` on the loop until it emits or returns: calls in ``executor``."""
    reply: Any = None
    error: Exception | None = None
    while True:
        try:
            effect = machine.send(reply) if error is None else machine.throw(error)
        except StopIteration as stop:
            return _Returned(stop.value)
        if isinstance(effect, Emit):
            return effect
        reply, error = None, None
        try:
            reply = await _aperform(effect, core, clock, executor)
        except Exception as raised:
            error = raised


async def _aperform(
    effect: Call | Sleep | Now, core: BaseClient, clock: AsyncClock, executor: Executor
) -> Any:
    if isinstance(effect, Now):
        return clock.monotonic()
    if isinstance(effect, Sleep):
        await clock.asleep(effect.seconds)
        return None
    pause = _pacing(effect, core, clock)
    if pause > 0:
        await clock.asleep(pause)
    import asyncio  # here: sync users never import it

    method = functools.partial(getattr(core, effect.method), *effect.args, **effect.kwargs)
    # Cancelled while the call runs: the call finishes in its thread, its result dropped.
    return await asyncio.get_running_loop().run_in_executor(executor, method)


async def arun(machine: Machine[R], core: BaseClient, clock: AsyncClock, executor: Executor) -> R:
    """Drive ``machine`` to its result on the running loop (it must not emit)."""
    with contextlib.closing(machine):
        step = await _aadvance(machine, core, clock, executor)
    result: R = _result(step, "arun")
    return result


async def aiterate(
    machine: Machine[Any], core: BaseClient, clock: AsyncClock, executor: Executor
) -> AsyncIterator[Any]:
    """What ``machine`` emits, its effects performed on the loop as they are read."""
    with contextlib.closing(machine):
        while isinstance(step := await _aadvance(machine, core, clock, executor), Emit):
            yield step.value
