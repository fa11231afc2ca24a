"""The call machinery under the typed methods: validate, convert, call boto3, map errors.

Everything about one call lives here, once, for every caller (the typed methods, the
waiters, the async client's worker threads): the checks that an answer fits the request,
the recovery of mutations whose answer was lost, and the guard against a connection
pool inherited through ``fork``.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import boto3
import botocore
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.validate import validate_parameters

from sagemaker_typed import models
from sagemaker_typed._boto_errors import typed_boto_error
from sagemaker_typed._clock import Clock, SystemClock
from sagemaker_typed._convert import from_boto, to_boto
from sagemaker_typed._errors import (
    RequestValidationError,
    ResourceInUseError,
    ResourceNotFoundError,
    ResponseParseError,
    SageMakerTypedError,
    ServiceError,
    TransportError,
)
from sagemaker_typed._machine import Call, Emit, Machine, RateLimit, iterate, next_page_token
from sagemaker_typed._model_support import Model, ResponseMetadata
from sagemaker_typed._service_clients import ServiceClient
from sagemaker_typed._stagger import Stagger
from sagemaker_typed._validate import validate as check_request

if TYPE_CHECKING:
    from typing import Self

    # The boto3-stubs[sagemaker] types: users who have them get a typed boto_client,
    # the others (mypy then knows no such module) an untyped one.
    from mypy_boto3_sagemaker import SageMakerClient as BotoClient

__all__ = ["BaseClient"]

logger = logging.getLogger("sagemaker_typed")

R = TypeVar("R", bound=Model)
K = TypeVar("K")
V = TypeVar("V")

# How long a log reader goes on after the job ended: lines reach CloudWatch after the
# status changes.
DEFAULT_DRAIN_SECONDS = 30.0
# How long a name this client created counts as "just created" (eventual consistency).
RECENTLY_CREATED_SECONDS = 60.0
# How long a resource just created may still be unknown to a describe.
NOT_FOUND_GRACE_SECONDS = 30.0
# How long a create whose outcome was unknown is remembered, so that the caller's own
# retry of it recognises the resource it made.
ATTEMPTED_CREATE_SECONDS = 3600.0
# Connections kept per client: one per thread for as many threads as the docs promise a
# shared client serves without waiting (docs/reliability.md), more than botocore's 10.
MAX_POOL_CONNECTIONS = 64
# A row of the generated ``MUTATIONS`` table: the resource, its Describe, the request
# attribute that names it, and the described status attribute (or None).
Mutation = tuple[str, str, str, str | None]
# Operations that change nothing: their failures are never "may have been applied".
_READ_ONLY = ("Describe", "List", "Get", "Search")


class _Effect(NamedTuple):
    """How a description shows that a mutation took effect."""

    statuses: frozenset[str]
    gone: bool = False  # "not found" shows it (a delete)
    settings: bool = False  # the description holding the request's settings shows it


# Mutations whose effect a describe can tell; any other mutation whose outcome is
# unknown raises with may_have_been_applied.
_EFFECTS: dict[str, _Effect] = {
    "StopTrainingJob": _Effect(frozenset({"Stopping", "Stopped"})),
    "StopHyperParameterTuningJob": _Effect(frozenset({"Stopping", "Stopped"})),
    "StartNotebookInstance": _Effect(frozenset({"Pending", "InService"})),
    "StopNotebookInstance": _Effect(frozenset({"Stopping", "Stopped"})),
    "UpdateNotebookInstance": _Effect(frozenset({"Updating"}), settings=True),
    "DeleteNotebookInstance": _Effect(frozenset({"Deleting"}), gone=True),
}


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
        logs_client: Any = None,
        cloudwatch_client: Any = None,
    ) -> None:
        """Wrap ``boto_client``, or build a SageMaker client from a private boto3 session.

        ``session``, ``region_name``, ``endpoint_url`` and ``config`` shape the client
        this SDK builds, so they cannot go with ``boto_client``. Retries use botocore's
        ``standard`` mode and the pool holds up to 64 connections unless ``config``
        says otherwise. ``clock`` is where the waiters get their time;
        ``validate=False`` skips client-side validation. ``max_describe_per_second``
        caps the Describe calls of all waits on this client together (in any one
        second of ``clock``), under the service's quota. No region, an unknown profile
        or an unusable ``endpoint_url`` raise ``ConfigurationError``.

        ``logs_client`` is the boto3 CloudWatch Logs client that training job logs are
        read with, ``cloudwatch_client`` the CloudWatch client of their metric curves.
        Without them, each is built on first use from the same session, region and
        config as the SageMaker client (not its ``endpoint_url``, which names a
        SageMaker endpoint); when you wrap a ``boto_client``, pass them too if you read
        logs or metrics.
        """
        self._owns_boto = boto_client is None
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
            try:
                # boto3's default session is shared and not thread-safe: use our own.
                session = session or boto3.Session()
                boto_client = session.client(
                    "sagemaker",
                    region_name=region_name,
                    endpoint_url=endpoint_url,
                    config=_with_defaults(config),
                )
            except Exception as error:
                typed = typed_boto_error(error, None)
                if typed is None:
                    raise
                raise typed from error
        # botocore's own parameter validation: left as it is on a client the user passed,
        # off on the ones this SDK builds (see ``_check_installed``).
        self._botocore_validates = not self._owns_boto
        self._boto = boto_client
        self._pid = os.getpid()
        # What builds the other services' clients on first use; None: the caller's
        # boto_client, so only given clients will do.
        origin = (
            None
            if session is None
            else (session, boto_client.meta.region_name, _with_defaults(config))
        )
        self._logs = ServiceClient("logs", "logs_client", logs_client, origin)
        self._cloudwatch = ServiceClient(
            "cloudwatch", "cloudwatch_client", cloudwatch_client, origin
        )
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._validate = validate
        self._describe_limit = (
            None if max_describe_per_second is None else RateLimit(max_describe_per_second)
        )
        # Both in the order of their times, so that forgetting old entries costs only
        # what it removes (see _forget_before): a sweep of many creates stays linear.
        self._created: OrderedDict[tuple[str, str], float] = OrderedDict()
        # Creates whose outcome is unknown: (resource, name) -> (request, when).
        self._attempted: OrderedDict[tuple[str, str], tuple[Model, float]] = OrderedDict()
        self._created_lock = threading.Lock()
        # Where the waits on this client take their place, so that waits started together
        # spread their first polls over a second (read by the waiter machine).
        self._stagger = Stagger()

    @property
    def boto_client(self) -> BotoClient:
        """The underlying boto3 SageMaker client (in a child of ``fork``, without the
        parent's connections)."""
        return self._boto_for_this_process()

    @property
    def logs_client(self) -> Any:
        """The boto3 CloudWatch Logs client that training job logs are read with.

        Built on first use from this client's session, region and config, unless one
        was given as ``logs_client``. Raises ``ConfigurationError`` for a client that
        wraps a ``boto_client`` and was given no ``logs_client``.
        """
        return self._logs.get()

    @property
    def cloudwatch_client(self) -> Any:
        """The boto3 CloudWatch client that training jobs' metric curves are read with.

        Built on first use like ``logs_client``, unless one was given as
        ``cloudwatch_client``.
        """
        return self._cloudwatch.get()

    @property
    def clock(self) -> Clock:
        """The clock the waiters use."""
        return self._clock

    @property
    def describe_limit(self) -> RateLimit | None:
        """The shared pace of the waits' Describe calls (``max_describe_per_second``)."""
        return self._describe_limit

    def close(self) -> None:
        """Close the connections of the boto3 client this SDK built.

        A ``boto_client`` you passed in is yours: it is left open.
        """
        if self._owns_boto:
            self._boto.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def created_recently(self, resource: str, name: str) -> bool:
        """Whether this client created ``resource`` (``"TrainingJob"``...) ``name`` within
        the last minute, so that a "not found" may still be eventual consistency."""
        with self._created_lock:
            created = self._created.get((resource, name))
        return created is not None and self._clock.monotonic() - created < RECENTLY_CREATED_SECONDS

    def _call(
        self,
        operation: str,
        request: Model,
        response_cls: type[R],
        validate: bool | None,
        *,
        checked: bool = False,
        via: Any = None,
    ) -> R:
        """One operation, sent with ``via`` (a boto3 client; the SageMaker one by default)."""
        data = self._exchange(operation, request, validate, checked=checked, via=via)
        metadata = data.pop("ResponseMetadata", None)
        response = from_boto(data, response_cls)
        if metadata is not None:
            # Set once on the object we just built, before anyone else can see it.
            object.__setattr__(response, "response_metadata", ResponseMetadata.from_boto(metadata))
        return response

    def _call_for_effect(self, operation: str, request: Model, validate: bool | None) -> None:
        self._exchange(operation, request, validate)

    def _exchange(
        self,
        operation: str,
        request: Model,
        validate: bool | None,
        *,
        checked: bool = False,
        via: Any = None,
    ) -> dict[str, Any]:
        """The wire answer to ``request``; a mutation whose answer was lost but which a
        describe shows took effect answers as if it had been heard."""
        try:
            return self._send(operation, request, validate, checked=checked, via=via)
        except SageMakerTypedError as error:
            if via is not None or operation.startswith(_READ_ONLY):
                raise
            if operation.startswith("Create"):
                recovered = self._recover_create(operation, request, error)
            else:
                recovered = self._recover_mutation(operation, request, error)
            if recovered is None:
                raise
            return recovered

    # -- mutations whose outcome is unknown ----------------------------------------------

    def _recover_create(
        self, operation: str, request: Model, error: SageMakerTypedError
    ) -> dict[str, Any] | None:
        """The answer of a create that ``error`` hides, if the resource is ours.

        A create whose answer was lost may have made the resource: then botocore's retry,
        or the caller's own retry of the same create, meets ``ResourceInUse``. Describe
        it: if it holds what we asked for, that was us. SageMaker's creates take no
        client token, so this comparison is the only way to tell.
        """
        mutation = _mutation(operation)
        name = None if mutation is None else getattr(request, mutation[2], None)
        if mutation is None or not isinstance(name, str):
            _mark_may_have_been_applied(operation, error)
            return None
        resource, describe, _, _ = mutation
        key = (resource, name)
        if not isinstance(error, ResourceInUseError):
            if _outcome_unknown(error):
                _mark_may_have_been_applied(operation, error)
                error.add_note(
                    f"Calling {operation} again with the same request returns the created "
                    "resource if this attempt made it."
                )
                with self._created_lock:
                    self._attempted[key] = (request, self._clock.monotonic())
                    self._attempted.move_to_end(key)
            return None
        with self._created_lock:
            attempted = self._attempted.get(key)
        if not _retried(error) and (attempted is None or attempted[0] != request):
            return None  # a first attempt that met the name taken: not ours
        try:
            described = self._describe_created(mutation, name)
        except SageMakerTypedError as describe_error:
            error.add_note(
                f"{describe} failed ({type(describe_error).__name__}), so whether"
                " this create's own earlier attempt took the name is unknown"
            )
            return None
        if described is None or not _holds(to_boto(described), to_boto(request)):
            return None
        logger.info("%s %s: an earlier attempt created it; its answer was lost", operation, name)
        with self._created_lock:
            self._attempted.pop(key, None)
        self._remember_created(operation, request)
        answer = to_boto(described)
        if described.response_metadata is not None:
            answer["ResponseMetadata"] = _metadata_dict(described.response_metadata)
        return answer

    def _describe_created(self, mutation: Mutation, name: str) -> Any:
        """Describe what a create made; "not found" is eventual consistency for up to
        ``NOT_FOUND_GRACE_SECONDS`` (on the client's clock), then ``None``."""
        deadline = self._clock.monotonic() + NOT_FOUND_GRACE_SECONDS
        delay = 1.0
        while True:
            try:
                return self._describe(mutation, name)
            except ResourceNotFoundError:
                now = self._clock.monotonic()
                if now >= deadline:
                    return None
                self._clock.sleep(min(delay, deadline - now))
                delay *= 2

    def _recover_mutation(
        self, operation: str, request: Model, error: SageMakerTypedError
    ) -> dict[str, Any] | None:
        """``{}`` (with the describe's metadata) if a mutation whose outcome ``error``
        leaves unknown evidently took effect; otherwise mark ``error`` and ``None``."""
        if not _outcome_unknown(error):
            return None
        effect = _EFFECTS.get(operation)
        mutation = _mutation(operation)
        if effect is not None and mutation is not None:
            _, describe, name_attribute, status_attribute = mutation
            name = getattr(request, name_attribute)
            try:
                described = self._describe_unless_gone(mutation, name)
            except SageMakerTypedError as describe_error:
                error.add_note(
                    f"{describe} failed ({type(describe_error).__name__}), so whether"
                    f" {operation} took effect is unknown"
                )
            else:
                if _took_effect(effect, status_attribute, request, described):
                    logger.info(
                        "%s %s: the answer was lost (%s), but %s shows it took effect",
                        operation,
                        name,
                        type(error).__name__,
                        "its absence" if described is None else describe,
                    )
                    metadata = getattr(described, "response_metadata", None)
                    return (
                        {} if metadata is None else {"ResponseMetadata": _metadata_dict(metadata)}
                    )
        _mark_may_have_been_applied(operation, error)
        return None

    def _describe_unless_gone(self, mutation: Mutation, name: str) -> Any:
        """The description, or ``None`` for a resource that does not exist."""
        try:
            return self._describe(mutation, name)
        except ResourceNotFoundError:
            return None

    def _describe(self, mutation: Mutation, name: str) -> Any:
        """What the Describe of ``mutation``'s resource says of ``name``."""
        from sagemaker_typed._converters import OPERATIONS

        _, describe, name_attribute, _ = mutation
        request_cls, response_cls = OPERATIONS[describe]
        assert response_cls is not None, describe
        describe_request = getattr(models, request_cls)(**{name_attribute: name})
        return self._call(
            describe, describe_request, getattr(models, response_cls), validate=False
        )

    # -- pages -----------------------------------------------------------------------------

    def _paginate(
        self,
        operation: str,
        request: Model,
        response_cls: type[R],
        items: str,
        validate: bool | None,
    ) -> Iterator[Any]:
        """Items of every page, fetched lazily one request per page (request checked now;
        a repeated page token is a ``ResponseParseError``, see ``pages``)."""
        self._check(request, validate)
        machine = pages(operation, request, response_cls, items, validate)
        return iterate(machine, self, self._clock)

    # -- one exchange --------------------------------------------------------------------

    def _check(self, request: Model, validate: bool | None) -> None:
        if self._validate if validate is None else validate:
            check_request(request)

    def _send(
        self,
        operation: str,
        request: Model,
        validate: bool | None,
        *,
        checked: bool = False,
        via: Any = None,
    ) -> dict[str, Any]:
        """Send ``request``, validated once: ours, unless ``validate`` (or the client's)
        is off or ``checked`` says it ran already (a listing checks its request once,
        before its first page); then botocore's, see ``_check_installed``. ``via``: the
        boto3 client to send it with (CloudWatch Logs'; SageMaker's by default)."""
        if not checked:
            self._check(request, validate)
        try:
            params = to_boto(request)
        except Exception as error:  # with validate=False: a value of the wrong type
            raise _unconvertible(request, error) from error
        try:
            if via is None:  # the installed-model checks read SageMaker's model
                self._check_installed(
                    operation, params, self._validate if validate is None else validate
                )
            client = self._boto_for_this_process() if via is None else via
            response: dict[str, Any] = getattr(client, xform_name(operation))(**params)
        except SageMakerTypedError:
            raise
        except Exception as error:
            typed = typed_boto_error(error, operation)
            if typed is None:
                raise
            raise typed from error
        if via is None:  # SageMaker's answers (the table names its operations only)
            _check_required_present(operation, response)
            if operation.startswith("Describe"):
                _check_names_asked(operation, params, response)
        if operation.startswith("Create"):
            self._remember_created(operation, request)
        return response

    def _boto_for_this_process(self) -> BotoClient:
        """The boto3 client, without the connections of the process this one forked from.

        A child of ``fork`` inherits the parent's pooled keep-alive connections: two
        processes reading one socket get each other's answers. The first call in a new
        process drops them (closing a copy of a socket leaves the parent's open), so the
        child makes its own.
        """
        pid = os.getpid()
        if pid != self._pid:
            self._boto.close()
            self._pid = pid
        return self._boto

    def _check_installed(self, operation: str, params: dict[str, Any], ours: bool) -> None:
        """The checks against the installed botocore's model, before sending.

        A member it does not know is refused by name (only a botocore older than the
        models can lack one). Without ``ours``, botocore's own ``validate_parameters``
        runs, on the clients this SDK builds, which do not run it themselves (ours
        checks strictly more); a client the user passed runs its own, as configured.
        """
        # Only a botocore other than the models' can lack a member they have, and only
        # then is the installed model read.
        older = _older_botocore()
        if ours and not older:
            return
        model = self._boto.meta.service_model.operation_model(operation)
        if older:
            from sagemaker_typed._installed_model import check_known

            check_known(model, params)
        if not ours and not self._botocore_validates:
            # botocore's ParamValidationError (or a RecursionError on deep nesting) is
            # mapped by ``_send`` as any botocore error is.
            validate_parameters(params, cast(Any, model.input_shape))

    def _remember_created(self, operation: str, request: Model) -> None:
        mutation = _mutation(operation)
        if mutation is None:
            return
        resource, _, name_attribute, _ = mutation
        name = getattr(request, name_attribute, None)
        if not isinstance(name, str):
            return
        now = self._clock.monotonic()
        with self._created_lock:
            _forget_before(self._created, now - RECENTLY_CREATED_SECONDS, lambda when: when)
            _forget_before(self._attempted, now - ATTEMPTED_CREATE_SECONDS, lambda entry: entry[1])
            self._created[(resource, name)] = now
            self._created.move_to_end((resource, name))


def _forget_before(entries: OrderedDict[K, V], oldest: float, when: Callable[[V], float]) -> None:
    """Drop the entries from ``oldest`` or earlier: kept in time order, they are in front."""
    while entries and when(next(iter(entries.values()))) <= oldest:
        entries.popitem(last=False)


def pages(
    operation: str,
    request: Model,
    response_cls: type[Model],
    items: str,
    validate: bool | None,
) -> Machine[None]:
    """Emit the ``items`` of every page of ``operation``, following the page token (our
    validation of ``request`` ran before the first: see ``_send``).

    A page token the service already gave is a ``ResponseParseError``
    (``next_page_token``).
    """
    seen: set[str] = set()
    while True:
        page = yield Call("_call", (operation, request, response_cls, validate), {"checked": True})
        for item in getattr(page, items) or ():
            yield Emit(item)
        token = next_page_token(page, seen, operation)
        if token is None:
            return
        request = _with_next_token(request, token)


@functools.cache
def _mutation(operation: str) -> Mutation | None:
    """``operation``'s row of the generated ``MUTATIONS`` table, if it has one."""
    from sagemaker_typed._converters import MUTATIONS  # loaded with to_boto already

    return MUTATIONS.get(operation)


@functools.cache
def _older_botocore() -> bool:
    """Whether the installed botocore is another than the one the models come from."""
    from sagemaker_typed._converters import BOTOCORE_VERSION  # loaded with to_boto already

    return botocore.__version__ != BOTOCORE_VERSION


def _outcome_unknown(error: SageMakerTypedError) -> bool:
    """Whether the call that raised ``error`` may have acted: no answer, a server
    failure, an unreadable answer, or an answer to a retry (an earlier attempt may have
    acted, and its answer was lost)."""
    if isinstance(error, TransportError | ResponseParseError):
        return True
    if isinstance(error, ServiceError):
        return error.http_status is None or error.http_status >= 500 or _retried(error)
    return False


def _retried(error: SageMakerTypedError) -> bool:
    """Whether botocore retried the call that raised ``error`` before this answer."""
    cause = error.__cause__
    if not isinstance(cause, ClientError):
        return False
    return bool(cause.response.get("ResponseMetadata", {}).get("RetryAttempts"))


def _mark_may_have_been_applied(operation: str, error: SageMakerTypedError) -> None:
    if not _outcome_unknown(error) or error.may_have_been_applied:
        return
    error.may_have_been_applied = True
    error.add_note(
        f"{operation} may have taken effect anyway (its answer was lost, or the service "
        "failed after acting): describe the resource before calling it again."
    )


def _took_effect(
    effect: _Effect, status_attribute: str | None, request: Model, described: Any
) -> bool:
    if described is None:
        return effect.gone
    status = getattr(described, status_attribute) if status_attribute else None
    if status in effect.statuses:
        return True
    if not effect.settings:
        return False
    # The settings the description echoes must hold what was asked, and there must be
    # such a setting besides the name (else nothing tells).
    wanted = to_boto(request)
    shown = to_boto(described)
    compared = [key for key in wanted if key in shown and not key.endswith("Name")]
    return bool(compared) and _holds(shown, wanted)


def _check_required_present(operation: str, answer: dict[str, Any]) -> None:
    """A 200 answer lacking every member its model requires (an empty or garbage body)
    is not a success with zero values: ``ResponseParseError``."""
    required = _required_wire_names(operation)
    if required and answer.keys().isdisjoint(required):
        raise ResponseParseError(
            [("", f"none of the {len(required)} required members is in the answer")],
            operation=operation,
        )


@functools.cache
def _required_wire_names(operation: str) -> frozenset[str]:
    """The members ``operation``'s answer requires, by wire name: found once, read on
    every call."""
    from sagemaker_typed._converters import OPERATIONS
    from sagemaker_typed._schema import table

    response_cls = OPERATIONS[operation][1]
    members = table(response_cls)[1] if response_cls is not None else ()
    return frozenset(member.wire for member in members if member.required)


def _check_names_asked(operation: str, asked: dict[str, Any], answer: dict[str, Any]) -> None:
    """A describe's answer must name the resource asked for (a connection shared by
    forked processes, or a confused proxy, answers for another one). Names are
    compared without case, as the service treats them."""
    for key, name in asked.items():
        if not key.endswith("Name") or not isinstance(name, str) or key not in answer:
            continue
        answered = answer[key]
        if not isinstance(answered, str) or answered.casefold() != name.casefold():
            raise ResponseParseError(
                [(xform_name(key), "names another resource than the one asked for")],
                operation=operation,
            )


def _unconvertible(request: Model, error: Exception) -> RequestValidationError:
    """Why ``to_boto`` failed on ``request`` (only possible with validate=False): the
    validator's report, which names every path, or a general one."""
    try:
        check_request(request)
    except RequestValidationError as report:
        return report
    except RecursionError:
        pass
    return RequestValidationError(
        [("", f"cannot be converted to boto3's form ({type(error).__name__})")]
    )


def _metadata_dict(metadata: ResponseMetadata) -> dict[str, Any]:
    """``metadata`` back in boto3's form, for an answer made from another call's."""
    return {
        "RequestId": metadata.request_id,
        "HTTPStatusCode": metadata.http_status_code,
        "RetryAttempts": metadata.retry_attempts,
        "HTTPHeaders": metadata.http_headers,
    }


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


def _with_defaults(config: Config | None) -> Config:
    """The caller's config over this SDK's defaults: botocore's ``standard`` retry
    mode and a pool of ``MAX_POOL_CONNECTIONS``, always without botocore's parameter
    validation (the SDK validates once; see ``_check_installed``).

    ``retries`` is merged key by key, so ``retries={"max_attempts": 10}`` keeps the
    standard mode instead of falling back to botocore's legacy one.
    """
    defaults = Config(
        retries={"mode": "standard"},
        max_pool_connections=MAX_POOL_CONNECTIONS,
        parameter_validation=False,
    )
    if config is None:
        return defaults
    retries: Any = {"mode": "standard", **(getattr(config, "retries", None) or {})}
    return defaults.merge(config).merge(Config(retries=retries, parameter_validation=False))


def _with_next_token(request: Model, token: str) -> Model:
    import attrs  # not with the package: a listing's next page is the first to need it

    changed: Model = attrs.evolve(cast(Any, request), next_token=token)
    return changed
