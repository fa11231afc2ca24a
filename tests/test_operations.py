"""Every typed operation against the local backend: moto in-process and moto's server."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

import sagemaker_typed as st
from sagemaker_typed import SageMakerClient, models
from sagemaker_typed.testing import (
    Durations,
    FakeClock,
    attach_training_jobs,
    complete_job,
    hold_in_progress,
    local_sagemaker,
)
from tests.requests import ROLE, notebook_request, training_job_request, tuning_job_request

ARN = re.compile(r"arn:aws:sagemaker:us-east-1:\d{12}:[a-z-]+/.+")


@pytest.fixture(params=["in-process", "server"])
def sm(request: pytest.FixtureRequest) -> Iterator[SageMakerClient]:
    """The local backend in-process or over HTTP, on a fake clock.

    Moves take no time (the next request sees a job ended, as moto answers) except
    stops and updates, whose transient states the tests watch: these tests are about
    the operations; tests/test_local_backend.py is about time.
    """
    durations = dataclasses.replace(Durations.instant(), stopping=60.0, notebook_updating=60.0)
    with local_sagemaker(
        clock=FakeClock(), durations=durations, server=request.param == "server"
    ) as client:
        yield client


def _aware(value: datetime.datetime | None) -> bool:
    return value is not None and value.tzinfo is not None


def _unique(sm: SageMakerClient, name: str) -> str:
    """A name of this test's own."""
    return f"{name}-{id(sm) % 100000}"


# -- the seven operations -------------------------------------------------------------


def test_training_job(sm: SageMakerClient) -> None:
    name = _unique(sm, "train")
    created = sm.create_training_job(training_job_request(name))
    assert ARN.fullmatch(created.training_job_arn)
    job = sm.describe_training_job(name)
    assert isinstance(job, models.DescribeTrainingJobResponse)
    assert job.training_job_arn == created.training_job_arn
    assert job.training_job_status == "Completed"
    assert _aware(job.creation_time)
    assert job.resource_config == models.ResourceConfig(
        instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=30
    )
    assert job.role_arn == ROLE
    assert job.hyper_parameters == {"eta": "0.2", "max_depth": "5"}
    metadata = job.response_metadata
    assert metadata is not None
    assert metadata.request_id
    assert metadata.http_status_code == 200


def test_hyper_parameter_tuning_job_echoes_warm_start_and_early_stopping(
    sm: SageMakerClient,
) -> None:
    parent, child = _unique(sm, "parent"), _unique(sm, "child")
    sm.create_hyper_parameter_tuning_job(tuning_job_request(parent))
    request = tuning_job_request(child, warm_start_from=parent)
    created = sm.create_hyper_parameter_tuning_job(request)
    assert ARN.fullmatch(created.hyper_parameter_tuning_job_arn)
    tuning = sm.describe_hyper_parameter_tuning_job(child)
    assert tuning.hyper_parameter_tuning_job_arn == created.hyper_parameter_tuning_job_arn
    assert tuning.warm_start_config == request.warm_start_config
    assert tuning.training_job_definition == request.training_job_definition
    assert tuning.hyper_parameter_tuning_job_config.training_job_early_stopping_type == "Auto"
    assert tuning.hyper_parameter_tuning_job_config.strategy == "Bayesian"
    assert _aware(tuning.creation_time)


def test_notebook_instance_create_describe_update(sm: SageMakerClient) -> None:
    name = _unique(sm, "nb")
    created = sm.create_notebook_instance(notebook_request(name))
    assert ARN.fullmatch(created.notebook_instance_arn or "")
    notebook = sm.describe_notebook_instance(name)
    assert notebook.notebook_instance_arn == created.notebook_instance_arn
    assert notebook.notebook_instance_status == "InService"
    assert notebook.instance_type == "ml.t3.medium"
    assert _aware(notebook.creation_time)

    sm.stop_notebook_instance(name)
    update = models.UpdateNotebookInstanceRequest(
        notebook_instance_name=name, instance_type="ml.m5.xlarge", volume_size_in_gb=20
    )
    assert sm.update_notebook_instance(update) == models.UpdateNotebookInstanceResponse()
    assert sm.describe_notebook_instance(name).notebook_instance_status == "Updating"
    updated = sm.wait_for_notebook_instance(name, target="Stopped")
    assert updated.notebook_instance_status == "Stopped"
    assert (updated.instance_type, updated.volume_size_in_gb) == ("ml.m5.xlarge", 20)


def test_updating_a_running_notebook_is_a_service_validation_error(sm: SageMakerClient) -> None:
    name = _unique(sm, "nb-running")
    sm.create_notebook_instance(notebook_request(name))
    with pytest.raises(st.ServiceValidationError) as caught:
        sm.update_notebook_instance(
            models.UpdateNotebookInstanceRequest(notebook_instance_name=name, volume_size_in_gb=9)
        )
    assert caught.value.operation == "UpdateNotebookInstance"
    assert isinstance(caught.value.__cause__, ClientError)


