"""Every typed operation against the local backend: moto in-process and moto's server."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import re
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from botocore.exceptions import ClientError

import sagemaker_typed as st
from sagemaker_typed import SageMakerClient, models
from sagemaker_typed.testing import (
    Durations,
    FakeClock,
    LocalSageMaker,
    attach_training_jobs,
    complete_job,
    hold_in_progress,
)
from tests.requests import ROLE, notebook_request, training_job_request, tuning_job_request

ARN = re.compile(r"arn:aws:sagemaker:us-east-1:\d{12}:[a-z-]+/.+")


@pytest.fixture(params=["in-process", "server"])
def backend(request: pytest.FixtureRequest) -> Iterator[LocalSageMaker]:
    """The local backend in-process or over HTTP, on a fake clock.

    Moves take no time (the next request sees a job ended, as moto answers) except
    stops and updates, whose transient states the tests watch: these tests are about
    the operations; tests/test_local_backend.py is about time.
    """
    durations = dataclasses.replace(Durations.instant(), stopping=60.0, notebook_updating=60.0)
    local = LocalSageMaker(clock=FakeClock(), durations=durations, server=request.param == "server")
    local.start()
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture
def sm(backend: LocalSageMaker) -> SageMakerClient:
    assert backend.client is not None
    return backend.client


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


# -- the listings ---------------------------------------------------------------------


def _requests_sent(sm: SageMakerClient, operation: str) -> list[str]:
    """A list that records each request of ``operation`` ``sm`` sends from now on."""
    sent: list[str] = []
    sm.boto_client.meta.events.register(
        f"before-send.sagemaker.{operation}", lambda request, **_: sent.append(request.url)
    )
    return sent


def _later(sm: SageMakerClient) -> None:
    """Move the local backend's fake clock on a second: the next resource is newer."""
    assert isinstance(sm.clock, FakeClock)
    sm.clock.advance(1)


def _now_between_creates(backend: LocalSageMaker) -> datetime.datetime:
    """A time strictly after everything created so far and before anything created next.

    The local backend stamps resources with its clock's time (a fake one here), so the
    clock moves on by a second on each side of the moment returned.
    """
    assert isinstance(backend.clock, FakeClock)
    backend.clock.advance(1)
    now = backend.now()
    backend.clock.advance(1)
    return now


def test_listing_training_jobs_pages_lazily_filters_and_sorts(
    backend: LocalSageMaker, sm: SageMakerClient
) -> None:
    prefix = _unique(sm, "lst")
    names = [f"{prefix}-{letter}" for letter in "cabed"]  # created in this order
    arns = {}
    for index, name in enumerate(names):
        arns[name] = sm.create_training_job(training_job_request(name)).training_job_arn
        _later(sm)
        if index == 1:
            middle = _now_between_creates(backend)
    hold_in_progress(arns[names[3]])
    sent = _requests_sent(sm, "ListTrainingJobs")

    jobs = sm.list_training_jobs(name_contains=prefix, max_results=2)
    assert sent == []  # lazy: nothing is fetched before iteration
    summaries = list(jobs)
    assert len(sent) == 3  # 2 + 2 + 1: three pages, one request each
    assert all(isinstance(s, models.TrainingJobSummary) for s in summaries)
    assert [s.training_job_name for s in summaries] == names  # CreationTime, Ascending
    assert all(_aware(s.creation_time) for s in summaries)

    by_name = sm.list_training_jobs(
        name_contains=prefix, sort_by="Name", sort_order="Descending", max_results=2
    )
    assert [s.training_job_name for s in by_name] == sorted(names, reverse=True)
    after = sm.list_training_jobs(name_contains=prefix, creation_time_after=middle)
    assert [s.training_job_name for s in after] == names[2:]
    before = sm.list_training_jobs(name_contains=prefix, creation_time_before=middle)
    assert [s.training_job_name for s in before] == names[:2]
    running = list(sm.list_training_jobs(name_contains=prefix, status_equals="InProgress"))
    assert [(s.training_job_name, s.training_job_status) for s in running] == [
        (names[3], "InProgress")
    ]
    assert running[0].training_end_time is None
    completed = sm.list_training_jobs(
        name_contains=prefix, status_equals="Completed", max_results=1
    )
    assert len(list(completed)) == 4  # a filter applies before paging: 4 pages of 1


