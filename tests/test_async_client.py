"""AsyncSageMakerClient: the sync client's surface as coroutines, on the same machinery.

The waiters' behaviour on both shells is tested in ``test_waiters`` (parametrized);
here: signature parity, construction, calls, listings, errors, threads, cancellation.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from sagemaker_typed import (
    AsyncSageMakerClient,
    ResourceNotFoundError,
    SageMakerClient,
)
from sagemaker_typed._async_base_client import MAX_WORKERS
from sagemaker_typed.models import DescribeTrainingJobResponse
from sagemaker_typed.testing import (
    FakeClock,
    attach_training_jobs,
    complete_job,
    hold_in_progress,
    local_sagemaker,
)
from tests.requests import training_job_request, tuning_job_request

# What only the async client has: it holds worker threads, so it can be closed; its
# aclose() is the twin of the sync client's close(), which would block.
ASYNC_ONLY = {"aclose"}
SYNC_ONLY = {"close"}
# Methods that do no I/O stay plain methods on the async client.
NO_IO = {"created_recently"}


def _public(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") or name == "__init__"
    }


def _async_return(sync_return: str) -> str:
    """The async twin's return annotation: an iterator becomes an async iterator."""
    iterator = sync_return.startswith("Iterator[") or sync_return == "LogReader"
    return f"Async{sync_return}" if iterator else sync_return


def test_every_method_has_an_async_twin_with_the_same_signature() -> None:
    sync = _public(SageMakerClient)
    twins = _public(AsyncSageMakerClient)
    assert set(twins) - set(sync) == ASYNC_ONLY
    assert set(sync) - set(twins) == SYNC_ONLY
    for name, member in sync.items():
        if name in SYNC_ONLY:
            continue
        twin = twins[name]
        if isinstance(member, property):
            assert isinstance(twin, property), name
            assert twin.fget is not None
            assert member.fget is not None
            assert inspect.signature(twin.fget) == inspect.signature(member.fget), name
            continue
        expected = inspect.signature(member)
        actual = inspect.signature(twin)
        assert list(actual.parameters.values()) == list(expected.parameters.values()), name
        assert actual.return_annotation == _async_return(expected.return_annotation), name
        iterates = actual.return_annotation.startswith(("AsyncIterator[", "AsyncLogReader"))
        plain = iterates or name in NO_IO or name == "__init__"
        assert inspect.iscoroutinefunction(twin) is not plain, name


# -- construction -----------------------------------------------------------------------


