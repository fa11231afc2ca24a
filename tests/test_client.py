"""SageMakerClient: construction, the operations on moto, typed errors, metadata."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError
from botocore.stub import Stubber

import sagemaker_typed as st
from sagemaker_typed import SageMakerClient
from tests.requests import notebook_request, training_job_request, tuning_job_request

ARN = re.compile(r"arn:aws:sagemaker:us-east-1:\d{12}:[a-z-]+/.+")


# -- construction -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "clash",
    [
        {"session": boto3.Session(region_name="us-east-1")},
        {"region_name": "us-east-1"},
        {"endpoint_url": "http://127.0.0.1:1"},
        {"config": Config()},
    ],
)
def test_boto_client_cannot_go_with_client_settings(clash: dict[str, Any]) -> None:
    boto_client = boto3.Session(region_name="us-east-1").client("sagemaker")
    with pytest.raises(TypeError, match="not both"):
        SageMakerClient(boto_client, **clash)


def test_wraps_the_given_client() -> None:
    boto_client = boto3.Session(region_name="us-east-1").client("sagemaker")
    assert SageMakerClient(boto_client).boto_client is boto_client


def test_builds_its_own_client_from_a_private_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    sm = SageMakerClient(region_name="eu-west-1")
    assert boto3.DEFAULT_SESSION is None
    assert sm.boto_client.meta.region_name == "eu-west-1"
    assert sm.boto_client.meta.service_model.service_name == "sagemaker"
    assert _config(sm).retries["mode"] == "standard"


def test_each_instance_has_its_own_client() -> None:
    assert SageMakerClient().boto_client is not SageMakerClient().boto_client


def test_caller_config_is_merged_over_standard_retries() -> None:
    sm = SageMakerClient(config=Config(read_timeout=7, retries={"max_attempts": 9}))
    config = _config(sm)
    assert config.read_timeout == 7
    # botocore counts the first attempt too: max_attempts 9 is 10 attempts in all.
    assert config.retries == {"mode": "standard", "total_max_attempts": 10}
    adaptive = SageMakerClient(config=Config(retries={"mode": "adaptive"}))
    assert _config(adaptive).retries["mode"] == "adaptive"


@pytest.mark.parametrize(
    "config",
    [None, Config(read_timeout=7), Config(retries={"max_attempts": 9})],
    ids=["no config", "config without retries", "retries without a mode"],
)
def test_standard_retries_win_over_a_legacy_environment(
    monkeypatch: pytest.MonkeyPatch, config: Config | None
) -> None:
    # A user's environment or config file may ask for legacy retries; ours are standard.
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
    assert _config(SageMakerClient(config=config)).retries["mode"] == "standard"
    # What the SDK overrides is the mode botocore would otherwise take from there.
    plain = boto3.Session(region_name="us-east-1").client("sagemaker")
    plain_config: Any = plain.meta.config
    assert plain_config.retries["mode"] == "legacy"


def _config(sm: SageMakerClient) -> Any:
    """The client's resolved botocore config (its attributes are set dynamically)."""
    return sm.boto_client.meta.config


# -- typed errors from the service --------------------------------------------------------


def _stubbed(code: str, message: str, operation: str, status: int = 400) -> SageMakerClient:
    boto_client = boto3.Session(region_name="us-east-1").client("sagemaker")
    stubber = Stubber(boto_client)
    stubber.add_client_error(
        operation,
        service_error_code=code,
        service_message=message,
        http_status_code=status,
        response_meta={"RequestId": "req-123"},
    )
    stubber.activate()
    return SageMakerClient(boto_client, validate=False)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ResourceInUse", st.ResourceInUseError),
        ("ResourceLimitExceeded", st.ResourceLimitExceededError),
        ("ThrottlingException", st.ThrottlingError),
        ("ValidationException", st.ServiceValidationError),
        ("ResourceNotFound", st.ResourceNotFoundError),
        ("InternalFailure", st.ServiceError),
    ],
)
def test_service_codes_map_to_error_classes(code: str, expected: type[st.ServiceError]) -> None:
    sm = _stubbed(code, "the service's own words", "create_training_job")
    with pytest.raises(expected) as caught:
        sm.create_training_job(training_job_request("job"))
    error = caught.value
    assert type(error) is expected
    assert (error.code, error.message, error.operation) == (
        code,
        "the service's own words",
        "CreateTrainingJob",
    )
    assert (error.request_id, error.http_status) == ("req-123", 400)
    assert isinstance(error.__cause__, ClientError)


@pytest.mark.parametrize(
    "message",
    [
        "Requested resource not found.",
        "Could not find training job 'x'.",
        "RecordNotFound",
    ],
)
def test_describes_turn_not_found_validation_errors_into_not_found(message: str) -> None:
    sm = _stubbed("ValidationException", message, "describe_training_job")
    with pytest.raises(st.ResourceNotFoundError) as caught:
        sm.describe_training_job("x")
    assert caught.value.code == "ValidationException"
    assert caught.value.message == message


def test_other_operations_keep_validation_errors() -> None:
    sm = _stubbed("ValidationException", "Could not find role", "create_training_job")
    with pytest.raises(st.ServiceValidationError):
        sm.create_training_job(training_job_request("job"))


@pytest.mark.parametrize(
    ("operation", "create"),
    [
        (
            "create_hyper_parameter_tuning_job",
            lambda sm: sm.create_hyper_parameter_tuning_job(tuning_job_request("tuning")),
        ),
        (
            "create_notebook_instance",
            lambda sm: sm.create_notebook_instance(notebook_request("nb")),
        ),
    ],
)
def test_a_create_that_could_not_find_a_dependency_is_not_not_found(
    operation: str, create: Callable[[SageMakerClient], object]
) -> None:
    # In a create, "Could not find" is about something the request names (a role, an
    # image, a lifecycle config), not the resource being created.
    message = "Could not find lifecycle configuration or role"
    with pytest.raises(st.ServiceValidationError) as caught:
        create(_stubbed("ValidationException", message, operation))
    assert type(caught.value) is st.ServiceValidationError
    assert caught.value.message == message


# -- errors before the service ------------------------------------------------------------


def test_connection_failures_are_transport_errors() -> None:
    sm = SageMakerClient(
        endpoint_url="http://127.0.0.1:9",
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 1}, connect_timeout=1),
    )
    with pytest.raises(st.TransportError) as caught:
        sm.describe_training_job("job")
    assert isinstance(caught.value.__cause__, EndpointConnectionError)


def test_missing_credentials_are_a_credentials_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AWS_SECURITY_TOKEN", raising=False)
    sm = SageMakerClient(region_name="us-east-1", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(st.CredentialsError) as caught:
        sm.describe_training_job("job")
    assert isinstance(caught.value.__cause__, NoCredentialsError)
