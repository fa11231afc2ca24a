"""What the second, outside attack broke, one test (or a few) per break.

The attack's numbered findings, each reproduced here and fixed: errors that did not
pickle (1), a client used across ``fork`` answering with other jobs' data (2), errors
that escaped untyped (4) and the smaller breaks (6). Lost answers of mutations (3) are
in ``test_hardening_faults``; secrets (5) in ``test_hardening_security``.
"""

from __future__ import annotations

import copy
import datetime
import io
import json
import logging
import math
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import boto3
import botocore.session
import pytest
from botocore.credentials import RefreshableCredentials
from botocore.exceptions import UnauthorizedSSOTokenError
from botocore.stub import Stubber

import sagemaker_typed
from sagemaker_typed import (
    ConfigurationError,
    CredentialsError,
    PollPolicy,
    RequestValidationError,
    ResourceNotFoundError,
    ResponseParseError,
    SageMakerClient,
    SageMakerTypedError,
    _errors,
    from_boto,
    models,
    validate,
)
from sagemaker_typed.testing import FakeClock, hold_in_progress, local_sagemaker
from tests.hardening import http_response
from tests.moto_server import fake_session, running_moto_server
from tests.requests import training_job_request

# -- 1. errors pickle and copy ------------------------------------------------------------

DESCRIPTION = models.DescribeTrainingJobResponse(
    training_job_name="job",
    training_job_arn="arn:aws:sagemaker:us-east-1:123456789012:training-job/job",
    training_job_status="Failed",
    secondary_status="Failed",
    failure_reason="out of memory",
    algorithm_specification=models.AlgorithmSpecification(training_input_mode="File"),
    role_arn="arn:aws:iam::123456789012:role/r",
    resource_config=models.ResourceConfig(instance_count=1, volume_size_in_gb=1),
    stopping_condition=models.StoppingCondition(max_runtime_in_seconds=60),
    creation_time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    model_artifacts=models.ModelArtifacts(s3_model_artifacts="s3://b/m"),
)


def every_error() -> list[SageMakerTypedError]:
    """One instance of every error class, each attribute set."""
    errors: list[SageMakerTypedError] = []
    service = {
        "code": "ResourceNotFound",
        "message": "Could not find job",
        "operation": "DescribeTrainingJob",
        "request_id": "req-1",
        "http_status": 400,
    }
    for name in _errors.__all__:
        cls = getattr(_errors, name)
        if issubclass(cls, _errors.ServiceError):
            error: SageMakerTypedError = cls(**service)
        elif cls is _errors.RequestValidationError:
            error = cls([("a.b", "is required")], subject="CreateTrainingJobRequest")
        elif cls is _errors.ResponseParseError:
            error = cls([("c", "expected int, got str")], operation="DescribeTrainingJob")
        elif cls is _errors.WaiterTimeoutError:
            error = cls("too long", last_response=DESCRIPTION)
        elif cls is _errors.UnexpectedStateError:
            error = cls("gone", response=DESCRIPTION, status="Deleting", target="Completed")
        elif cls is _errors.MissingExtraError:
            error = cls("plot", "TuningJobResults.plot()")
        elif issubclass(cls, _errors._FailedError):
            error = cls("failed", response=DESCRIPTION, failure_reason="out of memory")
        else:
            error = cls("message")
        error.may_have_been_applied = True
        error.add_note("a note")
        errors.append(error)
    return errors


def same_error(one: BaseException, other: BaseException) -> bool:
    return (
        type(one) is type(other)
        and one.args == other.args
        and str(one) == str(other)
        and vars(one) == vars(other)
    )


@pytest.mark.parametrize(
    "round_trip",
    [lambda e: pickle.loads(pickle.dumps(e)), copy.copy, copy.deepcopy],
    ids=["pickle", "copy", "deepcopy"],
)
def test_every_error_pickles_and_copies_with_its_attributes(
    round_trip: Callable[[Any], Any],
) -> None:
    errors = every_error()
    assert len(errors) == len(_errors.__all__) == 19
    for error in errors:
        again = round_trip(error)
        assert same_error(error, again), type(error).__name__
        assert again.may_have_been_applied
        assert again.__notes__ == ["a note"]
    waited = round_trip(_errors.WaiterTimeoutError("t", last_response=DESCRIPTION))
    assert waited.last_response == DESCRIPTION


def raise_not_found(name: str) -> None:
    """A worker's task: the error a describe of a missing job raises."""
    raise ResourceNotFoundError(
        code="ValidationException",
        message=f"Requested resource not found: {name}",
        operation="DescribeTrainingJob",
        request_id="req-2",
        http_status=400,
    )