def test_building_the_boto3_client_happens_in_a_worker_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built_in: list[str] = []
    original = boto3.Session.client

    def client(self: boto3.Session, *args: Any, **kwargs: Any) -> Any:
        built_in.append(threading.current_thread().name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(boto3.Session, "client", client)

    async def main() -> str:
        async with AsyncSageMakerClient(region_name="us-east-1") as sm:
            return sm.boto_client.meta.region_name

    assert asyncio.run(main()) == "us-east-1"
    assert len(built_in) == 1
    assert built_in[0].startswith("sagemaker-typed")


def test_a_failure_to_build_comes_with_the_first_call() -> None:
    sm = AsyncSageMakerClient(region_name="not a region")  # no error yet: it builds aside
    try:
        SageMakerClient(region_name="not a region")
    except Exception as error:  # whatever the sync client raises at once
        expected = type(error)
    with pytest.raises(expected):
        asyncio.run(sm.describe_training_job("job"))


def test_boto_client_is_wrapped_and_clashing_arguments_are_refused() -> None:
    boto_client = boto3.Session(region_name="us-east-1").client("sagemaker")
    assert AsyncSageMakerClient(boto_client).boto_client is boto_client
    with pytest.raises(TypeError, match="region_name"):
        AsyncSageMakerClient(boto_client, region_name="us-west-2")


def test_a_clock_that_cannot_sleep_asynchronously_is_refused() -> None:
    class BlockingClock:
        def monotonic(self) -> float:
            return 0.0

        def sleep(self, seconds: float) -> None:
            time.sleep(seconds)

    with pytest.raises(TypeError, match="asleep"):
        AsyncSageMakerClient(clock=BlockingClock(), region_name="us-east-1")


# -- calls on the local backend ---------------------------------------------------------


@pytest.fixture
def local() -> Iterator[SageMakerClient]:
    with local_sagemaker() as sm:
        yield sm


def test_calls_errors_and_waits_on_the_local_backend(local: SageMakerClient) -> None:
    async def main() -> tuple[DescribeTrainingJobResponse, bool]:
        async with AsyncSageMakerClient(local.boto_client, clock=FakeClock()) as sm:
            created = await sm.create_training_job(training_job_request("job"))
            recently = sm.created_recently("TrainingJob", "job")
            hold_in_progress(created.training_job_arn)
            running = await sm.describe_training_job("job")
            assert running.training_job_status == "InProgress"
            assert running.response_metadata is not None
            with pytest.raises(ResourceNotFoundError):
                await sm.describe_training_job("no-such-job")
            complete_job(created.training_job_arn)
            return await sm.wait_for_training_job("job"), recently

    job, recently = asyncio.run(main())
    assert job.training_job_status == "Completed"
    assert recently


def test_listings_are_async_iterators_that_follow_pages(local: SageMakerClient) -> None:
    tuning = local.create_hyper_parameter_tuning_job(tuning_job_request("tuning"))
    arns = attach_training_jobs(tuning.hyper_parameter_tuning_job_arn, [0.5, 0.25, 0.75])
    requests: list[str] = []
    local.boto_client.meta.events.register(
        "before-call.sagemaker.ListTrainingJobsForHyperParameterTuningJob",
        lambda **_: requests.append("page"),
    )

    async def main() -> list[str]:
        async with AsyncSageMakerClient(local.boto_client) as sm:
            listing = sm.list_training_jobs_for_hyper_parameter_tuning_job("tuning", max_results=2)
            assert requests == []  # lazy
            return [summary.training_job_arn async for summary in listing]

    assert sorted(asyncio.run(main())) == sorted(arns)
    assert requests == ["page", "page"]


def test_an_invalid_listing_request_is_refused_before_iterating(local: SageMakerClient) -> None:
    sm = AsyncSageMakerClient(local.boto_client)
    with pytest.raises(ValueError, match="max_results"):
        sm.list_training_jobs_for_hyper_parameter_tuning_job("tuning", max_results=0)


# -- threads and cancellation -----------------------------------------------------------


def _worker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("sagemaker-typed")]


def test_cancelling_one_of_100_waits_leaves_the_others_and_nothing_behind(
    local: SageMakerClient,
) -> None:
    arns = [
        local.create_training_job(training_job_request(f"job-{i}")).training_job_arn
        for i in range(100)
    ]
    for arn in arns:
        hold_in_progress(arn)
    polls: dict[str, int] = {}

    def count(params: dict[str, Any], **_: Any) -> None:
        name = params["TrainingJobName"]
        polls[name] = polls.get(name, 0) + 1

    local.boto_client.meta.events.register(
        "provide-client-params.sagemaker.DescribeTrainingJob", count
    )
    before = set(threading.enumerate())

    async def main() -> list[DescribeTrainingJobResponse]:
        async with AsyncSageMakerClient(local.boto_client, clock=FakeClock()) as sm:
            tasks = [asyncio.create_task(sm.wait_for_training_job(f"job-{i}")) for i in range(100)]
            while polls.get("job-0", 0) < 2:  # it is waiting: polled, then slept
                await asyncio.sleep(0.01)
            tasks[0].cancel()
            with pytest.raises(asyncio.CancelledError):
                await tasks[0]
            # A call in flight when cancelled finishes (its answer dropped); no more follow.
            polled_when_cancelled = polls["job-0"] + 1
            for arn in arns[1:]:
                complete_job(arn)
            done = await asyncio.gather(*tasks[1:])
            assert polls["job-0"] <= polled_when_cancelled  # nothing kept polling it
            assert asyncio.all_tasks() == {asyncio.current_task()}
            assert len(_worker_threads()) <= MAX_WORKERS
            return done

    done = asyncio.run(main())
    assert [job.training_job_status for job in done] == ["Completed"] * 99
    for thread in set(threading.enumerate()) - before:  # the client's workers, closed
        thread.join(timeout=10)
    assert set(threading.enumerate()) <= before
