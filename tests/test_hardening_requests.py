"""Fuzzed requests through the client: invalid ones raise only ``RequestValidationError``
and send nothing; valid ones are sent once, whole.

What ``test_validate`` and ``test_roundtrip_properties`` already prove is not repeated
(``validate()`` and botocore accept generated requests; one broken constraint is
reported at its path; wire dicts round-trip). Added here:

- every operation method, on a client whose endpoint nothing listens on: a request
  with one constraint broken (wrong Python types included) raises
  ``RequestValidationError`` at the right path, and no ``before-send`` event fires;
- several constraints broken at once are all reported;
- boto3-style request dicts broken at random (``from_boto`` is strict for requests):
  only ``RequestValidationError``, with no value in its message, or a request that
  converts back to itself;
- valid requests through the whole client: one HTTP request whose JSON body holds
  the request member for member (read from the member table, not by ``to_boto``, and
  once written out by hand).
"""

from __future__ import annotations

import calendar
import inspect
import json
import socket
from collections.abc import Iterator
from typing import Any

import attrs
import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from hypothesis import assume, given
from hypothesis import strategies as st

from sagemaker_typed import (
    RequestValidationError,
    ResponseParseError,
    SageMakerClient,
    SageMakerTypedError,
    TransportError,
    from_boto,
    models,
    to_boto,
)
from sagemaker_typed._model_support import Model
from tests.hardening import SENTINEL, fuzz_settings, http_response, mutated_wire_dicts, outcome
from tests.requests import training_job_request
from tests.shapes import MEMBERS, OPERATIONS, SHAPES
from tests.strategies import (
    _breaks,  # every single break of one request: the multi-break test combines them
    _replace,
    broken_requests,
    request_objects,
    shape_of_class,
)

REQUESTS = {operation: request for operation, (request, _) in OPERATIONS.items()}
# Operations whose method takes the request object; the others take its members.
TAKES_REQUEST = sorted(
    operation
    for operation in REQUESTS
    if "request" in inspect.signature(getattr(SageMakerClient, xform_name(operation))).parameters
)
SESSION = boto3.Session(region_name="us-east-1")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class CountingClient:
    """A SageMakerClient whose every HTTP request is counted before it is sent."""

    def __init__(self, *, endpoint_url: str | None = None) -> None:
        boto_client = SESSION.client(
            "sagemaker",
            endpoint_url=endpoint_url,
            config=Config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=1),
        )
        self.sent: list[Any] = []
        boto_client.meta.events.register("before-send.sagemaker", self._count)
        self.sm = SageMakerClient(boto_client)

    def _count(self, request: Any, **_: Any) -> None:
        self.sent.append(request)


@pytest.fixture(scope="module")
def unreachable() -> CountingClient:
    return CountingClient(endpoint_url=f"http://127.0.0.1:{closed_port()}")


@pytest.fixture(scope="module")
def unchecked() -> CountingClient:
    """Like ``unreachable``, for requests sent unvalidated (some reach the closed port)."""
    return CountingClient(endpoint_url=f"http://127.0.0.1:{closed_port()}")


def call(sm: SageMakerClient, operation: str, request: Any, **flags: Any) -> Any:
    """Call the operation's method with ``request`` or, for the others, its members: the
    required ones positionally (the methods name them, in the model's order), the rest as
    keywords; ``flags`` (``validate=False``) go along."""
    method = getattr(sm, xform_name(operation))
    parameters = inspect.signature(method).parameters
    if "request" in parameters:
        return method(request, **flags)
    required = [getattr(request, m.attr) for m in MEMBERS[REQUESTS[operation]] if m.required]
    keywords = [p.name for p in parameters.values() if p.kind is p.KEYWORD_ONLY]
    options = {p: getattr(request, p) for p in keywords if p != "validate"}
    result = method(*required, **options, **flags)
    return list(result) if isinstance(result, Iterator) else result


