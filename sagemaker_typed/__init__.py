"""sagemaker-typed: a typed, fast, small client for Amazon SageMaker on top of boto3.

The public face: everything a user imports comes from here or from
``sagemaker_typed.models`` (and ``sagemaker_typed.testing`` for tests).
"""

import importlib
from typing import TYPE_CHECKING

from sagemaker_typed._client import SageMakerClient
from sagemaker_typed._clock import Clock
from sagemaker_typed._convert import from_boto, to_boto
from sagemaker_typed._errors import (
    ConfigurationError,
    CredentialsError,
    MissingExtraError,
    NotebookInstanceFailedError,
    RequestValidationError,
    ResourceInUseError,
    ResourceLimitExceededError,
    ResourceNotFoundError,
    ResponseParseError,
    SageMakerTypedError,
    ServiceError,
    ServiceValidationError,
    ThrottlingError,
    TrainingJobFailedError,
    TransportError,
    TuningJobFailedError,
    UnexpectedStateError,
    WaiterError,
    WaiterTimeoutError,
)
from sagemaker_typed._model_support import corrected_fields
from sagemaker_typed._validate import validate

if TYPE_CHECKING:
    from sagemaker_typed._async_client import AsyncSageMakerClient
    from sagemaker_typed._log_event import LogEvent
    from sagemaker_typed._metrics import MetricCurves, MetricPoint
    from sagemaker_typed._poll_policy import PollPolicy
    from sagemaker_typed._results import TrialResult, TuningJobResults

__version__ = "0.1.0"

__all__ = [
    "AsyncSageMakerClient",
    "Clock",
    "ConfigurationError",
    "CredentialsError",
    "LogEvent",
    "MetricCurves",
    "MetricPoint",
    "MissingExtraError",
    "NotebookInstanceFailedError",
    "PollPolicy",
    "RequestValidationError",
    "ResourceInUseError",
    "ResourceLimitExceededError",
    "ResourceNotFoundError",
    "ResponseParseError",
    "SageMakerClient",
    "SageMakerTypedError",
    "ServiceError",
    "ServiceValidationError",
    "ThrottlingError",
    "TrainingJobFailedError",
    "TransportError",
    "TrialResult",
    "TuningJobFailedError",
    "TuningJobResults",
    "UnexpectedStateError",
    "WaiterError",
    "WaiterTimeoutError",
    "__version__",
    "corrected_fields",
    "from_boto",
    "to_boto",
    "validate",
]

# Names loaded when first used: the async client loads asyncio, and the others are attrs
# classes (importing attrs costs more than the rest of the package). Type checkers see
# the imports above.
_LAZY = {
    "AsyncSageMakerClient": "_async_client",
    "LogEvent": "_log_event",
    "MetricCurves": "_metrics",
    "MetricPoint": "_metrics",
    "PollPolicy": "_poll_policy",
    "TrialResult": "_results",
    "TuningJobResults": "_results",
}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