def test_listing_tuning_jobs_pages_lazily_filters_and_sorts(
    backend: LocalSageMaker, sm: SageMakerClient
) -> None:
    prefix = _unique(sm, "lsttune")
    names = [f"{prefix}-{letter}" for letter in "cabed"]
    arns = {}
    for index, name in enumerate(names):
        created = sm.create_hyper_parameter_tuning_job(tuning_job_request(name))
        arns[name] = created.hyper_parameter_tuning_job_arn
        _later(sm)
        if index == 1:
            middle = _now_between_creates(backend)
    hold_in_progress(arns[names[0]])
    sent = _requests_sent(sm, "ListHyperParameterTuningJobs")

    jobs = sm.list_hyper_parameter_tuning_jobs(name_contains=prefix, max_results=2)
    assert sent == []
    summaries = list(jobs)
    assert len(sent) == 3
    assert all(isinstance(s, models.HyperParameterTuningJobSummary) for s in summaries)
    assert [s.hyper_parameter_tuning_job_name for s in summaries] == names
    assert summaries[1].strategy == "Bayesian"
    assert summaries[1].resource_limits == models.ResourceLimits(
        max_number_of_training_jobs=4, max_parallel_training_jobs=2
    )

    by_name = sm.list_hyper_parameter_tuning_jobs(
        name_contains=prefix, sort_by="Name", sort_order="Descending", max_results=2
    )
    assert [s.hyper_parameter_tuning_job_name for s in by_name] == sorted(names, reverse=True)
    after = sm.list_hyper_parameter_tuning_jobs(name_contains=prefix, creation_time_after=middle)
    assert [s.hyper_parameter_tuning_job_name for s in after] == names[2:]
    running = sm.list_hyper_parameter_tuning_jobs(name_contains=prefix, status_equals="InProgress")
    assert [s.hyper_parameter_tuning_job_name for s in running] == [names[0]]


def test_listing_notebook_instances_pages_lazily_filters_and_sorts(
    backend: LocalSageMaker, sm: SageMakerClient
) -> None:
    prefix = _unique(sm, "lstnb")
    names = [f"{prefix}-{letter}" for letter in "cabed"]
    for index, name in enumerate(names):
        request = attrs.evolve(
            notebook_request(name),
            lifecycle_config_name="setup-conda" if index % 2 else None,
            default_code_repository="https://github.com/org/analysis" if index < 2 else None,
            additional_code_repositories=["https://github.com/org/shared"] if index == 4 else None,
        )
        sm.create_notebook_instance(request)
        _later(sm)
        if index == 1:
            middle = _now_between_creates(backend)
    sm.stop_notebook_instance(names[2])
    sent = _requests_sent(sm, "ListNotebookInstances")

    instances = sm.list_notebook_instances(name_contains=prefix, max_results=2)
    assert sent == []
    summaries = list(instances)
    assert len(sent) == 3
    assert all(isinstance(s, models.NotebookInstanceSummary) for s in summaries)
    assert [s.notebook_instance_name for s in summaries] == sorted(names)  # Name, Ascending
    assert {s.instance_type for s in summaries} == {"ml.t3.medium"}

    def listed(**filters: Any) -> list[str]:
        found = sm.list_notebook_instances(name_contains=prefix, max_results=2, **filters)
        return [s.notebook_instance_name for s in found]

    assert listed(sort_by="CreationTime", sort_order="Descending") == names[::-1]
    assert listed(sort_by="CreationTime", creation_time_after=middle) == names[2:]
    assert listed(sort_by="CreationTime", last_modified_time_before=middle) == names[:2]
    assert listed(status_equals="Stopped") == [names[2]]
    assert listed(
        sort_by="CreationTime", notebook_instance_lifecycle_config_name_contains="conda"
    ) == [
        names[1],
        names[3],
    ]
    assert listed(default_code_repository_contains="analysis") == sorted(names[:2])
    assert listed(additional_code_repository_equals="https://github.com/org/shared") == [names[4]]