def passable(operation: str, path: str) -> bool:
    """Whether the method of ``operation`` can be handed a break at ``path``."""
    method = getattr(SageMakerClient, xform_name(operation))
    parameters = inspect.signature(method).parameters
    if "request" in parameters:
        return True
    top = path.split(".")[0].split("[")[0]
    required = [m.attr for m in MEMBERS[REQUESTS[operation]] if m.required]
    return top in required or top in parameters


@pytest.mark.parametrize("operation", sorted(REQUESTS))
@fuzz_settings(15)
@given(data=st.data())
def test_invalid_requests_raise_request_validation_error_and_send_nothing(
    unreachable: CountingClient, operation: str, data: st.DataObject
) -> None:
    broken = data.draw(broken_requests(getattr(models, REQUESTS[operation])), label="broken")
    assume(passable(operation, broken.path))
    with pytest.raises(RequestValidationError) as caught:
        call(unreachable.sm, operation, broken.request)
    assert broken.path in [path for path, _ in caught.value.errors], broken.what
    assert unreachable.sent == []


@pytest.mark.parametrize("operation", sorted(REQUESTS))
@fuzz_settings(10)
@given(data=st.data())
def test_broken_requests_without_validation_raise_only_typed_errors(
    unchecked: CountingClient, operation: str, data: st.DataObject
) -> None:
    """With ``validate=False`` what breaks is found by ``to_boto``, botocore's own check
    or serializer, or nobody (then the call is sent and meets the closed port): always a
    ``SageMakerTypedError``, never an ``AttributeError`` or a ``RecursionError``."""
    broken = data.draw(broken_requests(getattr(models, REQUESTS[operation])), label="broken")
    assume(passable(operation, broken.path))
    with pytest.raises(SageMakerTypedError) as caught:
        call(unchecked.sm, operation, broken.request, validate=False)
    assert isinstance(caught.value, RequestValidationError | TransportError), broken.what
    assert SENTINEL not in str(caught.value)


@pytest.mark.parametrize("operation", TAKES_REQUEST)
@fuzz_settings(15)
@given(data=st.data())
def test_several_broken_constraints_are_all_reported(
    unreachable: CountingClient, operation: str, data: st.DataObject
) -> None:
    cls = getattr(models, REQUESTS[operation])
    request = data.draw(request_objects(cls), label="request")
    breaks = list(_breaks(request, shape_of_class(cls.__name__), "", ()))
    # Breaks at paths that do not contain one another, so that none hides another.
    chosen: list[tuple[str, Any, str, Any]] = []
    for candidate in data.draw(st.permutations(breaks), label="order"):
        if len(chosen) == 4:
            break
        if candidate[0] and all(not _nested(candidate[0], c[0]) for c in chosen):
            chosen.append(candidate)
    assume(len(chosen) >= 2)
    for _, steps, _, replacement in chosen:
        request = _replace(request, steps, replacement)
    with pytest.raises(RequestValidationError) as caught:
        call(unreachable.sm, operation, request)
    reported = {path for path, _ in caught.value.errors}
    assert {path for path, *_ in chosen} <= reported, [what for _, _, what, _ in chosen]
    assert unreachable.sent == []


def _nested(path: str, other: str) -> bool:
    """Whether one path is the other or inside it."""
    shorter, longer = sorted((path, other), key=len)
    return longer == shorter or longer.startswith((f"{shorter}.", f"{shorter}["))


@pytest.mark.parametrize("operation", sorted(REQUESTS))
@fuzz_settings(15)
@given(data=st.data())
def test_broken_request_dicts_raise_only_request_validation_error(
    operation: str, data: st.DataObject
) -> None:
    mutated = data.draw(mutated_wire_dicts(REQUESTS[operation]), label="mutated")
    cls = getattr(models, REQUESTS[operation])
    request, error = outcome(lambda: from_boto(mutated.data, cls), RequestValidationError)
    if error is not None:
        assert error.errors
        assert SENTINEL not in str(error)
        return
    assert from_boto(to_boto(request), cls) == request


