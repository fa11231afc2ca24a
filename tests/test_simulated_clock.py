"""SimulatedClock: shared virtual time for threads and asyncio tasks."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from benchmarks.scripted_service import ScriptedJob, ScriptedService
from sagemaker_typed import Clock, PollPolicy, SageMakerClient
from sagemaker_typed.testing import FakeClock, SimulatedClock, SimulatedTimeStalled


def run_threads(clock: SimulatedClock, workers: list[list[float]]) -> list[list[float]]:
    """Run one thread per list of sleeps; each records the time after every sleep."""
    seen: list[list[float]] = [[] for _ in workers]
    errors: list[BaseException] = []

    def work(participant: Any, sleeps: list[float], out: list[float]) -> None:
        try:
            with participant:
                for seconds in sleeps:
                    clock.sleep(seconds)
                    out.append(clock.monotonic())
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=work, args=(clock.participant(), sleeps, out))
        for sleeps, out in zip(workers, seen, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    return seen


def test_is_a_clock_and_a_lone_sleep_advances_at_once() -> None:
    clock: Clock = SimulatedClock(start=10.0)
    started = time.monotonic()
    clock.sleep(3600)
    assert clock.monotonic() == 3610.0
    assert time.monotonic() - started < 1.0
    clock.sleep(0)
    assert clock.monotonic() == 3610.0


def test_negative_sleep_is_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        SimulatedClock().sleep(-1)


def test_threads_each_see_their_own_timeline() -> None:
    clock = SimulatedClock()
    seen = run_threads(clock, [[30.0] * 4 for _ in range(10)] + [[7.0, 7.0, 100.0]])
    for timeline in seen[:10]:
        assert timeline == [30.0, 60.0, 90.0, 120.0]  # FakeClock: up to 1,200 s
    assert seen[10] == [7.0, 14.0, 114.0]
    assert clock.monotonic() == 120.0


def test_fake_clock_runs_ten_threads_ten_times_too_fast() -> None:
    """What SimulatedClock is for: the same run on a FakeClock."""
    clock = FakeClock()
    ends: list[float] = []

    def work() -> None:
        for _ in range(4):
            clock.sleep(30.0)
        ends.append(clock.monotonic())

    threads = [threading.Thread(target=work) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert max(ends) == 1200.0


def test_time_waits_for_a_participant_that_is_busy() -> None:
    clock = SimulatedClock()
    busy = clock.participant()
    seen: list[float] = []

    def sleeper() -> None:
        clock.sleep(5)  # not a participant: one while it sleeps
        seen.append(clock.monotonic())

    thread = threading.Thread(target=sleeper)
    with busy:
        thread.start()
        time.sleep(0.2)
        assert seen == []
        assert clock.monotonic() == 0.0  # the busy participant holds time
    thread.join(5)
    assert seen == [5.0]


def test_readers_are_not_participants() -> None:
    """A thread that only reads the clock (a moto server) never holds time still."""
    clock = SimulatedClock()
    stop = threading.Event()
    readings: list[float] = []

    def reader() -> None:
        while not stop.is_set():
            readings.append(clock.monotonic())
            time.sleep(0.001)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        assert run_threads(clock, [[1.0, 1.0], [2.0]]) == [[1.0, 2.0], [2.0]]
    finally:
        stop.set()
        thread.join()
    assert readings == sorted(readings)


def test_a_participant_is_entered_once_and_one_per_thread() -> None:
    clock = SimulatedClock()
    participant = clock.participant()
    with (
        participant,
        pytest.raises(RuntimeError, match="already a participant"),
        clock.participant(),
    ):
        pass
    with pytest.raises(RuntimeError, match="entered once"), participant:
        pass
    clock.sleep(1)  # nobody left awake
    assert clock.monotonic() == 1.0


def test_a_participant_that_never_sleeps_stalls_the_others_with_an_error() -> None:
    clock = SimulatedClock(stall_timeout=0.2)
    clock.participant()  # created, never entered, never left
    with pytest.raises(SimulatedTimeStalled, match="1 other participant"):
        clock.sleep(1)
    assert clock.monotonic() == 0.0


def test_tasks_each_see_their_own_timeline() -> None:
    clock = SimulatedClock()

    async def task(participant: Any, sleeps: list[float]) -> list[float]:
        seen = []
        async with participant:
            for seconds in sleeps:
                await clock.asleep(seconds)
                seen.append(clock.monotonic())
        return seen

    async def main() -> list[list[float]]:
        plans = [[30.0] * 3 for _ in range(100)] + [[45.0]]
        return await asyncio.gather(*(task(clock.participant(), plan) for plan in plans))

    seen = asyncio.run(main())
    assert seen[:100] == [[30.0, 60.0, 90.0]] * 100
    assert seen[100] == [45.0]
    assert clock.monotonic() == 90.0


def test_a_task_waits_for_a_busy_task_and_a_lone_task_advances_at_once() -> None:
    clock = SimulatedClock()
    order: list[str] = []

    async def busy(participant: Any) -> None:
        async with participant:
            await asyncio.sleep(0.05)  # real work, not a sleep on the clock
            order.append(f"busy done at {clock.monotonic():g}")

    async def main() -> None:
        await clock.asleep(100)  # alone
        order.append(f"alone woke at {clock.monotonic():g}")
        participant = clock.participant()
        worker = asyncio.create_task(busy(participant))
        await clock.asleep(5)
        order.append(f"sleeper woke at {clock.monotonic():g}")
        await worker

    asyncio.run(main())
    assert order == ["alone woke at 100", "busy done at 100", "sleeper woke at 105"]


def test_cancelling_a_sleeping_task_lets_time_go_on() -> None:
    clock = SimulatedClock()

    async def main() -> float:
        first, second = clock.participant(), clock.participant()

        async def long_sleeper() -> None:
            async with first:
                await clock.asleep(1000)

        async def short_sleeper() -> float:
            async with second:
                await clock.asleep(10)
                cancelled.cancel()
                await asyncio.sleep(0)
                await clock.asleep(10)
                return clock.monotonic()

        cancelled = asyncio.create_task(long_sleeper())
        result = await short_sleeper()
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        return result

    assert asyncio.run(main()) == 20.0


def test_threads_and_tasks_share_one_timeline() -> None:
    clock = SimulatedClock()
    participant = clock.participant()
    seen: list[tuple[str, float]] = []

    def thread_work() -> None:
        with participant:
            for _ in range(3):
                clock.sleep(10)
                seen.append(("thread", clock.monotonic()))

    async def main() -> None:
        async with clock.participant() as task_participant:
            assert task_participant is not None
            thread = threading.Thread(target=thread_work)
            thread.start()
            for _ in range(2):
                await clock.asleep(15)
                seen.append(("task", clock.monotonic()))
        await asyncio.to_thread(thread.join)

    asyncio.run(main())
    assert sorted(seen, key=lambda entry: (entry[1], entry[0])) == [
        ("thread", 10.0),
        ("task", 15.0),
        ("thread", 20.0),
        ("task", 30.0),
        ("thread", 30.0),
    ]


def test_ten_threads_of_waiters_see_what_one_waiter_alone_sees() -> None:
    """Each thread waits on its own job with its own client: calls and lag must match
    that job's wait alone (on a FakeClock, ten threads would see time 10x too fast)."""
    jobs = [ScriptedJob(f"job-{index}", ends_at=100.0 + 37.0 * index) for index in range(10)]
    policy = PollPolicy(random=lambda: 0.5)

    def alone(job: ScriptedJob) -> tuple[int, float]:
        clock = SimulatedClock()
        service = ScriptedService.of(clock, [job])
        service.client().wait_for_training_job(job.name, poll=policy)
        return service.described[job.name], clock.monotonic() - job.ends_at

    expected = {job.name: alone(job) for job in jobs}

    clock = SimulatedClock()
    service = ScriptedService.of(clock, jobs)
    seen: dict[str, tuple[int, float]] = {}

    def work(participant: Any, job: ScriptedJob, sm: SageMakerClient) -> None:
        with participant:
            sm.wait_for_training_job(job.name, poll=policy)
            seen[job.name] = (service.described[job.name], clock.monotonic() - job.ends_at)

    threads = [
        threading.Thread(target=work, args=(clock.participant(), job, service.client()))
        for job in jobs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == expected
    assert clock.monotonic() == max(job.ends_at + seen[job.name][1] for job in jobs)