# -- notebook instance lifecycle configs, presigned URLs ---------------------------------


def _hook(script: str) -> list[models.NotebookInstanceLifecycleHook]:
    return [
        models.NotebookInstanceLifecycleHook(content=base64.b64encode(script.encode()).decode())
    ]


def test_lifecycle_config_create_describe_update_delete(sm: SageMakerClient) -> None:
    name = _unique(sm, "lc")
    created = sm.create_notebook_instance_lifecycle_config(
        models.CreateNotebookInstanceLifecycleConfigRequest(
            notebook_instance_lifecycle_config_name=name, on_start=_hook("conda activate ml")
        )
    )
    assert ARN.fullmatch(created.notebook_instance_lifecycle_config_arn or "")
    described = sm.describe_notebook_instance_lifecycle_config(name)
    assert described.notebook_instance_lifecycle_config_arn == (
        created.notebook_instance_lifecycle_config_arn
    )
    assert described.on_start == _hook("conda activate ml")
    assert described.on_create is None
    assert _aware(described.creation_time)

    update = models.UpdateNotebookInstanceLifecycleConfigRequest(
        notebook_instance_lifecycle_config_name=name, on_create=_hook("pip install pandas")
    )
    updated_response = sm.update_notebook_instance_lifecycle_config(update)
    assert updated_response == models.UpdateNotebookInstanceLifecycleConfigResponse()
    updated = sm.describe_notebook_instance_lifecycle_config(name)
    assert (updated.on_create, updated.on_start) == (
        _hook("pip install pandas"),
        _hook("conda activate ml"),
    )
    assert updated.last_modified_time is not None
    assert described.last_modified_time is not None
    assert updated.last_modified_time >= described.last_modified_time

    with pytest.raises(st.ResourceInUseError, match="already exists"):
        sm.create_notebook_instance_lifecycle_config(
            models.CreateNotebookInstanceLifecycleConfigRequest(
                notebook_instance_lifecycle_config_name=name
            )
        )
    sm.delete_notebook_instance_lifecycle_config(name)
    with pytest.raises(st.ResourceNotFoundError) as caught:
        sm.describe_notebook_instance_lifecycle_config(name)
    assert caught.value.code == "ValidationException"  # "... does not exist", as the service
    assert "does not exist" in caught.value.message


@pytest.mark.parametrize(
    "call",
    [
        lambda sm, name: sm.describe_notebook_instance_lifecycle_config(name),
        lambda sm, name: sm.delete_notebook_instance_lifecycle_config(name),
        lambda sm, name: sm.update_notebook_instance_lifecycle_config(
            models.UpdateNotebookInstanceLifecycleConfigRequest(
                notebook_instance_lifecycle_config_name=name, on_start=_hook("true")
            )
        ),
        lambda sm, name: sm.create_presigned_notebook_instance_url(name),
        lambda sm, name: sm.update_training_job(
            models.UpdateTrainingJobRequest(
                training_job_name=name,
                resource_config=models.ResourceConfigForUpdate(keep_alive_period_in_seconds=60),
            )
        ),
    ],
    ids=["describe-lc", "delete-lc", "update-lc", "presigned-url", "update-training-job"],
)
def test_a_missing_resource_of_the_new_operations_is_not_found(
    sm: SageMakerClient, call: Any
) -> None:
    with pytest.raises(st.ResourceNotFoundError) as caught:
        call(sm, _unique(sm, "never-created"))
    assert caught.value.request_id
    assert caught.value.http_status == 400