@pytest.mark.parametrize(
    "describe",
    [
        SageMakerClient.describe_training_job,
        SageMakerClient.describe_hyper_parameter_tuning_job,
        SageMakerClient.describe_notebook_instance,
    ],
)
def test_describing_a_missing_resource_raises_not_found(sm: SageMakerClient, describe: Any) -> None:
    with pytest.raises(st.ResourceNotFoundError) as caught:
        describe(sm, "does-not-exist")
    assert caught.value.request_id
    assert caught.value.http_status == 400


# -- the rest of the lifecycle ----------------------------------------------------------


def test_notebook_stop_start_delete(sm: SageMakerClient) -> None:
    name = _unique(sm, "nb-life")
    sm.create_notebook_instance(notebook_request(name))
    with pytest.raises(st.ServiceValidationError, match="Deleting"):
        sm.delete_notebook_instance(name)  # InService: must be stopped first
    sm.stop_notebook_instance(name)
    assert sm.describe_notebook_instance(name).notebook_instance_status == "Stopped"
    sm.start_notebook_instance(name)
    assert sm.describe_notebook_instance(name).notebook_instance_status == "InService"
    sm.stop_notebook_instance(name)
    sm.delete_notebook_instance(name)
    sm.wait_for_notebook_instance_deleted(name)
    with pytest.raises(st.ResourceNotFoundError):
        sm.describe_notebook_instance(name)


def test_stop_training_job(sm: SageMakerClient) -> None:
    running, finished = _unique(sm, "running"), _unique(sm, "finished")
    arn = sm.create_training_job(training_job_request(running)).training_job_arn
    finished_arn = sm.create_training_job(training_job_request(finished)).training_job_arn
    hold_in_progress(arn)
    hold_in_progress(finished_arn)
    complete_job(finished_arn)
    assert sm.describe_training_job(finished).training_job_status == "Completed"
    sm.stop_training_job(running)
    assert sm.describe_training_job(running).training_job_status == "Stopping"
    stopped = sm.wait_for_training_job(running)  # Stopping -> Stopped ends the wait
    assert (stopped.training_job_status, stopped.secondary_status) == ("Stopped", "Stopped")
    with pytest.raises(st.ServiceValidationError, match="Completed"):
        sm.stop_training_job(finished)
    with pytest.raises(st.ResourceNotFoundError):
        sm.stop_training_job(_unique(sm, "never-created"))


def test_stop_hyper_parameter_tuning_job(sm: SageMakerClient) -> None:
    running, finished = _unique(sm, "tune-run"), _unique(sm, "tune-done")
    arn = sm.create_hyper_parameter_tuning_job(
        tuning_job_request(running)
    ).hyper_parameter_tuning_job_arn
    sm.create_hyper_parameter_tuning_job(tuning_job_request(finished))
    hold_in_progress(arn)
    sm.stop_hyper_parameter_tuning_job(running)
    seen: list[str] = []
    stopped = sm.wait_for_hyper_parameter_tuning_job(
        running, on_change=lambda r: seen.append(r.hyper_parameter_tuning_job_status)
    )
    assert stopped.hyper_parameter_tuning_job_status == "Stopped"
    assert seen == ["Stopping", "Stopped"]
    with pytest.raises(st.ServiceValidationError):
        sm.stop_hyper_parameter_tuning_job(finished)


def test_listing_a_tuning_jobs_training_jobs_follows_pages(sm: SageMakerClient) -> None:
    name = _unique(sm, "tune-list")
    arn = sm.create_hyper_parameter_tuning_job(
        tuning_job_request(name)
    ).hyper_parameter_tuning_job_arn
    arns = attach_training_jobs(arn, [0.5, 0.9, 0.7, 0.6, 0.8])
    sent: list[str] = []
    sm.boto_client.meta.events.register(
        "before-send.sagemaker.ListTrainingJobsForHyperParameterTuningJob",
        lambda request, **_: sent.append(request.url),
    )
    jobs = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        name, max_results=2, sort_by="CreationTime", sort_order="Ascending"
    )
    assert sent == []  # lazy: nothing is fetched before iteration
    summaries = list(jobs)
    assert [s.training_job_arn for s in summaries] == arns
    assert all(isinstance(s, models.HyperParameterTrainingJobSummary) for s in summaries)
    assert len(sent) == 3  # three pages, one request each
    best_first = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        name, sort_by="FinalObjectiveMetricValue", sort_order="Descending"
    )
    values = []
    for summary in best_first:
        assert summary.final_hyper_parameter_tuning_job_objective_metric is not None
        values.append(summary.final_hyper_parameter_tuning_job_objective_metric.value)
    assert values == [0.9, 0.8, 0.7, 0.6, 0.5]
