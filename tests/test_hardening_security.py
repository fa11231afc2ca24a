"""Security hygiene: no secrets or payloads in logs, error messages or reprs.

- A full run over HTTP (creates, describes, waits through injected faults, lifecycle,
  and the errors: validation, not found, name in use, a response that does not parse)
  with every logger captured: no credential and no request value (hyper-parameters,
  environment, tags) in any record at INFO or above, nor in any record of the
  ``sagemaker_typed`` logger at any level, nor in the waiters' progress lines.
- Client-side error messages name paths and constraints, never values: each kind of
  broken constraint with a sentinel value, for ``validate`` and strict ``from_boto``.
- ``ServiceError.message`` is the service's text, byte for byte.
- ``repr`` and the notebook HTML display hide every value whose shape is marked
  sensitive, wherever it sits: each string shape of each request, marked in turn, on
  generated requests (the synthetic top-level case is in test_models and
  test_generator; IPython's pretty printer shows the same fields as ``repr``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import attrs
import boto3
import pytest
from botocore.config import Config
from hypothesis import assume, given
from hypothesis import strategies as st

from sagemaker_typed import (
    RequestValidationError,
    ResourceInUseError,
    ResourceNotFoundError,
    ResponseParseError,
    SageMakerClient,
    ServiceValidationError,
    TrainingJobFailedError,
    from_boto,
    models,
    to_boto,
    validate,
)
from sagemaker_typed._model_support import Model, _redactions_cache
from sagemaker_typed._waiters import PollPolicy
from sagemaker_typed.testing import complete_job, hold_in_progress
from tests import shapes
from tests.fault_proxy import (
    THROTTLED,
    UNAVAILABLE,
    FaultProxy,
    RawAnswer,
    Reply,
    running_fault_proxy,
)
from tests.hardening import SENTINEL, fuzz_settings
from tests.moto_server import running_moto_server
from tests.requests import notebook_request, training_job_request, tuning_job_request
from tests.shapes import MEMBERS, OPERATIONS, SHAPES
from tests.strategies import request_objects, shape_of_class
from tools import generate_models

ACCESS_KEY = "AKIASENTINELKEY12345"
SECRET_KEY = "secret/SENTINEL/0123456789abcdefghijklmnop"
SESSION_TOKEN = "token-SENTINEL-" + "x" * 40
HYPER_PARAMETER = f"hp-{SENTINEL}"
ENVIRONMENT_VALUE = f"env-{SENTINEL}"
TAG_VALUE = f"tag-{SENTINEL}"
SECRETS = (ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, SENTINEL)
FAST_POLLS = PollPolicy(initial_delay=0.02, max_delay=0.1)


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


class Proxied(NamedTuple):
    sm: SageMakerClient
    proxy: FaultProxy


@pytest.fixture(scope="module")
def proxied() -> Iterator[Proxied]:
    """A client with sentinel credentials, through a fault proxy to moto's server."""
    session = boto3.Session(
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=SESSION_TOKEN,
        region_name="us-east-1",
    )
    with running_moto_server() as url, running_fault_proxy(url) as proxy:
        config = Config(retries={"mode": "standard", "total_max_attempts": 3})
        sm = SageMakerClient(session=session, endpoint_url=proxy.url, config=config)
        yield Proxied(sm, proxy)


def secret_training_job(name: str) -> models.CreateTrainingJobRequest:
    return attrs.evolve(
        training_job_request(name),
        hyper_parameters={"learning_rate": HYPER_PARAMETER},
        environment={"API_TOKEN": ENVIRONMENT_VALUE},
        tags=[models.Tag(key="owner", value=TAG_VALUE)],
    )


