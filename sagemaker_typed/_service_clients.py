"""The boto3 clients of the other AWS services a SageMaker client reads from.

Following a training job reads CloudWatch as well as SageMaker (its metrics, its
logs). Such a client is either given to ``SageMakerClient`` or built on first use
from the same session, region and config as the SageMaker client (not its
``endpoint_url``, which names a SageMaker endpoint).
"""

from __future__ import annotations

import threading
from typing import Any

from sagemaker_typed._errors import ConfigurationError

__all__ = ["ServiceClient"]


class ServiceClient:
    """The boto3 client of ``service``: the one given, or one built on first use.

    ``origin`` is the ``(session, region, config)`` the SageMaker client was built
    from, or ``None`` when the caller wrapped a ``boto_client`` of their own: then
    only a given client will do, and asking for it says which parameter to pass.
    """

    def __init__(
        self, service: str, parameter: str, given: Any, origin: tuple[Any, str, Any] | None
    ) -> None:
        self._service = service
        self._parameter = parameter
        self._client = given
        self._origin = origin
        self._lock = threading.Lock()

    def get(self) -> Any:
        """The client, built now if it is its first use (thread-safe)."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    if self._origin is None:
                        raise ConfigurationError(
                            f"this needs a {self._service} client: this SageMakerClient wraps"
                            f" a boto_client, so pass {self._parameter}= as well"
                            f" (SageMakerClient(boto_client=..., {self._parameter}=...))"
                        )
                    session, region, config = self._origin
                    self._client = session.client(self._service, region_name=region, config=config)
        return self._client
