"""Waiting on many training jobs: training_jobs_as_completed and wait_for_training_jobs,
on the scripted service (real boto3 client, jobs on a simulated clock)."""

from __future__ import annotations

import asyncio
import bisect
import concurrent.futures
import itertools
import logging
import random
import threading
from typing import Any

import attrs
import pytest

from benchmarks.scripted_service import ScriptedJob, ScriptedService, random_jobs
from sagemaker_typed import (
    PollPolicy,
    ResourceNotFoundError,
    WaiterTimeoutError,
    _machine,
    _many_jobs,
)
from sagemaker_typed._many_jobs import CALL_INTERVAL, LIST_INTERVAL
from sagemaker_typed.models import DescribeTrainingJobResponse
from sagemaker_typed.testing import (
    SimulatedClock,
    complete_job,
    hold_in_progress,
    local_sagemaker,
)
from tests.requests import training_job_request

MAX_DELAY = PollPolicy().max_delay


def deliveries(
    service: ScriptedService, names: list[str], **options: object
) -> list[tuple[float, DescribeTrainingJobResponse]]:
    """What ``training_jobs_as_completed`` yields, with the time it yields it."""
    sm = service.client()
    return [
        (service.clock.monotonic(), job)
        for job in sm.training_jobs_as_completed(names, **options)  # type: ignore[arg-type]
    ]


# What a round's own pacing can add to the poll delay before a job's end is delivered:
# the pages and describes of a busy round ahead of it.
ROUND_OVERHEAD = 5 * LIST_INTERVAL + 5 * CALL_INTERVAL


def test_every_job_is_delivered_once_as_it_ends() -> None:
    jobs = random_jobs(60, seed=3)
    service = ScriptedService.of(SimulatedClock(), jobs)
    seen = deliveries(service, [job.name for job in jobs])

    assert sorted(job.training_job_name for _, job in seen) == sorted(job.name for job in jobs)
    ends = {job.name: job.ends_at for job in jobs}
    lags = [when - ends[job.training_job_name] for when, job in seen]
    assert min(lags) >= 0
    assert max(lags) <= MAX_DELAY + ROUND_OVERHEAD
    assert all(job.training_job_status == "Completed" for _, job in seen)
    # One describe per job, at its end; the rest are list pages, about one a round.
    assert service.described == {job.name: 1 for job in jobs}
    assert service.calls_of("ListTrainingJobs") <= 3600 / 25
    assert service.busiest_second() <= 4


def test_failed_and_stopped_jobs_are_delivered_with_their_status_and_in_the_given_order() -> None:
    jobs = [
        ScriptedJob("run-c", ends_at=900.0, status="Failed"),
        ScriptedJob("run-a", ends_at=300.0, status="Stopped"),
        ScriptedJob("run-b", ends_at=600.0),
    ]
    service = ScriptedService.of(SimulatedClock(), jobs)
    names = ["run-b", "run-c", "run-a", "run-b"]

    ended = service.client().wait_for_training_jobs(names)

    assert [(job.training_job_name, job.training_job_status) for job in ended] == [
        ("run-b", "Completed"),
        ("run-c", "Failed"),
        ("run-a", "Stopped"),
        ("run-b", "Completed"),
    ]
    assert ended[1].failure_reason == "AlgorithmError: scripted failure"
    assert service.described == {"run-a": 1, "run-b": 1, "run-c": 1}


def test_a_timeout_raises_listing_the_jobs_still_running() -> None:
    jobs = [ScriptedJob(f"run-{index}", ends_at=250.0 * index) for index in range(1, 9)]
    service = ScriptedService.of(SimulatedClock(), jobs)
    sm = service.client()
    seen: list[str] = []
    waiting = sm.training_jobs_as_completed([job.name for job in jobs], timeout=1000)
    with pytest.raises(WaiterTimeoutError) as raised:
        seen.extend(job.training_job_name for job in waiting)

    assert seen == ["run-1", "run-2", "run-3", "run-4"]
    assert raised.value.running == ["run-5", "run-6", "run-7", "run-8"]
    assert "4 of 8 training jobs did not end within 1000 s: run-5, run-6" in str(raised.value)
    # A last round at the deadline (its calls paced as ever), then the error.
    assert 1000.0 <= service.clock.monotonic() <= 1000.0 + LIST_INTERVAL + CALL_INTERVAL


def test_throttled_listing_backs_off_and_loses_nothing() -> None:
    jobs = random_jobs(30, seed=5)
    service = ScriptedService.of(SimulatedClock(), jobs)
    sm = service.client()
    names = [job.name for job in jobs]
    iterator = sm.training_jobs_as_completed(names)
    first = [next(iterator).training_job_name for _ in range(3)]
    service.throttle("ListTrainingJobs", 4)
    throttled_at = service.clock.monotonic()
    rest = [job.training_job_name for job in iterator]

    assert sorted(first + rest) == sorted(names)
    assert len(set(first + rest)) == len(names)
    list_times = [at for at, operation in service.calls if operation == "ListTrainingJobs"]
    after = [at for at in list_times if at > throttled_at]
    # Backed off: the five attempts of one page spread over the policy's growing delays.
    assert after[4] - after[0] >= sum(itertools.islice(PollPolicy(jitter=0).delays(), 4)) * 0.96
    assert service.busiest_second() <= 4


