"""``AsyncSageMakerClient``: ``SageMakerClient``'s methods as coroutines and async iterators."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Literal

from sagemaker_typed import _waiters
from sagemaker_typed._async_operations import AsyncOperations
from sagemaker_typed._client import NOTEBOOK_TIMEOUT_SECONDS
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

    async def wait_for_training_job(
        self,
        name: str,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeTrainingJobResponse], None] | None = None,
        progress: bool = False,
    ) -> DescribeTrainingJobResponse:
        """Wait until training job ``name`` is Completed or Stopped; return its description.

        As ``SageMakerClient.wait_for_training_job``.
        """
        core = await self._core()
        machine = _waiters.wait_for_training_job(
            core, name, timeout=timeout, poll=poll, on_change=on_change, progress=progress
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
