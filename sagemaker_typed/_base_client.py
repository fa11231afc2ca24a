"""The call machinery under the typed methods: validate, convert, call boto3, map errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs
import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    CredentialRetrievalError,
    HTTPClientError,
    NoCredentialsError,
    ParamValidationError,
    PartialCredentialsError,
)
from botocore.exceptions import ConnectionError as BotocoreConnectionError

from sagemaker_typed import models
from sagemaker_typed._clock import Clock, SystemClock
from sagemaker_typed._convert import from_boto, to_boto
from sagemaker_typed._errors import (
    CredentialsError,
    RequestValidationError,
    ResourceInUseError,
    ResponseParseError,
    SageMakerTypedError,
    TransportError,
    service_error,
)
from sagemaker_typed._machine import Call, Emit, Machine, RateLimit, iterate
from sagemaker_typed._model_support import Model, ResponseMetadata
from sagemaker_typed._poll_policy import Stagger
from sagemaker_typed._validate import validate as check_request

if TYPE_CHECKING:
    # The boto3-stubs[sagemaker] types: users who have them get a typed boto_client,
    # the others (mypy then knows no such module) an untyped one.
    from mypy_boto3_sagemaker import SageMakerClient as BotoClient

__all__ = ["BaseClient"]

R = TypeVar("R", bound=Model)

# How long a name this client created counts as "just created" (eventual consistency).
RECENTLY_CREATED_SECONDS = 60.0


class BaseClient:
    """Owns the boto3 client and turns typed requests into calls and typed responses."""

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
    ) -> None:
        """Wrap ``boto_client``, or build a SageMaker client from a private boto3 session.

        ``session``, ``region_name``, ``endpoint_url`` and ``config`` shape the client
        this SDK builds, so they cannot go with ``boto_client``. Retries use botocore's
        ``standard`` mode unless ``config`` says otherwise. ``clock`` is where the
        waiters get their time; ``validate=False`` skips client-side validation.
        ``max_describe_per_second`` caps the Describe calls of all waits on this client
        together (in any one second of ``clock``), under the service's quota.
        """
        if boto_client is not None:
            given = {
                "session": session,
                "region_name": region_name,
                "endpoint_url": endpoint_url,
                "config": config,
            }
            clashing = [name for name, value in given.items() if value is not None]
            if clashing:
                raise TypeError(
                    f"pass boto_client or {', '.join(clashing)}, not both: "
                    "they configure the client that boto_client replaces"
                )
        else:
            # boto3's default session is shared and not thread-safe: use our own.
            session = session or boto3.Session()
            boto_client = session.client(
                "sagemaker",
                region_name=region_name,
                endpoint_url=endpoint_url,
                config=_with_standard_retries(config),
            )
        self._boto = boto_client
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._validate = validate
        self._describe_limit = (
            None if max_describe_per_second is None else RateLimit(max_describe_per_second)
        )
        self._created: dict[tuple[str, str], float] = {}
        self._created_lock = threading.Lock()
        # Where the waits on this client take their place, so that waits started together
        # spread their first polls over a second (read by the waiter machine).
        self._stagger = Stagger()

    @property
    def boto_client(self) -> BotoClient:
        """The underlying boto3 SageMaker client."""
        return self._boto

    @property
    def clock(self) -> Clock:
        """The clock the waiters use."""
        return self._clock

    @property
    def describe_limit(self) -> RateLimit | None:
        """The shared pace of the waits' Describe calls (``max_describe_per_second``)."""
        return self._describe_limit

    def created_recently(self, resource: str, name: str) -> bool:
        """Whether this client created ``resource`` (``"TrainingJob"``...) ``name`` within
        the last minute, so that a "not found" may still be eventual consistency."""
        with self._created_lock:
            created = self._created.get((resource, name))
        return created is not None and self._clock.monotonic() - created < RECENTLY_CREATED_SECONDS

    def _call(
        self, operation: str, request: Model, response_cls: type[R], validate: bool | None
    ) -> R:
        try:
            data = self._send(operation, request, validate)
        except ResourceInUseError as error:
            recovered = self._recover_lost_create(operation, request, response_cls, error)
            if recovered is None:
                raise
            return recovered
        metadata = data.pop("ResponseMetadata", None)
        response = from_boto(data, response_cls)
        if metadata is not None:
            # Set once on the object we just built, before anyone else can see it.
            object.__setattr__(response, "response_metadata", ResponseMetadata.from_boto(metadata))
        return response

    def _recover_lost_create(
        self, operation: str, request: Model, response_cls: type[R], error: ResourceInUseError
    ) -> R | None:
        """The create's response, if ``error`` is our own lost success.

        When botocore retried a create (its first answer lost to a dropped connection or
        a timeout) and the retry hit ``ResourceInUse``, the first attempt may well have
        created the resource. Describe it: if it holds what we asked for, that was us.
        If it cannot be described, nobody can tell: ``error`` stands, with a note.
        """
        cause = error.__cause__
        metadata = getattr(cause, "response", {}).get("ResponseMetadata", {})
        resource = operation.removeprefix("Create")
        if not operation.startswith("Create") or not metadata.get("RetryAttempts"):
            return None
        name_attribute = _name_attribute(resource)
        describe_request = getattr(models, f"Describe{resource}Request")(
            **{name_attribute: getattr(request, name_attribute)}
        )
        try:
            described = self._call(
                f"Describe{resource}",
                describe_request,
                getattr(models, f"Describe{resource}Response"),
                validate=False,
            )
        except SageMakerTypedError as describe_error:
            error.add_note(
                f"Describe{resource} failed ({type(describe_error).__name__}), so whether"
                " this create's own first attempt took the name is unknown"
            )
            return None
        if not _holds(to_boto(described), to_boto(request)):
            return None
        wanted = [f.name for f in attrs.fields(response_cls) if f.name != "response_metadata"]
        response = response_cls(**{name: getattr(described, name) for name in wanted})
        object.__setattr__(response, "response_metadata", described.response_metadata)
        return response

    def _call_for_effect(self, operation: str, request: Model, validate: bool | None) -> None:
        self._send(operation, request, validate)

    def _paginate(
        self,
        operation: str,
        request: Model,
        response_cls: type[R],
        items: str,
        validate: bool | None,
    ) -> Iterator[Any]:
        """Items of every page, fetched lazily one request per page (request checked now)."""
        self._check(request, validate)
        return iterate(pages(operation, request, response_cls, items), self, self._clock)

    def _check(self, request: Model, validate: bool | None) -> None:
        if self._validate if validate is None else validate:
            check_request(request)

    def _send(self, operation: str, request: Model, validate: bool | None) -> dict[str, Any]:
        self._check(request, validate)
        params = to_boto(request)
        method = getattr(self._boto, xform_name(operation))
        try:
            response: dict[str, Any] = method(**params)
        except ClientError as error:
            raise service_error(error, operation) from error
        except (BotocoreConnectionError, HTTPClientError) as error:
            raise TransportError(f"{operation}: {error}") from error
        except (NoCredentialsError, PartialCredentialsError, CredentialRetrievalError) as error:
            raise CredentialsError(f"{operation}: {error}") from error
        except ParamValidationError as error:
            # Only reachable with validate=False: botocore's own check caught it. Its
            # report quotes the offending values, so it stays in the cause.
            raise RequestValidationError(
                [("", "botocore's parameter validation rejected it (its report is the cause)")]
            ) from error
        except Exception as error:
            if not _raised_while_parsing(error):
                raise
            # The body was not JSON of the expected shape (a proxy's error page, a
            # truncated answer, a timestamp botocore cannot read). The message names the
            # failure, not the content; the cause keeps botocore's words.
            raise ResponseParseError(
                [("", f"botocore could not parse the response body ({type(error).__name__})")],
                operation=operation,
            ) from error
        if operation.startswith("Create"):
            self._remember_created(operation.removeprefix("Create"), request)
        return response

    def _remember_created(self, resource: str, request: Model) -> None:
        name = getattr(request, _name_attribute(resource), None)
        if not isinstance(name, str):
            return
        now = self._clock.monotonic()
        with self._created_lock:
            for key, created in list(self._created.items()):
                if now - created >= RECENTLY_CREATED_SECONDS:
                    del self._created[key]
            self._created[(resource, name)] = now