def test_unknown_names_fail_fast() -> None:
    jobs = [ScriptedJob("real-job", ends_at=3000.0)]
    service = ScriptedService.of(SimulatedClock(), jobs)
    with pytest.raises(ResourceNotFoundError):
        service.client().wait_for_training_jobs(["real-job", "misspelt-job"])
    assert service.clock.monotonic() < 1
    assert len(service.calls) <= 2


def test_a_job_this_client_just_created_gets_the_grace() -> None:
    # Visible only 10 s after its create call (eventual consistency).
    jobs = [ScriptedJob("fresh", ends_at=120.0, created_at=10.0)]
    service = ScriptedService.of(SimulatedClock(), jobs)
    sm = service.client()
    sm.create_training_job(training_job_request("fresh"))
    [job] = sm.wait_for_training_jobs(["fresh"])
    assert job.training_job_status == "Completed"

    late = ScriptedService.of(SimulatedClock(), [ScriptedJob("late", 900.0, created_at=45.0)])
    sm = late.client()
    sm.create_training_job(training_job_request("late"))
    with pytest.raises(ResourceNotFoundError):
        sm.wait_for_training_jobs(["late"])
    assert 30 <= late.clock.monotonic() < 45


def test_a_busy_account_falls_back_to_describing_the_running_jobs() -> None:
    """2,000 other jobs created in the same minutes, sharing the name prefix: listing
    them costs more pages than describing the few watched jobs."""
    mine = [
        ScriptedJob(f"sweep-{index:02d}", ends_at=600.0 + 60 * index, created_at=6.0 * index - 60)
        for index in range(10)
    ]
    others = [
        ScriptedJob(f"sweep-0-other-{index}", ends_at=7200.0, created_at=index * 0.03 - 60)
        for index in range(2000)
    ]
    service = ScriptedService.of(SimulatedClock(), [*mine, *others])
    seen = deliveries(service, [job.name for job in mine])

    assert [job.training_job_name for _, job in seen] == [job.name for job in mine]
    # The first listing round found too many pages; after it, only describes.
    lists = [at for at, operation in service.calls if operation == "ListTrainingJobs"]
    assert lists[-1] < 60
    assert len(lists) <= 10 + 21  # discovery within its budget, then one round


def test_names_and_tuning_job_are_exclusive_and_names_is_not_a_string() -> None:
    sm = ScriptedService.of(SimulatedClock(), []).client()
    with pytest.raises(TypeError, match="one of the two"):
        sm.wait_for_training_jobs()
    with pytest.raises(TypeError, match="one of the two"):
        sm.training_jobs_as_completed(["a"], tuning_job="t")
    with pytest.raises(TypeError, match="not one string"):
        sm.wait_for_training_jobs("job-name")
    with pytest.raises(ValueError, match="timeout"):
        sm.wait_for_training_jobs(["a"], timeout=-1)
    assert sm.wait_for_training_jobs([]) == []