# -- valid requests are sent once, whole --------------------------------------------------


@pytest.fixture(scope="module")
def answering() -> CountingClient:
    """A client whose requests are counted, then answered with an empty page."""
    counting = CountingClient()

    def answer(**_: Any) -> Any:  # an AWSResponse: botocore sends nothing
        return http_response(200, b"{}")

    # Registered after the counter: botocore asks the handlers in order.
    counting.sm.boto_client.meta.events.register("before-send.sagemaker", answer)
    return counting


@pytest.mark.parametrize("operation", sorted(REQUESTS))
@fuzz_settings(15)
@given(data=st.data())
def test_valid_requests_are_sent_once_and_whole(
    answering: CountingClient, operation: str, data: st.DataObject
) -> None:
    request = data.draw(request_objects(getattr(models, REQUESTS[operation])), label="request")
    if operation not in TAKES_REQUEST:
        # By-name methods take these members only (a NextToken is the pager's business).
        request = _only_method_members(operation, request)
    answering.sent.clear()
    # The answer, {}, lacks what a create's or a describe's answer requires: rejected
    # once received (ResponseParseError), which is beside the point here.
    outcome(lambda: call(answering.sm, operation, request), ResponseParseError)
    (sent,) = answering.sent
    assert sent.headers["X-Amz-Target"].decode() == f"SageMaker.{operation}"
    # Against a reading of the object that shares no code with to_boto.
    assert json.loads(sent.body) == wire_form(request, shape_of_class(REQUESTS[operation]))


def wire_form(value: Any, shape_name: str) -> Any:
    """The wire dict of a request object, written out from the generated member table
    alone: each set attribute under its wire name, lists and maps item by item."""
    shape = SHAPES[shape_name]
    if shape.kind == "structure":
        assert shape.cls is not None
        members = ((m, getattr(value, m.attr)) for m in MEMBERS[shape.cls])
        return {m.wire: wire_form(item, m.shape) for m, item in members if item is not None}
    if shape.kind == "list":
        assert shape.member is not None
        return [wire_form(item, shape.member) for item in value]
    if shape.kind == "map":
        assert shape.member is not None
        return {key: wire_form(item, shape.member) for key, item in value.items()}
    if shape.kind == "timestamp":
        # Epoch seconds, with the microseconds added before dividing (botocore's way).
        return (calendar.timegm(value.utctimetuple()) * 10**6 + value.microsecond) / 10**6
    assert shape.kind in ("string", "integer", "float", "boolean"), shape.kind
    return value


def test_a_training_job_request_is_sent_as_written(answering: CountingClient) -> None:
    answering.sent.clear()
    # The answer, {}, lacks the ARN: rejected once received, which is beside the point.
    outcome(
        lambda: answering.sm.create_training_job(training_job_request("job")), ResponseParseError
    )
    (sent,) = answering.sent
    assert json.loads(sent.body) == {
        "TrainingJobName": "job",
        "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
        "AlgorithmSpecification": {
            "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1",
            "TrainingInputMode": "File",
        },
        "HyperParameters": {"eta": "0.2", "max_depth": "5"},
        "InputDataConfig": [
            {
                "ChannelName": "train",
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/train/"}
                },
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/output"},
        "ResourceConfig": {
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 1,
            "VolumeSizeInGB": 30,
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }


def _only_method_members(operation: str, request: Model) -> Model:
    parameters = inspect.signature(getattr(SageMakerClient, xform_name(operation))).parameters
    kept = {m.attr for m in MEMBERS[REQUESTS[operation]] if m.required} | set(parameters)
    dropped = {f.name: None for f in attrs.fields(type(request)) if f.name not in kept}
    changed: Model = attrs.evolve(request, **dropped)  # type: ignore[misc]
    return changed
