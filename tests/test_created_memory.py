"""The client remembers what it created for a minute (a "not found" right after a
create is eventual consistency, see the waiters), and forgets it after: a process
that creates jobs all day keeps only the last minute's. (What a sweep of many creates
costs is measured by ``make bench``, "Typed create over loopback".)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sagemaker_typed import SageMakerClient
from sagemaker_typed.testing import FakeClock, LocalSageMaker
from tests.requests import training_job_request


@pytest.fixture
def local() -> Iterator[tuple[SageMakerClient, FakeClock]]:
    clock = FakeClock()
    backend = LocalSageMaker(clock=clock)
    try:
        yield backend.start(), clock
    finally:
        backend.stop()


def test_a_create_is_remembered_for_a_minute(local: tuple[SageMakerClient, FakeClock]) -> None:
    sm, clock = local
    sm.create_training_job(training_job_request("first"))
    clock.advance(40)
    sm.create_training_job(training_job_request("second"))
    assert sm.created_recently("TrainingJob", "first")
    assert not sm.created_recently("TrainingJob", "never-created")
    assert not sm.created_recently("HyperParameterTuningJob", "first")
    clock.advance(20)  # "first" is a minute old
    assert not sm.created_recently("TrainingJob", "first")
    assert sm.created_recently("TrainingJob", "second")


def test_old_creates_are_forgotten(local: tuple[SageMakerClient, FakeClock]) -> None:
    sm, clock = local
    for number in range(50):
        sm.create_training_job(training_job_request(f"job-{number}"))
        clock.advance(5)  # twelve creates a minute
    remembered = [name for (_, name) in sm._created]  # pyright: ignore[reportPrivateUsage]
    assert remembered == [f"job-{number}" for number in range(38, 50)]