def full_run(sm: SageMakerClient, proxy: FaultProxy) -> None:
    """Everything a user does, the failures included."""
    arn = sm.create_training_job(secret_training_job("secure-job")).training_job_arn
    hold_in_progress(arn)
    proxy.inject("DescribeTrainingJob", UNAVAILABLE, UNAVAILABLE, THROTTLED)

    def finish_once_seen_running(job: models.DescribeTrainingJobResponse) -> None:
        if job.training_job_status == "InProgress":
            complete_job(arn)

    sm.wait_for_training_job(
        "secure-job", poll=FAST_POLLS, progress=True, on_change=finish_once_seen_running
    )

    tuning = attrs.evolve(
        tuning_job_request("secure-tuning"),
        tags=[models.Tag(key="owner", value=TAG_VALUE)],
    )
    assert tuning.training_job_definition is not None
    definition = attrs.evolve(
        tuning.training_job_definition, static_hyper_parameters={"depth": HYPER_PARAMETER}
    )
    sm.create_hyper_parameter_tuning_job(attrs.evolve(tuning, training_job_definition=definition))
    sm.wait_for_hyper_parameter_tuning_job("secure-tuning", poll=FAST_POLLS, progress=True)

    notebook = attrs.evolve(
        notebook_request("secure-nb"), tags=[models.Tag(key="owner", value=TAG_VALUE)]
    )
    sm.create_notebook_instance(notebook)
    sm.wait_for_notebook_instance("secure-nb", poll=FAST_POLLS, progress=True)
    sm.stop_notebook_instance("secure-nb")
    sm.wait_for_notebook_instance("secure-nb", target="Stopped", poll=FAST_POLLS)

    with pytest.raises(RequestValidationError):
        sm.create_training_job(attrs.evolve(secret_training_job("x"), role_arn=SENTINEL))
    with pytest.raises(ResourceNotFoundError):
        sm.describe_training_job("no-such-job")
    with pytest.raises(ResourceInUseError):
        sm.create_training_job(secret_training_job("secure-job"))
    proxy.inject("DescribeNotebookInstance", RawAnswer(200, f'["{SENTINEL}"]'.encode()))
    with pytest.raises(ResponseParseError):
        sm.describe_notebook_instance("secure-nb")


def test_logs_and_progress_hold_no_secrets(
    proxied: Proxied,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with caplog.at_level(logging.DEBUG):
        full_run(*proxied)
    assert any(r.name == "sagemaker_typed" for r in caplog.records)  # the capture works
    assert any(r.name.startswith("botocore") for r in caplog.records)
    for record in caplog.records:
        if record.levelno >= logging.INFO or record.name.startswith("sagemaker_typed"):
            text = record.getMessage() + (record.exc_text or "")
            assert not leaks(text), (record.name, record.levelname, text)
    progress = capsys.readouterr().err
    assert "InProgress" in progress
    assert not leaks(progress)


def test_what_botocore_logs_at_debug_and_how_to_keep_it_off(
    proxied: Proxied, caplog: pytest.LogCaptureFixture
) -> None:
    """What docs/reliability.md says botocore's DEBUG logs hold: request bodies and the
    access key id (botocore.endpoint), the session token (botocore.endpoint,
    botocore.auth), response bodies (botocore.parsers); never the secret key. With the
    ``botocore`` logger at INFO, none of it."""
    sm = proxied.sm

    def run(name: str) -> dict[str, set[str]]:
        caplog.clear()
        sm.create_training_job(secret_training_job(name))
        sm.describe_training_job(name)
        found: dict[str, set[str]] = {}
        for record in caplog.records:
            for label, secret in SECRETS_BY_LABEL.items():
                if secret in record.getMessage():
                    found.setdefault(label, set()).add(record.name)
        return found

    with caplog.at_level(logging.DEBUG):
        found = run("debug-logged")
    assert found == {
        "access key id": {"botocore.endpoint"},
        "session token": {"botocore.endpoint", "botocore.auth"},
        "request values": {"botocore.endpoint"},
        "response values": {"botocore.parsers"},
    }
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.INFO, logger="botocore"):
        assert run("debug-quiet") == {}


SECRETS_BY_LABEL = {
    "access key id": ACCESS_KEY,
    "secret key": SECRET_KEY,
    "session token": SESSION_TOKEN,
    "request values": ENVIRONMENT_VALUE,
    "response values": ":training-job/debug-",  # the ARN: only answers hold it
}


# -- client-side error messages -----------------------------------------------------------

NUMBER = 918273645  # a value no constraint, path or count contains


def _broken_training_jobs() -> dict[str, Any]:
    job = secret_training_job("job")
    resources = models.ResourceConfig(
        instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=30
    )
    algorithm = models.AlgorithmSpecification(training_input_mode=SENTINEL)  # type: ignore[arg-type]
    smuggled: Any = SENTINEL  # a str where mypy wants an int
    changes: dict[str, dict[str, Any]] = {
        "too long": {"training_job_name": SENTINEL * 10},
        "pattern": {"role_arn": f"arn:{SENTINEL}"},
        "enum": {"algorithm_specification": algorithm},
        "out of range": {
            "stopping_condition": models.StoppingCondition(max_runtime_in_seconds=-NUMBER)
        },
        "wrong type": {"resource_config": attrs.evolve(resources, instance_count=smuggled)},
        "dict for a class": {"stopping_condition": {"MaxRuntimeInSeconds": NUMBER}},
        "map value wrong type": {"hyper_parameters": {"lr": NUMBER}},
        "map value too long": {"hyper_parameters": {"lr": SENTINEL * 300}},
        "bad map key": {"environment": {f"{SENTINEL} bad": "v"}},
        "too many items": {"tags": [models.Tag(key="k", value=SENTINEL)] * 51},
    }
    return {case: attrs.evolve(job, **change) for case, change in changes.items()}