def double(value: int) -> int:
    return 2 * value


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_an_error_raised_in_a_worker_process_reaches_the_parent(method: str) -> None:
    context = multiprocessing.get_context(method)
    with context.Pool(1) as pool:
        with pytest.raises(ResourceNotFoundError) as caught:
            pool.apply_async(raise_not_found, ("job-1",)).get(timeout=60)  # hung before
        assert (caught.value.operation, caught.value.http_status) == ("DescribeTrainingJob", 400)
    with ProcessPoolExecutor(1, mp_context=context) as executor:
        with pytest.raises(ResourceNotFoundError):
            executor.submit(raise_not_found, "job-2").result(timeout=60)
        assert executor.submit(double, 21).result(timeout=60) == 42  # the pool still works


# -- 2. a client used before fork ---------------------------------------------------------

WORKERS = 8
ROUNDS = 40
_inherited: SageMakerClient | None = None  # the parent's client, as forked children see it


def describe_and_wait_own_job(index: int) -> list[str]:
    """A forked worker's task: describe and wait on job ``index`` ROUNDS times through
    the client the parent used; what went wrong, if anything."""
    assert _inherited is not None
    problems = []
    name = f"fork-job-{index}"
    for _ in range(ROUNDS):
        try:
            described = _inherited.describe_training_job(name).training_job_name
            waited = _inherited.wait_for_training_job(name).training_job_name
        except SageMakerTypedError as error:
            problems.append(type(error).__name__)
            continue
        problems += [f"asked {name} got {got}" for got in (described, waited) if got != name]
    return problems


def test_a_client_used_before_fork_answers_each_process_with_its_own_jobs() -> None:
    global _inherited
    with running_moto_server() as url:
        sm = SageMakerClient(session=fake_session(), endpoint_url=url)
        for index in range(WORKERS):
            sm.create_training_job(training_job_request(f"fork-job-{index}"))
        sm.describe_training_job("fork-job-0")  # a pooled keep-alive connection now
        _inherited = sm
        try:
            with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
                results = pool.map(describe_and_wait_own_job, range(WORKERS), chunksize=1)
        finally:
            _inherited = None
        assert sm.describe_training_job("fork-job-1").training_job_name == "fork-job-1"
    assert results == [[]] * WORKERS


def test_a_describe_answering_for_another_resource_is_a_parse_error() -> None:
    sm = SageMakerClient(region_name="us-east-1")
    with Stubber(sm.boto_client) as stub:
        stub.add_response(
            "describe_training_job",
            sagemaker_typed.to_boto(attrs.evolve(DESCRIPTION, training_job_name="job-3")),
            {"TrainingJobName": "job-2"},
        )
        with pytest.raises(ResponseParseError) as caught:
            sm.describe_training_job("job-2")
        assert caught.value.path == "training_job_name"
        # A waiter too: another job's Completed is not this job's.
        other = attrs.evolve(
            DESCRIPTION, training_job_name="job-3", training_job_status="Completed"
        )
        stub.add_response(
            "describe_training_job", sagemaker_typed.to_boto(other), {"TrainingJobName": "job-2"}
        )
        with pytest.raises(ResponseParseError):
            sm.wait_for_training_job("job-2")
        # Names are compared as the service compares them, without case.
        stub.add_response(
            "describe_training_job",
            sagemaker_typed.to_boto(DESCRIPTION),
            {"TrainingJobName": "JOB"},
        )
        assert sm.describe_training_job("JOB").training_job_name == "job"


# -- 4. errors that escaped untyped -------------------------------------------------------


def test_constructor_configuration_errors_say_what_to_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ConfigurationError, match="endpoint_url is not a URL") as caught:
        SageMakerClient(region_name="us-east-1", endpoint_url="localhost:5000")
    assert "http://127.0.0.1:5000" in str(caught.value)
    with pytest.raises(ConfigurationError, match="A region is written like us-east-1"):
        SageMakerClient(region_name="us east 1")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(ConfigurationError, match="no AWS region is set") as caught:
        SageMakerClient()
    assert "AWS_DEFAULT_REGION" in str(caught.value)
    assert "testing.LocalSageMaker" in str(caught.value)  # where to start without an account
    assert type(caught.value.__cause__).__name__ == "NoRegionError"
    config = tmp_path / "config"
    config.write_text("[profile dev]\nregion = eu-west-1\n[default]\nregion = us-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_PROFILE", "prod")
    with pytest.raises(ConfigurationError, match="profile 'prod'") as caught:
        SageMakerClient()
    assert "profiles found: default, dev" in str(caught.value)
    assert f"neither {config} nor " in str(caught.value)  # the files it read, not ~/.aws
    assert "aws configure --profile prod" in str(caught.value)


