"""``AsyncSageMakerClient``: ``SageMakerClient``'s methods as coroutines and async iterators."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Literal

from sagemaker_typed import _many_jobs, _waiters
from sagemaker_typed._async_operations import AsyncOperations
from sagemaker_typed._base_client import DEFAULT_DRAIN_SECONDS
from sagemaker_typed._client import NOTEBOOK_TIMEOUT_SECONDS
from sagemaker_typed._log_event import LogEvent
from sagemaker_typed._logs import AsyncLogReader, LogFollower
from sagemaker_typed._machine import aiterate
from sagemaker_typed._metrics import MetricCurves, read_training_job_metrics
from sagemaker_typed._poll_policy import PollPolicy
from sagemaker_typed._results import TuningJobResults, read_tuning_job_results
from sagemaker_typed.models import (
    DescribeHyperParameterTuningJobResponse,
    DescribeNotebookInstanceResponse,
    DescribeTrainingJobResponse,
)

__all__ = ["AsyncSageMakerClient"]


class AsyncSageMakerClient(AsyncOperations):
    """``SageMakerClient`` for asyncio: the same methods, arguments and return types.

    Every method that calls the service is a coroutine (``await sm.describe_training_job(
    name)``); listings are async iterators (``async for``). Use it as
    ``async with AsyncSageMakerClient() as sm:`` (which builds the boto3 client in a
    worker thread and releases the threads at the end), or call :meth:`aclose`.
    ``AsyncSageMakerClient(boto_client=client)`` wraps a boto3 client you have.

    boto3 calls run in a pool of at most 16 worker threads per client; waits are
    coroutines that sleep on the clock without holding a thread, so a thousand
    concurrent waits need no thousand threads. ``max_describe_per_second`` caps the
    Describe calls of all waits on the client together. Cancelling a wait stops it
    at once: a call in flight finishes in its thread and its answer is dropped.
    Waiters behave exactly as ``SageMakerClient``'s (one implementation): see there.
    """

    def training_job_logs(
        self,
        name: str,
        *,
        follow: bool = False,
        start_time: datetime.datetime | None = None,
        position: str | None = None,
        drain_seconds: float = DEFAULT_DRAIN_SECONDS,
    ) -> AsyncLogReader:
        """The log lines of training job ``name``, as an async iterator (``async for``).

        As ``SageMakerClient.training_job_logs``: the same machine, its calls in worker
        threads and its pauses awaited on the clock.
        """
        follower = LogFollower(
            name, start_time=start_time, position=position, drain_seconds=drain_seconds
        )

        async def lines() -> AsyncIterator[LogEvent]:
            core = await self._core()
            async for event in aiterate(
                follower.follow(follow=follow), core, self._clock, self._executor
            ):
                yield event

        return AsyncLogReader(follower, lines())

    async def wait_for_training_job(
        self,
        name: str,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeTrainingJobResponse], None] | None = None,
        progress: bool = False,
        logs: bool = False,
        on_log: Callable[[LogEvent], None] | None = None,
    ) -> DescribeTrainingJobResponse:
        """Wait until training job ``name`` is Completed or Stopped; return its description.

        As ``SageMakerClient.wait_for_training_job``.
        """
        core = await self._core()
        machine = _waiters.wait_for_training_job(
            core,
            name,
            timeout=timeout,
            poll=poll,
            on_change=on_change,
            progress=progress,
            logs=logs,
            on_log=on_log,
        )
        return await self._run(core, machine)

    async def wait_for_hyper_parameter_tuning_job(
        self,
        name: str,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeHyperParameterTuningJobResponse], None] | None = None,
        progress: bool = False,
    ) -> DescribeHyperParameterTuningJobResponse:
        """Wait until tuning job ``name`` is Completed or Stopped; return its description.

        As ``SageMakerClient.wait_for_hyper_parameter_tuning_job``.
        """
        core = await self._core()
        machine = _waiters.wait_for_hyper_parameter_tuning_job(
            core, name, timeout=timeout, poll=poll, on_change=on_change, progress=progress
        )
        return await self._run(core, machine)

    async def wait_for_notebook_instance(
        self,
        name: str,
        *,
        target: Literal["InService", "Stopped"] = "InService",
        since: datetime.datetime | None = None,
        timeout: float | None = NOTEBOOK_TIMEOUT_SECONDS,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeNotebookInstanceResponse], None] | None = None,
        progress: bool = False,
    ) -> DescribeNotebookInstanceResponse:
        """Wait until notebook instance ``name`` is ``target``; return its description.

        As ``SageMakerClient.wait_for_notebook_instance``.
        """
        core = await self._core()
        machine = _waiters.wait_for_notebook_instance(
            core,
            name,
            target=target,
            since=since,
            timeout=timeout,
            poll=poll,
            on_change=on_change,
            progress=progress,
        )
        return await self._run(core, machine)

    async def wait_for_notebook_instance_deleted(
        self,
        name: str,
        *,
        timeout: float | None = NOTEBOOK_TIMEOUT_SECONDS,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeNotebookInstanceResponse | None], None] | None = None,
        progress: bool = False,
    ) -> None:
        """Wait until notebook instance ``name`` no longer exists.

        As ``SageMakerClient.wait_for_notebook_instance_deleted``.
        """
        core = await self._core()
        machine = _waiters.wait_for_notebook_instance_deleted(
            core, name, timeout=timeout, poll=poll, on_change=on_change, progress=progress
        )
        await self._run(core, machine)

    async def tuning_job_results(
        self, name: str, *, include_parents: bool = False
    ) -> TuningJobResults:
        """Tuning job ``name``'s trials, best first, with its description.

        As ``SageMakerClient.tuning_job_results``.
        """
        core = await self._core()
        machine = read_tuning_job_results(name, include_parents=include_parents)
        return await self._run(core, machine)

    async def training_job_metrics(
        self, name: str, *, metric_names: Sequence[str] | None = None
    ) -> MetricCurves:
        """Training job ``name``'s metric curves from CloudWatch, keyed by metric name.

        As ``SageMakerClient.training_job_metrics``.
        """
        core = await self._core()
        machine = read_training_job_metrics(
            name, metric_names=metric_names, now=datetime.datetime.now(datetime.UTC)
        )
        return await self._run(core, machine)

    def training_jobs_as_completed(
        self,
        names: Iterable[str] | None = None,
        *,
        tuning_job: str | None = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        progress: bool = False,
    ) -> AsyncIterator[DescribeTrainingJobResponse]:
        """Each training job's final description as the job ends (``async for``).

        As ``SageMakerClient.training_jobs_as_completed``.
        """
        machine = _many_jobs.training_jobs_as_completed(
            self, names, tuning_job=tuning_job, timeout=timeout, poll=poll, progress=progress
        )
        return self._iterate(machine)

    async def wait_for_training_jobs(
        self,
        names: Iterable[str] | None = None,
        *,
        tuning_job: str | None = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        progress: bool = False,
    ) -> list[DescribeTrainingJobResponse]:
        """Wait until every job has ended; return their final descriptions in order.

        As ``SageMakerClient.wait_for_training_jobs``.
        """
        core = await self._core()
        machine = _many_jobs.wait_for_training_jobs(
            core, names, tuning_job=tuning_job, timeout=timeout, poll=poll, progress=progress
        )
        return await self._run(core, machine)
