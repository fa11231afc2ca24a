"""sagemaker-typed: a typed, fast, small client for Amazon SageMaker on top of boto3.

The public face: everything a user imports comes from here or from
``sagemaker_typed.models`` (and ``sagemaker_typed.testing`` for tests).
"""

from sagemaker_typed._client import SageMakerClient
from sagemaker_typed._clock import Clock
from sagemaker_typed._convert import from_boto, to_boto
from sagemaker_typed._errors import (
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
from sagemaker_typed._poll_policy import PollPolicy
from sagemaker_typed._results import TrialResult, TuningJobResults
from sagemaker_typed._validate import validate

__version__ = "0.1.0"

__all__ = [
    "Clock",
    "CredentialsError",
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
    "from_boto",
    "to_boto",
    "validate",
]
