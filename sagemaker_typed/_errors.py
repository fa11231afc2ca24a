"""The error tree: everything the SDK raises is a ``SageMakerTypedError``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.exceptions import ClientError

__all__ = [
    "ConfigurationError",
    "CredentialsError",
    "MissingExtraError",
    "NotebookInstanceFailedError",
    "RequestValidationError",
    "ResourceInUseError",
    "ResourceLimitExceededError",
    "ResourceNotFoundError",
    "ResponseParseError",
    "SageMakerTypedError",
    "ServiceError",
    "ServiceValidationError",
    "ThrottlingError",
    "TrainingJobFailedError",
    "TransportError",
    "TuningJobFailedError",
    "UnexpectedStateError",
    "WaiterError",
    "WaiterTimeoutError",
]


class SageMakerTypedError(Exception):
    """Base of every error this SDK raises.

    ``may_have_been_applied`` is ``True`` on an error after which the mutation that
    raised it may have taken effect anyway (its answer was lost, or the service failed
    after acting): describe the resource before trying again. Every error pickles,
    copies and deep-copies with its attributes (``__cause__`` and tracebacks excepted,
    as for any exception), so it crosses ``multiprocessing`` boundaries.
    """

    may_have_been_applied: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls cls(*args), which keyword-only constructors
        # refuse: rebuild from args, then restore every attribute (notes included).
        return (_rebuild, (type(self), self.args), self.__dict__ or None)


def _rebuild(cls: type[SageMakerTypedError], args: tuple[Any, ...]) -> SageMakerTypedError:
    """An instance of ``cls`` with ``args`` and no attributes yet (``__reduce__``'s half)."""
    return cls.__new__(cls, *args)


# Keys of the user's (unknown members, map keys) echoed in messages are cut to this.
ECHO_LIMIT = 100


def echoed(key: str) -> str:
    """A key as messages show it: at most ``ECHO_LIMIT`` characters and its length, so
    that a megabyte key does not make a megabyte message."""
    if len(key) <= ECHO_LIMIT:
        return key
    return f"{key[:ECHO_LIMIT]}...({len(key)} characters)"


def map_entry_path(path: str, key: object) -> str:
    """The path of a map's entry: ``path['key']``, or ``path[?]`` for a key that is not a
    string (its value may say nothing printable, or too much)."""
    return f"{path}[{echoed(key)!r}]" if isinstance(key, str) else f"{path}[?]"


def _listing(problems: Sequence[tuple[str, str]]) -> str:
    return "\n".join(f"  {path or '<root>'}: {message}" for path, message in problems)


class RequestValidationError(SageMakerTypedError, ValueError):
    """A request broke the service model's rules; nothing was sent.

    ``errors`` lists every problem as ``(path, message)``; messages name the
    constraint, never the offending value.
    """

    def __init__(self, errors: Sequence[tuple[str, str]], *, subject: str = "request") -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        count = len(self.errors)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"invalid {subject}, {count} {noun}:\n{_listing(self.errors)}")


class MissingExtraError(SageMakerTypedError, ImportError):
    """A feature needs an optional package that is not installed; ``extra`` names the
    package extra that brings it (``pip install "sagemaker-typed[<extra>]"``)."""

    def __init__(self, extra: str, feature: str) -> None:
        self.extra = extra
        self.feature = feature
        super().__init__(
            f'{feature} needs the "{extra}" extra: pip install "sagemaker-typed[{extra}]"'
        )


class ResponseParseError(SageMakerTypedError):
    """A response (or tolerant ``from_boto`` input) does not fit the model.

    ``path`` is the first offending field, ``errors`` all of them.
    """

    def __init__(self, errors: Sequence[tuple[str, str]], *, operation: str | None = None) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        self.operation = operation
        self.path = self.errors[0][0] if self.errors else ""
        where = f" of {operation}" if operation else ""
        super().__init__(f"cannot parse the response{where}:\n{_listing(self.errors)}")


class ServiceError(SageMakerTypedError):
    """The service answered with an error; the botocore ``ClientError`` is ``__cause__``."""

    def __init__(
        self,
        *,
        code: str,
        message: str,
        operation: str,
        request_id: str | None,
        http_status: int | None,
    ) -> None:
        self.code = code
        self.message = message
        self.operation = operation
        self.request_id = request_id
        self.http_status = http_status
        super().__init__(
            f"{operation} failed: {code}: {message} (HTTP {http_status}, request id {request_id})"
        )


class ResourceNotFoundError(ServiceError):
    """The named resource does not exist (``ResourceNotFound``, or a describe's
    ``ValidationException`` that says so)."""


class ResourceInUseError(ServiceError):
    """``ResourceInUse``: the name is taken or the resource is busy (and a create's
    ``ValidationException`` that says the name is taken)."""


class ResourceLimitExceededError(ServiceError):
    """``ResourceLimitExceeded``: an account quota is reached."""