def pages(operation: str, request: Model, response_cls: type[Model], items: str) -> Machine[None]:
    """Emit the ``items`` of every page of ``operation``, following the page token."""
    while True:
        page = yield Call("_call", (operation, request, response_cls, False))
        for item in getattr(page, items) or ():
            yield Emit(item)
        token = getattr(page, "next_token", None)
        if not token:
            return
        request = _with_next_token(request, token)


def _name_attribute(resource: str) -> str:
    """The attribute naming a ``resource`` (``"TrainingJob"`` -> ``training_job_name``)."""
    return f"{xform_name(resource)}_name"


def _raised_while_parsing(error: BaseException) -> bool:
    """Whether ``error`` came out of botocore's response parser."""
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_globals.get("__name__") == "botocore.parsers":
            return True
        traceback = traceback.tb_next
    return False


def _holds(described: Any, requested: Any) -> bool:
    """Whether a description holds what was requested.

    Only keys the description has are compared (it lacks tags, for one), and a nested
    description may hold more than was asked (defaults the service filled in).
    """
    if isinstance(requested, dict) and isinstance(described, dict):
        return all(_holds(described[k], v) for k, v in requested.items() if k in described)
    if isinstance(requested, list) and isinstance(described, list):
        return len(requested) == len(described) and all(map(_holds, described, requested))
    return bool(described == requested)


def _with_standard_retries(config: Config | None) -> Config:
    """The caller's config over botocore's ``standard`` retry mode.

    ``retries`` is merged key by key, so ``retries={"max_attempts": 10}`` keeps the
    standard mode instead of falling back to botocore's legacy one.
    """
    standard = Config(retries={"mode": "standard"})
    if config is None:
        return standard
    retries: Any = {"mode": "standard", **(getattr(config, "retries", None) or {})}
    return standard.merge(config).merge(Config(retries=retries))


def _with_next_token(request: Model, token: str) -> Model:
    changed: Model = attrs.evolve(cast(Any, request), next_token=token)
    return changed
