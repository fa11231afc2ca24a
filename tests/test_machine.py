"""The machine drivers: effects performed, errors thrown in, emitted values, pacing."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Generator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from sagemaker_typed._base_client import BaseClient
from sagemaker_typed._machine import (
    Call,
    Emit,
    Machine,
    Now,
    RateLimit,
    Sleep,
    aiterate,
    arun,
    iterate,
    run,
)
from sagemaker_typed.testing import FakeClock


class Core:
    """What the drivers need of a client: methods to call and a describe limit."""

    def __init__(self, clock: FakeClock, per_second: float | None = None) -> None:
        self.clock = clock
        self.describe_limit = None if per_second is None else RateLimit(per_second)
        self.calls: list[tuple[float, str]] = []

    def describe_thing(self, name: str) -> str:
        self.calls.append((self.clock.monotonic(), name))
        return name.upper()

    def list_page(self, token: int) -> tuple[list[int], int | None]:
        self.calls.append((self.clock.monotonic(), f"page {token}"))
        return [token * 10, token * 10 + 1], (token + 1 if token < 2 else None)

    def fail(self) -> None:
        raise KeyError("boom")


def core(clock: FakeClock, per_second: float | None = None) -> Any:
    return cast(BaseClient, Core(clock, per_second))


def describe_twice() -> Machine[list[Any]]:
    first = yield Call("describe_thing", ("a",))
    yield Sleep(5)
    started = yield Now()
    second = yield Call("describe_thing", (), {"name": "b"})
    try:
        yield Call("fail")
    except KeyError as error:
        caught = error.args[0]
    return [first, started, second, caught]


def pages(closed: list[bool]) -> Machine[None]:
    token: int | None = 0
    try:
        while token is not None:
            items, token = yield Call("list_page", (token,))
            for item in items:
                yield Emit(item)
    finally:
        closed.append(True)


def test_run_performs_effects_and_throws_errors_in() -> None:
    clock = FakeClock()
    assert run(describe_twice(), core(clock), clock) == ["A", 5.0, "B", "boom"]
    assert clock.sleeps == [5.0]


def test_an_error_the_machine_does_not_catch_propagates() -> None:
    def failing() -> Machine[None]:
        yield Call("fail")

    clock = FakeClock()
    with pytest.raises(KeyError, match="boom"):
        run(failing(), core(clock), clock)


def test_run_refuses_a_machine_that_emits() -> None:
    closed: list[bool] = []
    clock = FakeClock()
    with pytest.raises(TypeError, match="emit"):
        run(pages(closed), core(clock), clock)
    assert closed == [True]


def test_iterate_is_lazy_and_closes_the_machine_when_dropped() -> None:
    clock = FakeClock()
    client = core(clock)
    closed: list[bool] = []
    items = iterate(pages(closed), client, clock)
    assert client.calls == []
    assert list(itertools.islice(items, 3)) == [0, 1, 10]
    assert [call for _, call in client.calls] == ["page 0", "page 1"]
    cast(Generator[Any, None, None], items).close()
    assert closed == [True]
    assert list(iterate(pages([]), client, clock)) == [0, 1, 10, 11, 20, 21]


def test_the_async_drivers_do_the_same() -> None:
    async def main() -> tuple[list[Any], list[int]]:
        clock = FakeClock()
        with ThreadPoolExecutor(max_workers=2) as executor:
            result = await arun(describe_twice(), core(clock), clock, executor)
            items: AsyncIterator[Any] = aiterate(pages([]), core(clock), clock, executor)
            return result, [item async for item in items]

    assert asyncio.run(main()) == (["A", 5.0, "B", "boom"], [0, 1, 10, 11, 20, 21])


def test_describes_are_paced_and_other_calls_are_not() -> None:
    def many() -> Machine[None]:
        for _ in range(5):
            yield Call("describe_thing", ("x",))
        for token in range(3):
            yield Call("list_page", (token,))

    clock = FakeClock()
    client = core(clock, per_second=2)
    run(many(), client, clock)
    assert [round(when, 3) for when, _ in client.calls] == [0, 0, 1, 1, 2, 2, 2, 2]


@given(
    per_second=hs.sampled_from([0.25, 0.5, 1, 2, 2.5, 10, 40]),
    gaps=hs.lists(hs.floats(0, 2), max_size=60),
)
def test_rate_limit_never_exceeds_its_rate(per_second: float, gaps: list[float]) -> None:
    limit = RateLimit(per_second)
    now = 0.0
    slots = []
    for gap in gaps:
        now += gap
        wait = limit.reserve(now)
        assert wait >= 0
        slots.append(now + wait)
    assert slots == sorted(slots)
    window = 1.0 if per_second >= 1 else 1 / per_second
    most = max(1, int(per_second))
    for start in slots:
        assert sum(start <= slot < start + window for slot in slots) <= most


def test_rate_limit_rejects_a_bad_rate() -> None:
    for bad in (0, -1, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="max_describe_per_second"):
            RateLimit(bad)