def test_listing_lifecycle_configs_pages_lazily_filters_and_sorts(
    backend: LocalSageMaker, sm: SageMakerClient
) -> None:
    prefix = _unique(sm, "lstlc")
    names = [f"{prefix}-{letter}" for letter in "cabed"]
    for index, name in enumerate(names):
        sm.create_notebook_instance_lifecycle_config(
            models.CreateNotebookInstanceLifecycleConfigRequest(
                notebook_instance_lifecycle_config_name=name
            )
        )
        if index == 1:
            middle = _now_between_creates(backend)
    modified = _now_between_creates(backend)
    sm.update_notebook_instance_lifecycle_config(
        models.UpdateNotebookInstanceLifecycleConfigRequest(
            notebook_instance_lifecycle_config_name=names[0], on_start=_hook("true")
        )
    )
    sent = _requests_sent(sm, "ListNotebookInstanceLifecycleConfigs")

    configs = sm.list_notebook_instance_lifecycle_configs(name_contains=prefix, max_results=2)
    assert sent == []
    summaries = list(configs)
    assert len(sent) == 3
    assert all(isinstance(s, models.NotebookInstanceLifecycleConfigSummary) for s in summaries)
    assert [s.notebook_instance_lifecycle_config_name for s in summaries] == names

    def listed(**options: Any) -> list[str]:
        found = sm.list_notebook_instance_lifecycle_configs(
            name_contains=prefix, max_results=2, **options
        )
        return [s.notebook_instance_lifecycle_config_name for s in found]

    assert listed(sort_by="Name", sort_order="Descending") == sorted(names, reverse=True)
    assert listed(creation_time_after=middle) == names[2:]
    assert listed(creation_time_before=middle) == names[:2]
    assert listed(last_modified_time_after=modified) == [names[0]]
    assert listed(sort_by="LastModifiedTime", sort_order="Descending")[0] == names[0]


def test_presigned_notebook_url(sm: SageMakerClient) -> None:
    name = _unique(sm, "nb-url")
    sm.create_notebook_instance(notebook_request(name))
    url = sm.create_presigned_notebook_instance_url(
        name, session_expiration_duration_in_seconds=1800
    )
    assert re.fullmatch(
        rf"https://{name}\.notebook\.us-east-1\.sagemaker\.aws\?authToken=[\w-]+",
        url.authorized_url or "",
    )
    with pytest.raises(st.RequestValidationError, match="session_expiration_duration_in_seconds"):
        sm.create_presigned_notebook_instance_url(name, session_expiration_duration_in_seconds=60)


# -- UpdateTrainingJob -----------------------------------------------------------------


def test_update_training_job_profiler_and_warm_pool(sm: SageMakerClient) -> None:
    running, finished = _unique(sm, "upd-run"), _unique(sm, "upd-done")
    arn = sm.create_training_job(training_job_request(running)).training_job_arn
    hold_in_progress(arn)
    request = models.UpdateTrainingJobRequest(
        training_job_name=running,
        profiler_config=models.ProfilerConfigForUpdate(
            s3_output_path="s3://bucket/profiler", profiling_interval_in_milliseconds=500
        ),
        profiler_rule_configurations=[
            models.ProfilerRuleConfiguration(
                rule_configuration_name="LowGPU",
                rule_evaluator_image="123456789012.dkr.ecr.us-east-1.amazonaws.com/rules:1",
            )
        ],
        resource_config=models.ResourceConfigForUpdate(keep_alive_period_in_seconds=600),
    )
    assert sm.update_training_job(request).training_job_arn == arn
    job = sm.describe_training_job(running)
    assert job.profiler_config == models.ProfilerConfig(
        s3_output_path="s3://bucket/profiler", profiling_interval_in_milliseconds=500
    )
    assert job.profiler_rule_configurations == request.profiler_rule_configurations
    assert job.resource_config is not None
    assert job.resource_config.keep_alive_period_in_seconds == 600
    assert job.resource_config.instance_type == "ml.m5.xlarge"  # the rest is kept

    # Once it completes, its instances wait in a warm pool that can be kept or released.
    complete_job(arn)
    (summary,) = sm.list_training_jobs(name_contains=running, warm_pool_status_equals="Available")
    assert summary.warm_pool_status is not None
    assert summary.warm_pool_status.status == "Available"
    release = models.UpdateTrainingJobRequest(
        training_job_name=running,
        resource_config=models.ResourceConfigForUpdate(keep_alive_period_in_seconds=0),
    )
    sm.update_training_job(release)
    assert (
        list(sm.list_training_jobs(name_contains=running, warm_pool_status_equals="Available"))
        == []
    )

    # A finished job without a warm pool takes no update.
    sm.create_training_job(training_job_request(finished))
    with pytest.raises(st.ServiceValidationError, match="Completed"):
        sm.update_training_job(attrs.evolve(request, training_job_name=finished))