class ThrottlingError(ServiceError):
    """The service throttled the call and botocore's retries ran out."""


class ServiceValidationError(ServiceError):
    """``ValidationException``: the service rejected the request."""


class TransportError(SageMakerTypedError):
    """The call did not get an answer: connection failure or timeout (cause kept)."""


class CredentialsError(SageMakerTypedError):
    """No usable credentials to sign the call: none found, incomplete, expired, or an
    SSO or web-identity token that cannot be loaded (botocore's error is the cause)."""


class ConfigurationError(SageMakerTypedError):
    """The client cannot be configured: no region, an unknown profile, an endpoint URL
    botocore cannot use, an unreadable config file (botocore's error is the cause)."""


class WaiterError(SageMakerTypedError):
    """A waiter stopped without reaching its target."""


class WaiterTimeoutError(WaiterError):
    """The timeout passed first; ``last_response`` is the last status seen (or ``None``).

    A wait on many jobs lists in ``running`` the names of the jobs that had not ended.
    """

    def __init__(self, message: str, *, last_response: Any, running: Sequence[str] = ()) -> None:
        self.last_response = last_response
        self.running: list[str] = list(running)
        super().__init__(message)


class UnexpectedStateError(WaiterError):
    """The resource reached a state from which ``target`` can no longer be reached."""

    def __init__(self, message: str, *, response: Any, status: str, target: str) -> None:
        self.response = response
        self.status = status
        self.target = target
        super().__init__(message)


class _FailedError(WaiterError):
    def __init__(self, message: str, *, response: Any, failure_reason: str | None) -> None:
        self.response = response
        self.failure_reason = failure_reason
        super().__init__(message)


class TrainingJobFailedError(_FailedError):
    """The training job failed; ``response`` is its last description."""


class TuningJobFailedError(_FailedError):
    """The hyper-parameter tuning job failed; ``response`` is its last description."""


class NotebookInstanceFailedError(_FailedError):
    """The notebook instance failed; ``response`` is its last description."""


_CODES: dict[str, type[ServiceError]] = {
    "ResourceNotFound": ResourceNotFoundError,
    "ResourceNotFoundException": ResourceNotFoundError,
    "ResourceInUse": ResourceInUseError,
    "ResourceLimitExceeded": ResourceLimitExceededError,
    "ThrottlingException": ThrottlingError,
    "Throttling": ThrottlingError,
    "ThrottledException": ThrottlingError,
    "RequestThrottled": ThrottlingError,
    "RequestThrottledException": ThrottlingError,
    "TooManyRequestsException": ThrottlingError,
    "ProvisionedThroughputExceededException": ThrottlingError,
    "RequestLimitExceeded": ThrottlingError,
    "SlowDown": ThrottlingError,
    "ValidationException": ServiceValidationError,
    "ValidationError": ServiceValidationError,
}
# How the service spells "no such resource" inside a ValidationException. Only
# operations that name a single resource are read this way: for a create, "Could not
# find" may be about something else (a role, a warm-start parent).
_NOT_FOUND_MESSAGES = (
    "Requested resource not found",
    "Could not find",
    "RecordNotFound",
    "does not exist",  # lifecycle configs: "(Details: ... Lifecycle Config does not exist.)"
)
_BY_NAME = ("Describe", "Stop", "Start", "Delete", "List")
# Other operations that name one resource, and nothing else that could be missing.
_NAMING_ONE = {
    "AddTags",
    "CreatePresignedNotebookInstanceUrl",
    "UpdateNotebookInstanceLifecycleConfig",
    "UpdateTrainingJob",
}
# How a create says "the name is taken" inside a ValidationException (notebook instances:
# "Cannot create a duplicate Notebook Instance (<arn>)", lifecycle configs: "... (Details:
# Notebook Instance Lifecycle Config already exists.)"); other creates say ResourceInUse.
_DUPLICATE_MESSAGES = ("Cannot create a duplicate", "already exists")


def service_error(error: ClientError, operation: str) -> ServiceError:
    """The typed error for a botocore ``ClientError`` (raise it ``from error``)."""
    details = error.response.get("Error", {})
    metadata = error.response.get("ResponseMetadata", {})
    code = str(details.get("Code", "Unknown"))
    message = str(details.get("Message", ""))
    cls = _CODES.get(code, ServiceError)
    if cls is ServiceValidationError:
        names_one = operation.startswith(_BY_NAME) or operation in _NAMING_ONE
        if names_one and any(m in message for m in _NOT_FOUND_MESSAGES):
            cls = ResourceNotFoundError
        elif operation.startswith("Create") and any(m in message for m in _DUPLICATE_MESSAGES):
            cls = ResourceInUseError
    return cls(
        code=code,
        message=message,
        operation=operation,
        request_id=metadata.get("RequestId"),
        http_status=metadata.get("HTTPStatusCode"),
    )