@pytest.mark.parametrize("case", sorted(_broken_training_jobs()))
def test_validation_messages_name_paths_not_values(case: str) -> None:
    with pytest.raises(RequestValidationError) as caught:
        validate(_broken_training_jobs()[case])
    message = str(caught.value)
    assert caught.value.errors
    assert not leaks(message)
    assert str(NUMBER) not in message


@pytest.mark.parametrize(
    "data",
    [
        {"TrainingJobName": SENTINEL * 2, "Unknown": SENTINEL},
        {"TrainingJobName": NUMBER},
        {"TrainingJobName": "j", "HyperParameters": {"lr": NUMBER}},
        {"TrainingJobName": "j", "Tags": {"Key": SENTINEL}},
        {"TrainingJobName": "j", "ResourceConfig": [SENTINEL]},
    ],
    ids=range(5),
)
def test_strict_conversion_messages_name_paths_not_values(data: dict[str, Any]) -> None:
    with pytest.raises(RequestValidationError) as caught:
        from_boto(data, models.CreateTrainingJobRequest)
    assert not leaks(str(caught.value))
    assert str(NUMBER) not in str(caught.value)


def test_validate_false_keeps_botocores_report_out_of_the_message() -> None:
    sm = SageMakerClient(region_name="us-east-1", endpoint_url="http://127.0.0.1:9")
    wrong: Any = {"lr": NUMBER}  # an int for a string: botocore's report quotes it
    request = attrs.evolve(secret_training_job("job"), hyper_parameters=wrong)
    with pytest.raises(RequestValidationError) as caught:
        sm.create_training_job(request, validate=False)  # botocore's own check catches it
    assert str(NUMBER) not in str(caught.value)
    assert str(NUMBER) in str(caught.value.__cause__)  # the details are kept


def test_service_error_message_is_the_services_text(proxied: Proxied) -> None:
    text = f"Value \"{SENTINEL}\" at 'trainingJobName' failed — ünïcode, quotes ' \" and \\"
    proxied.proxy.inject("DescribeTrainingJob", Reply(400, "ValidationException", text))
    with pytest.raises(ServiceValidationError) as caught:
        proxied.sm.describe_training_job("any")
    assert caught.value.message == text
    assert text in str(caught.value)


# -- repr and sensitive shapes -------------------------------------------------------------

REQUEST_CLASSES = sorted({request for request, _ in OPERATIONS.values()})


def string_shapes_in(value: Any, shape_name: str) -> set[str]:
    """The shapes of the strings ``value`` holds, map keys included."""
    shape = SHAPES[shape_name]
    if shape.kind == "string":
        return {shape_name}
    if shape.kind == "structure":
        assert shape.cls is not None
        members = [(getattr(value, m.attr), m.shape) for m in MEMBERS[shape.cls]]
        return set().union(*(string_shapes_in(v, s) for v, s in members if v is not None))
    if shape.kind == "list":
        assert shape.member is not None
        return set().union(*(string_shapes_in(item, shape.member) for item in value))
    if shape.kind == "map":
        assert shape.member is not None
        assert shape.key is not None
        keys = {shape.key} if value else set()
        return keys.union(*(string_shapes_in(item, shape.member) for item in value.values()))
    return set()


@contextlib.contextmanager
def marked_sensitive(shape_name: str) -> Iterator[None]:
    """The shape marked sensitive, as the service model would mark it."""
    with shapes.marked_sensitive(shape_name):
        _redactions_cache.clear()
        try:
            yield
        finally:
            _redactions_cache.clear()


