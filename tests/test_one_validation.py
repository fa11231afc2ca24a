"""One validation per call: ours, or botocore's when ours is off; and members an older
botocore does not know are refused by name, before sending."""

from __future__ import annotations

import copy
from typing import Any

import attrs
import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ParamValidationError
from botocore.model import ServiceModel
from botocore.validate import ParamValidator

import sagemaker_typed as st
from sagemaker_typed import (
    SageMakerClient,
    _base_client,
    _installed_model,
    _validate,
    models,
    to_boto,
)
from tests.hardening import http_response
from tests.requests import training_job_request

SESSION = boto3.Session(region_name="us-east-1")


@attrs.define
class Counts:
    ours: int = 0
    botocore: int = 0
    sent: int = 0


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counts:
    """How often each validator ran (every boto3 client of the test)."""
    counted = Counts()
    ours, theirs = _validate.validate, ParamValidator.validate

    def our_check(request: Any) -> None:
        counted.ours += 1
        ours(request)

    def botocore_check(self: ParamValidator, params: Any, shape: Any) -> Any:
        counted.botocore += 1
        return theirs(self, params, shape)

    monkeypatch.setattr(_base_client, "check_request", our_check)  # as _base_client calls it
    monkeypatch.setattr(ParamValidator, "validate", botocore_check)
    return counted


def answering(sm: SageMakerClient, counts: Counts) -> SageMakerClient:
    """``sm`` with every request counted and answered at once, never sent."""

    def answer(**_: Any) -> Any:  # an AWSResponse: botocore sends nothing
        counts.sent += 1
        return http_response(200, ANSWER)

    sm.boto_client.meta.events.register("before-send.sagemaker", answer)
    return sm


# What a create and a listing's last page answer (a 200 lacking every required member is
# a ResponseParseError, not an empty success).
ANSWER = (
    b'{"TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/j",'
    b' "TrainingJobSummaries": []}'
)


def test_the_clients_the_sdk_builds_leave_validation_to_it(counts: Counts) -> None:
    config = Config(parameter_validation=True, read_timeout=7)  # the rest of it is kept
    sm = answering(SageMakerClient(session=SESSION, config=config), counts)
    resolved: Any = sm.boto_client.meta.config
    assert resolved.read_timeout == 7
    sm.create_training_job(training_job_request("ours"))
    assert (counts.ours, counts.botocore, counts.sent) == (1, 0, 1)


@pytest.mark.parametrize(
    ("client_validate", "call_validate", "expected"),
    [
        (True, None, (1, 0)),  # ours only: botocore's is off
        (True, False, (0, 1)),  # botocore's, run by the SDK
        (False, None, (0, 1)),
        (False, True, (1, 0)),
    ],
)
def test_each_call_is_validated_once(
    counts: Counts, client_validate: bool, call_validate: bool | None, expected: tuple[int, int]
) -> None:
    sm = answering(SageMakerClient(session=SESSION, validate=client_validate), counts)
    sm.create_training_job(training_job_request("one-check"), validate=call_validate)
    assert (counts.ours, counts.botocore, counts.sent) == (*expected, 1)


def test_a_listing_is_validated_once_for_all_its_pages(counts: Counts) -> None:
    sm = answering(SageMakerClient(session=SESSION), counts)
    list(sm.list_training_jobs(max_results=5))
    list(sm.list_training_jobs(max_results=5, validate=False))
    assert (counts.ours, counts.botocore, counts.sent) == (1, 1, 2)


def test_with_validation_off_botocore_s_check_still_stops_a_bad_request(counts: Counts) -> None:
    sm = answering(SageMakerClient(session=SESSION, validate=False), counts)
    wrong: Any = 42  # smuggled past mypy
    broken = attrs.evolve(training_job_request("broken"), role_arn=wrong)
    with pytest.raises(st.RequestValidationError, match="botocore") as caught:
        sm.create_training_job(broken)
    assert isinstance(caught.value.__cause__, ParamValidationError)
    assert "42" not in str(caught.value)  # botocore's report, which quotes values, is the cause
    assert counts.sent == 0


def test_a_boto_client_the_user_passes_is_left_as_it_is(counts: Counts) -> None:
    boto_client = SESSION.client("sagemaker")
    sm = answering(SageMakerClient(boto_client), counts)
    config: Any = boto_client.meta.config
    assert config.parameter_validation is True
    sm.create_training_job(training_job_request("theirs"))  # ours, then botocore's own
    assert (counts.ours, counts.botocore) == (1, 1)
    sm.create_training_job(training_job_request("theirs"), validate=False)  # botocore's only
    assert (counts.ours, counts.botocore) == (1, 2)


# -- a botocore older than the models ---------------------------------------------------


@pytest.fixture(scope="module")
def older_model() -> ServiceModel:
    """The installed SageMaker model without members added in later botocore releases."""
    loader = botocore.session.get_session().get_component("data_loader")
    data = copy.deepcopy(loader.load_service_model("sagemaker", "service-2"))
    shapes = data["shapes"]
    del shapes["ListTrainingJobsRequest"]["members"]["WarmPoolStatusEquals"]
    del shapes["ResourceConfig"]["members"]["KeepAlivePeriodInSeconds"]
    del shapes["Channel"]["members"]["ShuffleConfig"]
    return ServiceModel(data, service_name="sagemaker")


def problems(model: ServiceModel, operation: str, request: models.Model) -> list[str]:
    """The paths ``check_known`` refuses in ``request``, against ``model``."""
    try:
        _installed_model.check_known(model.operation_model(operation), to_boto(request))
    except st.RequestValidationError as error:
        return [f"{path}: {message}" for path, message in error.errors]
    return []


def test_members_an_older_botocore_lacks_are_named(older_model: ServiceModel) -> None:
    listing = models.ListTrainingJobsRequest(warm_pool_status_equals="Available")
    (problem,) = problems(older_model, "ListTrainingJobs", listing)
    assert problem.startswith("warm_pool_status_equals: unknown to the installed botocore")
    assert problem.endswith("upgrade botocore to send it")
    request = training_job_request("old")
    assert problems(older_model, "CreateTrainingJob", request) == []
    assert request.resource_config is not None
    assert request.input_data_config is not None
    newer = attrs.evolve(
        request,
        resource_config=attrs.evolve(request.resource_config, keep_alive_period_in_seconds=60),
        input_data_config=[
            attrs.evolve(request.input_data_config[0], shuffle_config=models.ShuffleConfig(seed=1))
        ],
    )
    paths = [problem.split(":")[0] for problem in problems(older_model, "CreateTrainingJob", newer)]
    assert paths == [
        "input_data_config[0].shuffle_config",
        "resource_config.keep_alive_period_in_seconds",
    ]


def test_with_an_older_botocore_nothing_unknown_is_sent(
    monkeypatch: pytest.MonkeyPatch, older_model: ServiceModel, counts: Counts
) -> None:
    sm = answering(SageMakerClient(session=SESSION), counts)
    # The models come from a newer botocore than the one installed.
    monkeypatch.setattr(_base_client, "_older_botocore", lambda: True)
    monkeypatch.setattr(sm.boto_client.meta, "_service_model", older_model)
    for validate in (True, False):
        with pytest.raises(st.RequestValidationError, match="warm_pool_status_equals"):
            list(sm.list_training_jobs(warm_pool_status_equals="Available", validate=validate))
    assert counts.sent == 0
    assert list(sm.list_training_jobs(status_equals="Completed")) == []  # known members go
    assert counts.sent == 1
