"""Malformed responses: ``from_boto`` and the client return an object or raise
``ResponseParseError``, never anything else.

Three depths, for every operation's response class:

- ``from_boto`` on valid wire dicts broken in one to four places (``tests.hardening``:
  dropped required members, ``None``, wrong types, huge lists, unknown keys and enum
  values, naive and other-zone datetimes, strings and numbers for timestamps, nested
  garbage, bad map keys);
- the client, answered with those dicts from a ``before-call`` hook (botocore's parser
  skipped);
- the client, answered with HTTP bodies from a ``before-send`` hook: the broken dicts as
  JSON, and raw garbage (not JSON, truncated, invalid UTF-8, deep nesting), so that
  botocore's own parser runs on them.

When an object comes back, ``to_boto`` of it works and reads back to the same object.
And the valid path end to end: valid wire dicts as JSON bodies, parsed by botocore,
come out of the client as ``from_boto`` reads them.
"""

from __future__ import annotations

import base64
import copy
import datetime
import json
import math
from collections.abc import Callable, Iterator
from typing import Any, cast

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_typed import ResponseParseError, SageMakerClient, from_boto, models, to_boto
from sagemaker_typed._converters import OPERATIONS
from sagemaker_typed._model_support import Model
from tests.hardening import (
    SENTINEL,
    assert_read_exactly,
    fuzz_settings,
    http_response,
    mutated_wire_dicts,
    outcome,
)
from tests.requests import notebook_request, training_job_request, tuning_job_request
from tests.strategies import shape_of_class, wire_dict
from tests.wire import full_wire_dict

RESPONSES = {
    operation: response for operation, (_, response) in OPERATIONS.items() if response is not None
}
SESSION = boto3.Session(region_name="us-east-1")


def check_parsed_or_refused(data: Any, cls: type[Model], operation: str | None) -> None:
    """``from_boto(data, cls)``: an object whose wire form reads back the same, or a
    ``ResponseParseError`` naming the operation and no value."""
    before = copy.deepcopy(data)
    parsed, error = outcome(lambda: from_boto(data, cls), ResponseParseError)
    assert data == before, "from_boto changed its input"
    if error is not None:
        assert error.operation == operation
        assert error.errors
        assert error.path == error.errors[0][0]
        assert SENTINEL not in str(error)
        return
    assert type(parsed) is cls
    assert_read_exactly(parsed, data, shape_of_class(cls.__name__))
    wire = to_boto(parsed)
    assert from_boto(wire, cls) == parsed


# -- from_boto ----------------------------------------------------------------------------


@pytest.mark.parametrize("class_name", sorted(RESPONSES.values()))
@fuzz_settings(30)
@given(data=st.data())
def test_mutated_responses_parse_or_raise_response_parse_error(
    class_name: str, data: st.DataObject
) -> None:
    mutated = data.draw(mutated_wire_dicts(class_name), label="mutated")
    operation = class_name.removesuffix("Response")
    check_parsed_or_refused(mutated.data, getattr(models, class_name), operation)


@pytest.mark.usefixtures("local_time_not_utc")
def test_corrections_keep_the_type_promises() -> None:
    """What the tolerant reading makes of the classic faults, on one response."""
    naive = datetime.datetime(2026, 11, 25, 12, 0)
    parsed = from_boto(
        {
            "TrainingJobName": None,  # null counts as absent: required, so ""
            "TrainingJobStatus": "Paused",  # a status newer than the model: kept
            "CreationTime": naive,  # naive: UTC
            "LastModifiedTime": "2026-11-25T12:00:00+01:00",  # ISO 8601: parsed
            "TrainingStartTime": 1_700_000_000,  # epoch seconds: parsed
            "FinalMetricDataList": [{"MetricName": "loss", "Value": math.nan}],
            "SomeNewMember": {"from": "a newer service"},  # unknown: ignored
        },
        models.DescribeTrainingJobResponse,
    )
    assert parsed.training_job_name == ""
    status: str = parsed.training_job_status
    assert status == "Paused"
    assert parsed.creation_time == naive.replace(tzinfo=datetime.UTC)
    assert parsed.last_modified_time is not None
    assert parsed.last_modified_time.utcoffset() == datetime.timedelta(hours=1)
    assert parsed.training_start_time == datetime.datetime.fromtimestamp(
        1_700_000_000, tz=datetime.UTC
    )
    assert parsed.final_metric_data_list is not None
    assert math.isnan(parsed.final_metric_data_list[0].value or 0.0)


@pytest.mark.parametrize("epoch", [math.inf, -math.inf, math.nan, 10**20, -(10**20)], ids=repr)
def test_out_of_range_epoch_numbers_are_parse_errors(epoch: float) -> None:
    with pytest.raises(ResponseParseError) as caught:
        from_boto({"CreationTime": epoch}, models.DescribeTrainingJobResponse)
    assert caught.value.path == "creation_time"


# -- through the client: parsed dicts -----------------------------------------------------


# The answer after the scripted one: a listing's empty last page.
LAST_PAGE: dict[str, Any] = {"TrainingJobSummaries": []}


