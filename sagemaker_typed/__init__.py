"""sagemaker-typed: a typed, fast, small client for Amazon SageMaker on top of boto3.

The public face: everything a user imports comes from here or from
``sagemaker_typed.models`` (and ``sagemaker_typed.testing`` for tests).
"""

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
from sagemaker_typed._log_event import LogEvent
from sagemaker_typed._metrics import MetricPoint
from sagemaker_typed._model_support import corrected_fields
from sagemaker_typed._poll_policy import PollPolicy
from sagemaker_typed._results import TrialResult, TuningJobResults
from sagemaker_typed._validate import validate

if TYPE_CHECKING:
    from sagemaker_typed._async_client import AsyncSageMakerClient

__version__ = "0.1.0"

__all__ = [
    "AsyncSageMakerClient",
    "Clock",
    "ConfigurationError",
    "CredentialsError",
    "LogEvent",
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

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        # The async client loads asyncio: only code that uses it pays for the import.
        if name == "AsyncSageMakerClient":
            from sagemaker_typed._async_client import AsyncSageMakerClient

            globals()[name] = AsyncSageMakerClient
            return AsyncSageMakerClient
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