def test_no_credentials_say_how_to_get_some(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(variable)
    monkeypatch.delenv("AWS_SECURITY_TOKEN")
    sm = SageMakerClient(region_name="us-east-1", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(CredentialsError, match="aws configure") as caught:
        sm.describe_training_job("job")
    assert 'pip install "sagemaker-typed[local]"' in str(caught.value)


def test_a_missing_web_identity_token_file_is_a_credentials_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(variable)
    monkeypatch.delenv("AWS_SECURITY_TOKEN")
    monkeypatch.setenv("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/ci")
    monkeypatch.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", str(tmp_path / "missing-token"))
    sm = SageMakerClient(region_name="us-east-1", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(CredentialsError, match="AWS_WEB_IDENTITY_TOKEN_FILE") as caught:
        sm.describe_training_job("job")
    assert isinstance(caught.value.__cause__, FileNotFoundError)


def test_an_sso_session_expiring_mid_wait_is_a_credentials_error() -> None:
    def refresh() -> dict[str, str]:
        raise UnauthorizedSSOTokenError()

    expiry = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    credentials = RefreshableCredentials.create_from_metadata(
        {"access_key": "a", "secret_key": "s", "token": "t", "expiry_time": expiry.isoformat()},
        refresh_using=refresh,
        method="sso",
    )
    core = botocore.session.Session()
    core._credentials = credentials  # type: ignore[attr-defined]  # what an SSO profile's provider chain would give
    session = boto3.Session(botocore_session=core, region_name="us-east-1")

    def expire(_: Any) -> None:  # the SSO session ends while the job runs
        credentials._expiry_time = datetime.datetime.now(datetime.UTC)  # type: ignore[attr-defined]

    with running_moto_server() as url:
        sm = SageMakerClient(session=session, endpoint_url=url, clock=FakeClock())
        hold_in_progress(sm.create_training_job(training_job_request("sso-job")).training_job_arn)
        with pytest.raises(CredentialsError, match="aws sso login") as caught:
            sm.wait_for_training_job("sso-job", on_change=expire)
    assert isinstance(caught.value.__cause__, UnauthorizedSSOTokenError)


def test_a_float_out_of_range_is_a_parse_error_not_an_overflow() -> None:
    wire = sagemaker_typed.to_boto(DESCRIPTION)
    wire["FinalMetricDataList"] = [{"MetricName": "loss", "Value": 10**400}]
    with pytest.raises(ResponseParseError) as caught:
        from_boto(wire, models.DescribeTrainingJobResponse)
    assert caught.value.path == "final_metric_data_list[0].value"


class _ClosedPipe(io.TextIOBase):
    """stderr once its reader has gone (``python run.py 2>&1 | head``)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_progress_output_can_never_end_a_wait(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sys, "stderr", _ClosedPipe())
    seen: list[str] = []
    with local_sagemaker(clock=FakeClock()) as sm:
        arn = sm.create_training_job(training_job_request("piped")).training_job_arn
        hold_in_progress(arn)

        def finish(response: models.DescribeTrainingJobResponse) -> None:
            seen.append(response.training_job_status)
            if len(seen) == 1:  # seen running: it may end now
                sagemaker_typed.testing.complete_job(arn)

        with caplog.at_level(logging.WARNING, logger="sagemaker_typed"):
            job = sm.wait_for_training_job(
                "piped", progress=True, on_change=finish, poll=PollPolicy(initial_delay=1)
            )
    assert (job.training_job_status, seen) == ("Completed", ["InProgress", "Completed"])
    assert [r.getMessage() for r in caplog.records].count(
        "progress output failed ([Errno 32] Broken pipe); no more progress lines"
    ) == 1


# -- 6. smaller breaks --------------------------------------------------------------------


def test_a_repeated_page_token_ends_the_listing_with_a_typed_error() -> None:
    sm = SageMakerClient(region_name="us-east-1")
    page = {"TrainingJobSummaries": [], "NextToken": "same"}
    with Stubber(sm.boto_client) as stub:
        stub.add_response(
            "list_training_jobs_for_hyper_parameter_tuning_job",
            page,
            {"HyperParameterTuningJobName": "t"},
        )
        stub.add_response(
            "list_training_jobs_for_hyper_parameter_tuning_job",
            page,
            {"HyperParameterTuningJobName": "t", "NextToken": "same"},
        )
        with pytest.raises(ResponseParseError) as caught:
            list(sm.list_training_jobs_for_hyper_parameter_tuning_job("t"))
    assert caught.value.path == "next_token"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, -1.0, 7.0])
def test_a_poll_policy_survives_any_random_source(bad: float) -> None:
    policy = PollPolicy(initial_delay=1, max_delay=4, jitter=0.5, random=lambda: bad)
    delays = [delay for delay, _ in zip(policy.delays(), range(5), strict=False)]
    assert all(0 < delay <= 4 for delay in delays), delays
    with local_sagemaker(clock=FakeClock()) as sm:  # a wait ends (it looped forever)
        arn = sm.create_training_job(training_job_request("nan")).training_job_arn
        hold_in_progress(arn)
        polls: list[str] = []

        def finish(response: models.DescribeTrainingJobResponse) -> None:
            polls.append(response.training_job_status)
            if len(polls) == 1:
                sagemaker_typed.testing.complete_job(arn)

        assert sm.wait_for_training_job("nan", poll=policy, on_change=finish).training_job_status
        assert all(math.isfinite(s) for s in sm.clock.sleeps)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "knobs",
    [
        {"initial_delay": math.nan},
        {"initial_delay": math.inf},
        {"initial_delay": -1},
        {"max_delay": math.nan},
        {"multiplier": math.inf},
        {"jitter": math.nan},
        {"jitter": -0.1},
    ],
)
def test_a_poll_policy_rejects_nan_inf_and_negative_values(knobs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="invalid PollPolicy"):
        PollPolicy(**knobs)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_non_finite_floats_fail_validation(value: float) -> None:
    criteria = models.TuningJobCompletionCriteria(target_objective_metric_value=value)
    with pytest.raises(RequestValidationError) as caught:
        validate(criteria)
    assert caught.value.errors == [("target_objective_metric_value", "must be a finite number")]


def scripted(body: bytes) -> SageMakerClient:
    """A client whose every call is answered 200 with ``body`` (nothing is sent)."""
    client = fake_session().client("sagemaker")

    def answer(**_: Any) -> Any:  # an AWSResponse: botocore sends nothing
        return http_response(200, body)

    client.meta.events.register("before-send.sagemaker", answer)
    return SageMakerClient(client)


@pytest.mark.parametrize("body", [b"", b"{}", b"null"])
def test_an_empty_200_answer_is_a_parse_error_not_a_zero_filled_success(body: bytes) -> None:
    sm = scripted(body)
    with pytest.raises(ResponseParseError) as caught:
        sm.describe_training_job("job")
    assert caught.value.operation == "DescribeTrainingJob"
    with pytest.raises(ResponseParseError) as caught:
        sm.create_training_job(training_job_request("job"))
    assert caught.value.may_have_been_applied  # a create answered 200 may well have acted


def test_echoed_keys_are_capped() -> None:
    wire = {**sagemaker_typed.to_boto(training_job_request("job")), "K" * 1_000_000: 1}
    wire["HyperParameters"] = {"H" * 1_000_000: 5}
    with pytest.raises(RequestValidationError) as caught:
        from_boto(wire, models.CreateTrainingJobRequest)
    assert len(str(caught.value)) < 1_000
    assert f"{'K' * 100}...(1000000 characters)" in str(caught.value)


def test_a_client_is_a_context_manager_that_closes_only_what_it_built() -> None:
    closed: list[str] = []
    with SageMakerClient(region_name="us-east-1") as sm:
        sm.boto_client.close = lambda: closed.append("built")  # type: ignore[method-assign]
    assert closed == ["built"]
    theirs = fake_session().client("sagemaker")
    theirs.close = lambda: closed.append("theirs")  # type: ignore[method-assign]
    with SageMakerClient(theirs):
        pass
    assert closed == ["built"]


def test_32_threads_share_one_client_without_pool_warnings(
    caplog: pytest.LogCaptureFixture,
) -> None:
    threads = 32
    with running_moto_server() as url:
        sm = SageMakerClient(session=fake_session(), endpoint_url=url)
        sm.create_training_job(training_job_request("shared"))
        start = threading.Barrier(threads)
        failures: list[BaseException] = []

        def describe() -> None:
            start.wait()
            try:
                for _ in range(3):
                    sm.describe_training_job("shared")
            except BaseException as error:
                failures.append(error)

        with caplog.at_level(logging.WARNING, logger="urllib3"):
            workers = [threading.Thread(target=describe) for _ in range(threads)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
    assert failures == []
    assert [r.getMessage() for r in caplog.records if "pool is full" in r.getMessage()] == []


def test_local_sagemaker_leaves_the_environment_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "")  # set, but empty: moto deleted it
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    before = dict(os.environ)
    with local_sagemaker() as sm:
        sm.create_training_job(training_job_request("env"))
        assert dict(os.environ) == before
    assert dict(os.environ) == before


def test_json_body_helper_is_what_botocore_reads() -> None:
    """The scripted answers above are read by botocore as the service's would be."""
    answer = json.dumps(sagemaker_typed.to_boto(DESCRIPTION), default=str).encode()
    assert scripted(answer).describe_training_job("job").training_job_name == "job"