def test_progress_prints_counts(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    jobs = [
        ScriptedJob("run-a", ends_at=100.0),
        ScriptedJob("run-b", ends_at=200.0, status="Failed"),
    ]
    service = ScriptedService.of(SimulatedClock(), jobs)
    with caplog.at_level(logging.INFO, logger="sagemaker_typed"):
        service.client().wait_for_training_jobs(["run-a", "run-b"], progress=True)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "[  0m00s] 0 of 2 training jobs ended"
    assert lines[1].endswith("] 1 of 2 training jobs ended: 1 Completed")
    assert lines[2].endswith("] 2 of 2 training jobs ended: 1 Completed, 1 Failed")
    assert "training job run-b: Failed" in caplog.messages


def test_the_window_reaches_past_an_exclusive_service_boundary() -> None:
    """The scripted service excludes the creation-time filter's boundaries (the service
    may; moto includes them): the oldest and newest watched jobs are still listed."""
    jobs = [
        ScriptedJob("edge-a", ends_at=500.0, created_at=-20.0),
        ScriptedJob("edge-b", ends_at=900.0, created_at=0.0),
    ]
    service = ScriptedService.of(SimulatedClock(), jobs)
    ended = service.client().wait_for_training_jobs(["edge-a", "edge-b"])
    assert [job.training_job_name for job in ended] == ["edge-a", "edge-b"]
    assert service.described == {"edge-a": 1, "edge-b": 1}


def test_a_tuning_jobs_training_jobs_as_they_end_including_later_ones() -> None:
    """Launched in waves of 4 (its max parallel jobs): the wait follows the ones
    launched later and ends when the tuning job and all of them have."""
    children = [
        ScriptedJob(f"tune-{index:03d}-0a1b2c3d", ends_at=600.0 * (index // 4 + 1) - index)
        for index in range(12)
    ]
    for job in children:
        job.created_at = max(0.0, 600.0 * (job.ends_at // 600) - 600.0)
    children[5].status = "Failed"
    service = ScriptedService.of(SimulatedClock(), children)
    service.tuning_jobs["tune"] = [job.name for job in children]
    sm = service.client()

    seen = [
        (service.clock.monotonic(), job) for job in sm.training_jobs_as_completed(tuning_job="tune")
    ]

    assert sorted(job.training_job_name for _, job in seen) == sorted(j.name for j in children)
    assert {job.training_job_name: job.training_job_status for _, job in seen}[
        children[5].name
    ] == ("Failed")
    ends = {job.name: job.ends_at for job in children}
    assert (
        max(when - ends[job.training_job_name] for when, job in seen) <= MAX_DELAY + ROUND_OVERHEAD
    )
    assert service.described == {job.name: 1 for job in children}
    assert service.clock.monotonic() - max(ends.values()) <= MAX_DELAY + ROUND_OVERHEAD

    ordered = ScriptedService.of(SimulatedClock(), children)
    ordered.tuning_jobs["tune"] = [job.name for job in children]
    ended = ordered.client().wait_for_training_jobs(tuning_job="tune")
    assert [job.training_job_name for job in ended] == [
        job.name for job in sorted(children, key=lambda job: (job.created_at, job.name))
    ]


def test_an_unknown_tuning_job_fails_fast() -> None:
    service = ScriptedService.of(SimulatedClock(), [])
    with pytest.raises(ResourceNotFoundError):
        service.client().wait_for_training_jobs(tuning_job="no-such-tuning")
    assert service.clock.monotonic() == 0


def test_the_same_machine_on_the_async_driver_delivers_the_same() -> None:
    """One implementation: the async shell's driver runs the very machine, sleeping with
    ``await clock.asleep``, and sees what the sync shell sees."""
    jobs = random_jobs(20, seed=11)
    names = [job.name for job in jobs]
    sync_service = ScriptedService.of(SimulatedClock(), jobs)
    policy = PollPolicy(random=lambda: 0.5)
    expected = [
        (when, job.training_job_name) for when, job in deliveries(sync_service, names, poll=policy)
    ]

    clock = SimulatedClock()
    service = ScriptedService.of(clock, jobs)
    sm = service.client()

    async def main() -> list[tuple[float, str]]:
        machine = _many_jobs.training_jobs_as_completed(
            sm, names, tuning_job=None, timeout=None, poll=policy, progress=False
        )
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
            return [
                (clock.monotonic(), job.training_job_name)
                async for job in _machine.aiterate(machine, sm, clock, executor)
            ]

    assert asyncio.run(main()) == expected
    assert service.calls == sync_service.calls


# -- on the local backend ----------------------------------------------------------------


def single_waiter_calls(duration: float, policy: PollPolicy) -> int:
    """The describes a ``wait_for_training_job`` started with the job makes, without
    jitter (jitter only shortens delays: with it, a waiter makes more calls)."""
    calls, now = 1, 0.0
    delays = attrs.evolve(policy, jitter=0.0).delays()
    while now < duration:
        now += next(delays)
        calls += 1
    return calls


def test_500_jobs_over_a_simulated_hour_on_the_local_backend() -> None:
    """500 jobs on the local backend, each finished at a random time of the hour by a
    thread sharing the simulated clock, watched by one wait."""
    rng = random.Random(17)
    ends = {f"hour-{index:03d}": rng.uniform(60.0, 3600.0) for index in range(500)}
    clock = SimulatedClock()
    calls: list[tuple[float, str]] = []
    seen: dict[str, float] = {}
    with local_sagemaker(clock=clock) as sm:
        arns = {
            name: sm.create_training_job(training_job_request(name)).training_job_arn
            for name in ends
        }
        for arn in arns.values():
            hold_in_progress(arn)
        sm.boto_client.meta.events.register(
            "before-call.sagemaker",
            lambda model, **_: calls.append((clock.monotonic(), model.name)),
        )

        def finish(participant: Any) -> None:
            with participant:
                for name, end in sorted(ends.items(), key=lambda item: item[1]):
                    clock.sleep(end - clock.monotonic())
                    complete_job(arns[name])

        waiting, finishing = clock.participant(), clock.participant()
        finisher = threading.Thread(target=finish, args=(finishing,))
        finisher.start()
        with waiting:
            for job in sm.training_jobs_as_completed(list(ends)):
                assert job.training_job_name not in seen
                assert job.training_job_status == "Completed"
                seen[job.training_job_name] = clock.monotonic()
        finisher.join()

    assert seen.keys() == ends.keys()
    lags = [seen[name] - end for name, end in ends.items()]
    single = sum(single_waiter_calls(end, PollPolicy()) for end in ends.values())
    times = sorted(at for at, _ in calls)
    busiest = max(bisect.bisect_left(times, at + 1.0) - index for index, at in enumerate(times))
    print(
        f"\n500 jobs over an hour: {len(calls)} calls (500 single-job waiters: {single});"
        f" lag {min(lags):.1f} to {max(lags):.1f} s; busiest second {busiest} calls"
    )
    assert min(lags) >= 0
    assert max(lags) <= MAX_DELAY + ROUND_OVERHEAD
    assert len(calls) * 20 <= single
    assert busiest <= 5