class Scripted:
    """A client on a real boto3 client whose next call is answered with a given page,
    and the calls after it with a last, empty one (``LAST_PAGE``: a NextToken ends).

    Pages are dicts that skip botocore's parser (``before-call``), or, with
    ``http_bodies``, HTTP bodies that it parses (``before-send``). Nothing reaches the
    network. One per module: building a boto3 client costs more than a call.
    """

    def __init__(self, *, http_bodies: bool) -> None:
        boto_client = SESSION.client(
            "sagemaker", config=Config(retries={"mode": "standard", "total_max_attempts": 1})
        )
        self._pages: Iterator[Any] = iter(())
        # What botocore made of the first page, as the client received it.
        self.received: dict[str, Any] | None = None
        # Handlers that answer return the response (the stubs say handlers return None).
        if http_bodies:
            boto_client.meta.events.register("before-send.sagemaker", cast(Any, self._send))
        else:
            boto_client.meta.events.register("before-call.sagemaker", cast(Any, self._call))
        boto_client.meta.events.register("after-call.sagemaker", self._received)
        self.sm = SageMakerClient(boto_client, validate=False)

    def answering(self, first_page: dict[str, Any] | bytes) -> SageMakerClient:
        self._pages = iter([first_page])
        self.received = None
        return self.sm

    def _received(self, parsed: dict[str, Any], **_: Any) -> None:
        if self.received is None:
            self.received = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}

    def _call(self, **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        page: dict[str, Any] = next(self._pages, LAST_PAGE)
        metadata = {"RequestId": "req-1", "HTTPStatusCode": 200, "RetryAttempts": 0}
        return http_response(200, b""), {**page, "ResponseMetadata": metadata}

    def _send(self, **_: Any) -> AWSResponse:
        page: bytes = next(self._pages, json.dumps(LAST_PAGE).encode())
        return http_response(200, page)


@pytest.fixture(scope="module")
def parsed_pages() -> Scripted:
    return Scripted(http_bodies=False)


@pytest.fixture(scope="module")
def http_bodies() -> Scripted:
    return Scripted(http_bodies=True)


# One call of each operation that returns a response, whatever it answers (the client
# runs with validate=False: the requests do not matter).
CALLS: dict[str, Callable[[SageMakerClient], Any]] = {
    "CreateTrainingJob": lambda sm: sm.create_training_job(training_job_request("job")),
    "DescribeTrainingJob": lambda sm: sm.describe_training_job("job"),
    "CreateHyperParameterTuningJob": lambda sm: sm.create_hyper_parameter_tuning_job(
        tuning_job_request("tuning")
    ),
    "DescribeHyperParameterTuningJob": lambda sm: sm.describe_hyper_parameter_tuning_job("t"),
    "ListTrainingJobsForHyperParameterTuningJob": lambda sm: list(
        sm.list_training_jobs_for_hyper_parameter_tuning_job("t")
    ),
    "CreateNotebookInstance": lambda sm: sm.create_notebook_instance(notebook_request("nb")),
    "DescribeNotebookInstance": lambda sm: sm.describe_notebook_instance("nb"),
    "UpdateNotebookInstance": lambda sm: sm.update_notebook_instance(
        models.UpdateNotebookInstanceRequest(notebook_instance_name="nb")
    ),
}


# The names the describes of CALLS ask for.
ASKED = {
    "DescribeTrainingJob": {"TrainingJobName": "job"},
    "DescribeHyperParameterTuningJob": {"HyperParameterTuningJobName": "t"},
    "DescribeNotebookInstance": {"NotebookInstanceName": "nb"},
}


def check_client_result(scripted: Scripted, operation: str, call: Callable[[], Any]) -> None:
    """The call returns what ``from_boto`` reads from the answer botocore parsed (read
    exactly: nothing coerced), or raises ResponseParseError naming the operation and no
    value; it raises whenever ``from_boto`` would."""
    result, error = outcome(call, ResponseParseError)
    if error is not None:
        assert error.operation == operation
        assert SENTINEL not in str(error)
        return
    assert scripted.received is not None  # botocore parsed the answer: the client got it
    cls = getattr(models, RESPONSES[operation])
    expected = from_boto(scripted.received, cls)  # raises if the client should have
    assert_read_exactly(expected, scripted.received, shape_of_class(cls.__name__))
    if isinstance(result, list):  # a listing's items, from its one page
        assert result == (getattr(expected, "training_job_summaries", None) or [])
    else:
        assert result == expected
        assert from_boto(to_boto(result), cls) == result


@pytest.mark.parametrize("operation", sorted(CALLS))
@fuzz_settings(15)
@given(data=st.data())
def test_mutated_responses_through_the_client(
    parsed_pages: Scripted, operation: str, data: st.DataObject
) -> None:
    mutated = data.draw(mutated_wire_dicts(RESPONSES[operation]), label="mutated")
    sm = parsed_pages.answering(mutated.data)
    check_client_result(parsed_pages, operation, lambda: CALLS[operation](sm))


# -- through the client: HTTP bodies that botocore parses ---------------------------------


def _json_default(value: Any) -> Any:
    """How the JSON protocol writes what ``json`` cannot: timestamps and blobs."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return str(value)


def json_body(data: dict[str, Any]) -> bytes:
    return json.dumps(data, default=_json_default).encode()


@pytest.mark.parametrize("operation", sorted(CALLS))
@fuzz_settings(15)
@given(data=st.data())
def test_mutated_json_bodies_through_the_client(
    http_bodies: Scripted, operation: str, data: st.DataObject
) -> None:
    mutated = data.draw(mutated_wire_dicts(RESPONSES[operation]), label="mutated")
    sm = http_bodies.answering(json_body(mutated.data))
    check_client_result(http_bodies, operation, lambda: CALLS[operation](sm))


def _truncated_valid_body(operation: str) -> bytes:
    body = json_body(full_wire_dict(RESPONSES[operation]))
    return body[: max(1, len(body) // 2)]


GARBAGE_BODIES: dict[str, Callable[[str], bytes]] = {
    "not JSON": lambda _: b"<html>502 Bad Gateway</html>",
    "truncated JSON": _truncated_valid_body,
    "invalid UTF-8": lambda _: b'{"TrainingJobName": "\xff\xfe"}',
    "top-level list": lambda _: b"[1, 2, 3]",
    "top-level string": lambda _: b'"' + SENTINEL.encode() + b'"',
    "top-level number": lambda _: b"42",
    "null": lambda _: b"null",
    "deep nesting": lambda _: b"[" * 100_000 + b"]" * 100_000,
    "empty": lambda _: b"",
    "timestamp not a time": lambda _: json.dumps({"CreationTime": SENTINEL}).encode(),
    "timestamp out of range": lambda _: b'{"CreationTime": 1e400}',
    "list where a map belongs": lambda _: b'{"HyperParameters": [1], "Tags": [1]}',
}


@pytest.mark.parametrize("operation", sorted(CALLS))
@pytest.mark.parametrize("body", sorted(GARBAGE_BODIES))
def test_garbage_bodies_through_the_client(
    http_bodies: Scripted, operation: str, body: str
) -> None:
    sm = http_bodies.answering(GARBAGE_BODIES[body](operation))
    check_client_result(http_bodies, operation, lambda: CALLS[operation](sm))


@pytest.mark.parametrize("operation", sorted(CALLS))
@fuzz_settings(10)
@given(data=st.data())
def test_valid_bodies_read_as_from_boto_reads_them(
    http_bodies: Scripted, operation: str, data: st.DataObject
) -> None:
    """The whole valid path: a wire dict as JSON, parsed by botocore, typed by the client."""
    wire = data.draw(wire_dict(RESPONSES[operation]).map(_json_safe_times), label="wire")
    wire.update(ASKED.get(operation, {}))  # a describe's answer names what was asked
    sm = http_bodies.answering(json_body(wire))
    result = CALLS[operation](sm)
    expected = from_boto(wire, getattr(models, RESPONSES[operation]))
    if isinstance(result, list):
        assert result == (getattr(expected, "training_job_summaries", None) or [])
    else:
        assert result == expected


def _json_safe_times(value: Any) -> Any:
    """``value`` with every timestamp moved into 1971-2098 at millisecond precision,
    which survives the trip through a JSON epoch number."""
    if isinstance(value, datetime.datetime):
        return value.replace(
            year=1971 + value.year % 128, microsecond=value.microsecond // 1000 * 1000, day=1
        )
    if isinstance(value, dict):
        return {key: _json_safe_times(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe_times(item) for item in value]
    return value


# -- fixed cases: no coercion, the request id kept -----------------------------------------


def _training_job_answer(**resources: Any) -> dict[str, Any]:
    answer = full_wire_dict("DescribeTrainingJobResponse")
    answer["TrainingJobName"] = "job"
    answer["ResourceConfig"] = {**answer["ResourceConfig"], **resources}
    return answer


@pytest.mark.parametrize(
    ("member", "value"),
    [("InstanceCount", "1"), ("InstanceCount", 1.0), ("InstanceCount", True)],
    ids=["string", "float", "bool"],
)
def test_a_number_in_another_type_is_refused_not_coerced(
    parsed_pages: Scripted, http_bodies: Scripted, member: str, value: Any
) -> None:
    answer = _training_job_answer(**{member: value})
    for scripted, page in ((parsed_pages, answer), (http_bodies, json_body(answer))):
        with pytest.raises(ResponseParseError) as caught:
            scripted.answering(page).describe_training_job("job")
        assert caught.value.path == "resource_config.instance_count"
        assert caught.value.operation == "DescribeTrainingJob"


def test_the_request_id_reaches_response_metadata(
    parsed_pages: Scripted, http_bodies: Scripted
) -> None:
    answer = _training_job_answer()
    # From botocore's parsed ResponseMetadata, and from the HTTP header it reads it from.
    for scripted, page in ((parsed_pages, answer), (http_bodies, json_body(answer))):
        job = scripted.answering(page).describe_training_job("job")
        assert job.response_metadata is not None
        assert job.response_metadata.request_id == "req-1"
        assert job.response_metadata.http_status_code == 200