def with_sentinels(value: Any, shape_name: str, target: str) -> tuple[Any, int]:
    """``value`` with each string of shape ``target`` replaced by a distinct sentinel,
    and how many there were (map keys included)."""
    shape = SHAPES[shape_name]
    if shape_name == target:
        return SENTINEL, 1
    if shape.kind == "structure":
        assert shape.cls is not None
        changes, count = {}, 0
        for member in MEMBERS[shape.cls]:
            item = getattr(value, member.attr)
            if item is not None:
                changes[member.attr], found = with_sentinels(item, member.shape, target)
                count += found
        return attrs.evolve(value, **changes), count
    if shape.kind == "list":
        assert shape.member is not None
        items = [with_sentinels(item, shape.member, target) for item in value]
        return [item for item, _ in items], sum(found for _, found in items)
    if shape.kind == "map":
        assert shape.member is not None
        assert shape.key is not None
        entries = [
            (with_sentinels(key, shape.key, target), with_sentinels(item, shape.member, target))
            for key, item in value.items()
        ]
        result = {key: item for (key, _), (item, _) in entries}
        return result, sum(k + v for (_, k), (_, v) in entries)
    return value, 0


@pytest.mark.parametrize("class_name", REQUEST_CLASSES)
@fuzz_settings(20)
@given(data=st.data())
def test_repr_never_shows_a_sensitive_value(class_name: str, data: st.DataObject) -> None:
    request: Model = data.draw(request_objects(getattr(models, class_name)), label="request")
    shape_name = shape_of_class(class_name)
    strings = sorted(string_shapes_in(request, shape_name))
    assume(strings)  # a listing's request may hold no string at all
    target = data.draw(st.sampled_from(strings))
    request, count = with_sentinels(request, shape_name, target)
    assert count > 0
    # Each display, and how it writes a hidden value (the notebook's is HTML-escaped).
    displays: dict[Callable[[Model], str], str] = {
        repr: "<sensitive>",
        Model._repr_html_: "&lt;sensitive&gt;",
    }
    # While not marked sensitive it shows, unless the default rules already hide it (a
    # drawn key that looks like a secret's name hides its value): nothing to learn then.
    assume(all(SENTINEL in show(request) for show in displays))
    with marked_sensitive(target):
        for show, hidden in displays.items():
            assert SENTINEL not in show(request)
            assert hidden in show(request)


# -- secrets that botocore does not mark ----------------------------------------------------


def shown(model: Model) -> list[str]:
    """Every way a model is shown: repr, str, the notebook HTML, inside an error's repr."""
    error = TrainingJobFailedError("failed", response=model, failure_reason=None)
    return [repr(model), str(model), model._repr_html_(), repr(vars(error))]


def test_environment_values_and_secret_hyper_parameters_are_hidden() -> None:
    request = attrs.evolve(
        training_job_request("secrets"),
        environment={"DB_PASSWORD": SENTINEL, "REGION": SENTINEL},
        hyper_parameters={"api_token": SENTINEL, "GitHubKey": SENTINEL, "epochs": "3"},
    )
    for text in shown(request):
        assert SENTINEL not in text
        assert "DB_PASSWORD" in text  # the keys stay: which variables are set
        assert "epochs" in text
    assert "'epochs': '3'" in repr(request)
    assert "'api_token': <sensitive>" in repr(request)
    # Shown on request: the attribute, and the wire dict, hold the values.
    assert request.environment == {"DB_PASSWORD": SENTINEL, "REGION": SENTINEL}
    assert to_boto(request)["HyperParameters"]["api_token"] == SENTINEL


def test_credentials_in_a_repository_url_are_hidden() -> None:
    url = f"https://user:{SENTINEL}@github.com/org/repo.git"
    request = attrs.evolve(
        notebook_request("repo"), default_code_repository=url, additional_code_repositories=[url]
    )
    for text in shown(request):
        assert SENTINEL not in text
        assert "github.com/org/repo.git" in text
    assert "default_code_repository='https://<sensitive>@github.com/org/repo.git'" in repr(request)


def test_the_presigned_notebook_url_is_hidden() -> None:
    """CreatePresignedNotebookInstanceUrl's AuthorizedUrl logs its holder in: hidden
    whole, while a notebook's own ``Url`` (the same shape: a host name) keeps only its
    user-info hidden."""
    presigned = models.CreatePresignedNotebookInstanceUrlResponse(
        authorized_url=f"https://nb.notebook.us-east-1.sagemaker.aws?authToken={SENTINEL}"
    )
    for text in shown(presigned):
        assert SENTINEL not in text
    assert "authorized_url=<sensitive>" in repr(presigned)
    table = generate_models.sensitivity(generate_models.Generator(generate_models.load_model()))
    assert table["DescribeNotebookInstanceResponse"]["url"] == "url-userinfo"