# -- tags ------------------------------------------------------------------------------


def test_tags_of_every_covered_kind(sm: SageMakerClient) -> None:
    job = sm.create_training_job(training_job_request(_unique(sm, "tag-job"))).training_job_arn
    tuning = sm.create_hyper_parameter_tuning_job(
        tuning_job_request(_unique(sm, "tag-tune"))
    ).hyper_parameter_tuning_job_arn
    notebook = sm.create_notebook_instance(notebook_request(_unique(sm, "tag-nb")))
    config = sm.create_notebook_instance_lifecycle_config(
        models.CreateNotebookInstanceLifecycleConfigRequest(
            notebook_instance_lifecycle_config_name=_unique(sm, "tag-lc")
        )
    )
    team, stage = models.Tag(key="team", value="ml"), models.Tag(key="stage", value="dev")
    for arn in (
        job,
        tuning,
        notebook.notebook_instance_arn or "",
        config.notebook_instance_lifecycle_config_arn or "",
    ):
        added = sm.add_tags(arn, [team, stage])
        assert isinstance(added, models.AddTagsResponse)
        sm.add_tags(arn, [models.Tag(key="stage", value="prod")])  # a key's new value wins
        tags = sm.list_tags(arn)
        assert isinstance(tags, Iterator)
        assert sorted(tags, key=lambda tag: tag.key) == [
            models.Tag(key="stage", value="prod"),
            team,
        ]
        assert sm.delete_tags(arn, ["stage"]) == models.DeleteTagsResponse()
        assert list(sm.list_tags(arn)) == [team]


def test_listing_tags_follows_pages(sm: SageMakerClient) -> None:
    arn = sm.create_training_job(training_job_request(_unique(sm, "tag-pages"))).training_job_arn
    tags = [models.Tag(key=f"key-{index:03d}", value=str(index)) for index in range(120)]
    for start in range(0, 120, 40):  # AddTags takes at most 50 at once
        sm.add_tags(arn, tags[start : start + 40])
    sent = _requests_sent(sm, "ListTags")
    listed = sm.list_tags(arn, max_results=50)
    assert sent == []
    assert list(listed) == tags
    assert len(sent) == 3  # 50 + 50 + 20
    with pytest.raises(st.RequestValidationError, match="max_results"):
        sm.list_tags(arn, max_results=10)  # the API's minimum page is 50


def test_tags_of_a_missing_resource_are_not_found(sm: SageMakerClient) -> None:
    missing = f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{_unique(sm, 'nope')}"
    with pytest.raises(st.ResourceNotFoundError):
        list(sm.list_tags(missing))
    with pytest.raises(st.ResourceNotFoundError):
        sm.add_tags(missing, [models.Tag(key="a", value="b")])
    with pytest.raises(st.ResourceNotFoundError):
        sm.delete_tags(missing, ["a"])
    unknown_kind = "arn:aws:sagemaker:us-east-1:123456789012:no-such-kind/x"
    with pytest.raises(st.ResourceNotFoundError):
        list(sm.list_tags(unknown_kind))
