"""Both shells behind one face, so that a test written against ``SageMakerClient``
runs unchanged on ``AsyncSageMakerClient`` too.

:class:`Blocking` shows an ``AsyncSageMakerClient`` as a ``SageMakerClient``: each
coroutine method runs to completion on a fresh event loop (``asyncio.run``), each async
iterator is read to the end, and everything else is passed through.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any, cast

from sagemaker_typed import AsyncSageMakerClient, SageMakerClient

SHELLS = ("sync", "async")


class Blocking:
    """An ``AsyncSageMakerClient`` driven through blocking calls."""

    def __init__(self, client: AsyncSageMakerClient) -> None:
        self.async_client = client

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.async_client, name)
        if inspect.iscoroutinefunction(attribute):
            return functools.partial(_complete, attribute)
        if inspect.ismethod(attribute):
            return functools.partial(_read_all, attribute)
        return attribute


def _complete(method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return asyncio.run(method(*args, **kwargs))


def _read_all(method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    result = method(*args, **kwargs)
    if not isinstance(result, AsyncIterator):
        return result

    async def read() -> list[Any]:
        return [item async for item in result]

    return iter(asyncio.run(read()))


def client(shell: str, *args: Any, **kwargs: Any) -> SageMakerClient:
    """``SageMakerClient(*args, **kwargs)`` on ``shell``: "sync" or "async"."""
    if shell == "sync":
        return SageMakerClient(*args, **kwargs)
    return cast(SageMakerClient, Blocking(AsyncSageMakerClient(*args, **kwargs)))
