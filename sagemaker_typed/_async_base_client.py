"""The async shell: a sync core client, driven from an asyncio loop.

``AsyncSageMakerClient`` holds a ``SageMakerClient`` (the core) and a bounded pool of
worker threads. Each boto3 call runs in a worker thread through the core's own method
(validate, convert, call, map errors: written once), and so does building the core,
since building a boto3 client takes 70-120 ms that would block the loop. Waits and
listings are the machines of ``_waiters`` and ``_base_client`` run by
``_machine.arun``/``aiterate``: coroutines on the loop whose sleeps are awaited on
the clock, so a thousand waits hold no thread while they sleep.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Self, TypeVar, cast

from sagemaker_typed._base_client import pages
from sagemaker_typed._client import SageMakerClient
from sagemaker_typed._clock import AsyncClock, Clock, SystemClock
from sagemaker_typed._machine import Machine, RateLimit, aiterate, arun
from sagemaker_typed._model_support import Model
from sagemaker_typed._validate import validate as check_request

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_sagemaker import SageMakerClient as BotoClient

__all__ = ["AsyncBaseClient"]

# Worker threads per client: boto3 calls in flight at once (botocore's default pool
# holds 10 connections; more threads would only queue on it).
MAX_WORKERS = 16

P = ParamSpec("P")
T = TypeVar("T")


class AsyncBaseClient:
    """Owns the core client and the worker threads; runs calls and machines for the
    typed methods."""

    def __init__(
        self,
        boto_client: BotoClient | None = None,
        *,
        session: boto3.Session | None = None,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        config: Config | None = None,
        clock: Clock | None = None,
        validate: bool = True,
        max_describe_per_second: float | None = None,
        logs_client: Any = None,
        cloudwatch_client: Any = None,
    ) -> None:
        """The arguments of ``SageMakerClient``, to the same effect.

        ``clock`` must also sleep asynchronously (``async def asleep(seconds)``), as the
        default clock, ``FakeClock`` and ``SimulatedClock`` do. Without ``boto_client``
        the boto3 client is built in a worker thread, starting now; a failure to build
        it (no region, unknown profile) is raised by the first call.
        """
        clock = clock if clock is not None else SystemClock()
        if not callable(getattr(clock, "asleep", None)):
            raise TypeError(
                "AsyncSageMakerClient needs a clock with `async def asleep(seconds)`, "
                f"as SystemClock, FakeClock and SimulatedClock have; {type(clock).__name__} "
                "has none"
            )
        self._clock = cast(AsyncClock, clock)
        self._validate = validate
        self._executor = ThreadPoolExecutor(MAX_WORKERS, thread_name_prefix="sagemaker-typed")
        build = functools.partial(
            SageMakerClient,
            boto_client,
            session=session,
            region_name=region_name,
            endpoint_url=endpoint_url,
            config=config,
            clock=clock,
            validate=validate,
            max_describe_per_second=max_describe_per_second,
            logs_client=logs_client,
            cloudwatch_client=cloudwatch_client,
        )
        self._core_future: Future[SageMakerClient]
        if boto_client is None:
            self._core_future = self._executor.submit(build)
        else:  # nothing slow to build; a TypeError for clashing arguments comes at once
            self._core_future = Future()
            self._core_future.set_result(build())

    @property
    def boto_client(self) -> BotoClient:
        """The underlying boto3 SageMaker client (waits for it to be built, if it is not
        yet: ``async with`` the client first to keep that wait off the loop)."""
        return self._core_future.result().boto_client

    @property
    def logs_client(self) -> Any:
        """The boto3 CloudWatch Logs client that training job logs are read with (as
        ``SageMakerClient.logs_client``; waits for the core client to be built)."""
        return self._core_future.result().logs_client

    @property
    def cloudwatch_client(self) -> Any:
        """The boto3 CloudWatch client of metric curves (as
        ``SageMakerClient.cloudwatch_client``; waits for the core client to be built)."""
        return self._core_future.result().cloudwatch_client

    @property
    def clock(self) -> Clock:
        """The clock the waiters use."""
        return self._clock

    @property
    def describe_limit(self) -> RateLimit | None:
        """The shared pace of the waits' Describe calls (``max_describe_per_second``)."""
        return self._core_future.result().describe_limit

    def created_recently(self, resource: str, name: str) -> bool:
        """Whether this client created ``resource`` (``"TrainingJob"``...) ``name`` within
        the last minute, so that a "not found" may still be eventual consistency."""
        future = self._core_future
        built = future.done() and future.exception() is None
        return built and future.result().created_recently(resource, name)

    async def __aenter__(self) -> Self:
        await self._core()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Release the worker threads: calls in flight finish in them and are discarded,
        then the threads end; close the connections of a boto3 client this SDK built
        (``SageMakerClient.close``). The client cannot be used afterwards."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        future = self._core_future
        if future.done() and future.exception() is None:
            future.result().close()

    async def _core(self) -> SageMakerClient:
        """The core client, once built."""
        return await asyncio.wrap_future(self._core_future)

    async def _in_thread(
        self,
        method: Callable[Concatenate[SageMakerClient, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """``method`` of the core client, run in a worker thread. Cancelled meanwhile,
        the call still finishes in its thread and its result is dropped."""
        call = functools.partial(method, await self._core(), *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def _run(self, core: SageMakerClient, machine: Machine[T]) -> T:
        return await arun(machine, core, self._clock, self._executor)

    def _paginate(
        self,
        operation: str,
        request: Model,
        response_cls: type[Model],
        items: str,
        validate: bool | None,
    ) -> AsyncIterator[Any]:
        """Items of every page, fetched lazily one request per page (request checked now)."""
        if self._validate if validate is None else validate:
            check_request(request)
        return self._iterate(pages(operation, request, response_cls, items, validate))

    async def _iterate(self, machine: Machine[Any]) -> AsyncIterator[Any]:
        async for value in aiterate(machine, await self._core(), self._clock, self._executor):
            yield value
