"""Single-job waiters started together on one client spread their first polls."""

from __future__ import annotations

import threading
from typing import Any

from benchmarks.scripted_service import ScriptedJob, ScriptedService
from sagemaker_typed import PollPolicy
from sagemaker_typed._poll_policy import Stagger
from sagemaker_typed.testing import SimulatedClock

MAX_DELAY = PollPolicy().max_delay


def first_describes(service: ScriptedService) -> dict[str, float]:
    first: dict[str, float] = {}
    for at, name in service.describe_log:
        first.setdefault(name, at)
    return first


def test_waiters_started_together_spread_their_first_polls_over_a_second() -> None:
    jobs = [ScriptedJob(f"job-{index}", ends_at=400.0) for index in range(10)]
    clock = SimulatedClock()
    service = ScriptedService.of(clock, jobs)
    sm = service.client()

    def work(participant: Any, name: str) -> None:
        with participant:
            sm.wait_for_training_job(name)

    threads = [threading.Thread(target=work, args=(clock.participant(), job.name)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    firsts = sorted(first_describes(service).values())
    # 0, 1/2, 1/4, 3/4, 1/8, 5/8, 3/8, 7/8, 1/16, 9/16 of a second
    assert firsts == [place / 16 for place in sorted([0, 8, 4, 12, 2, 10, 6, 14, 1, 9])]
    # Every job's end is still seen within the poll policy's bound, plus the stagger.
    assert clock.monotonic() <= 400.0 + MAX_DELAY + 1.0


def test_a_lone_wait_and_waits_one_after_another_poll_at_once() -> None:
    jobs = [ScriptedJob("one", ends_at=0.0), ScriptedJob("two", ends_at=0.0)]
    service = ScriptedService.of(SimulatedClock(), jobs)
    sm = service.client()
    sm.wait_for_training_job("one")
    sm.wait_for_training_job("two")
    assert first_describes(service) == {"one": 0.0, "two": 0.0}


def test_a_place_is_free_again_once_its_wait_has_ended_or_a_second_has_passed() -> None:
    stagger = Stagger()
    first, _ = stagger.start(0.0)
    second, delay = stagger.start(0.1)
    assert delay == 0.5
    stagger.end(first)
    third, delay = stagger.start(0.2)
    assert delay == 0.0  # the first's place, free again
    assert stagger.start(0.3)[1] == 0.25
    assert stagger.start(1.25)[1] == 0.0  # over a second after the others started
    stagger.end(second)
    stagger.end(third)
