"""The operations the local backend adds to moto, on real boto3 clients, both ways.

Every test that takes ``sagemaker`` runs twice: on the in-process backend and on its
server form (moto's server on 127.0.0.1); the job controls of
``sagemaker_typed.testing`` work on both, since the server runs in this process. The
backend runs on :data:`CLOCK`, a fake clock the tests move.
"""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.sagemaker.models import sagemaker_backends

from sagemaker_typed import to_boto
from sagemaker_typed.testing import (
    Durations,
    FakeClock,
    LocalSageMaker,
    attach_training_jobs,
    complete_job,
    hold_in_progress,
)
from tests.moto_server import fake_session
from tests.requests import notebook_request, training_job_request, tuning_job_request

if TYPE_CHECKING:
    from botocore.client import BaseClient

ACCOUNT = "123456789012"  # moto's default account
CLOCK = FakeClock()
DURATIONS = Durations.realistic()


@pytest.fixture(scope="module", params=["in-process", "server"])
def endpoint_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The backend in-process (no endpoint URL: mock_aws answers AWS's) or its server's URL."""
    backend = LocalSageMaker(clock=CLOCK, durations=DURATIONS, server=request.param == "server")
    backend.start()
    try:
        yield backend.endpoint_url
    finally:
        backend.stop()


@pytest.fixture(scope="module")
def session() -> boto3.Session:
    return fake_session()


@pytest.fixture
def sagemaker(session: boto3.Session, endpoint_url: str | None) -> Any:
    """A boto3 SageMaker client on an empty backend (typed Any: boto3 is dynamic)."""
    # Both ways share this process's backend: emptying it is cheaper than a new mock.
    sagemaker_backends[ACCOUNT]["us-east-1"].reset()
    return session.client("sagemaker", endpoint_url=endpoint_url)


def error_of(call: Any, **params: Any) -> tuple[str, str]:
    """The (code, message) of the ClientError that ``call(**params)`` raises."""
    with pytest.raises(ClientError) as caught:
        call(**params)
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def sends_of(client: BaseClient, operation: str) -> list[str]:
    """A list that grows by one for every HTTP request of ``operation`` the client sends."""
    sent: list[str] = []

    def count(**_: Any) -> None:
        sent.append(operation)

    client.meta.events.register(f"before-send.sagemaker.{operation}", count)
    return sent


# -- UpdateNotebookInstance -------------------------------------------------------------


def create_notebook(sagemaker: Any, name: str, **settings: Any) -> None:
    """An InService notebook instance."""
    sagemaker.create_notebook_instance(**to_boto(notebook_request(name)), **settings)
    CLOCK.advance(DURATIONS.notebook_pending)


def create_stopped_notebook(sagemaker: Any, name: str, **settings: Any) -> None:
    create_notebook(sagemaker, name, **settings)
    sagemaker.stop_notebook_instance(NotebookInstanceName=name)
    CLOCK.advance(DURATIONS.notebook_stopping)


def settle() -> None:
    """Move the clock past anything the tests start (a tuning job's two rounds of jobs)."""
    CLOCK.advance(DURATIONS.tuning_job_launch + 3 * DURATIONS.training_job)


def test_update_of_a_stopped_notebook_shows_updating_then_stopped_with_new_settings(
    sagemaker: Any,
) -> None:
    create_stopped_notebook(sagemaker, "nb")
    before = sagemaker.describe_notebook_instance(NotebookInstanceName="nb")
    new_role = "arn:aws:iam::123456789012:role/Other"
    sagemaker.update_notebook_instance(
        NotebookInstanceName="nb",
        InstanceType="ml.m5.xlarge",
        VolumeSizeInGB=50,
        RoleArn=new_role,
        LifecycleConfigName="on-start",
        DefaultCodeRepository="https://github.com/example/repo",
        AdditionalCodeRepositories=["https://github.com/example/other"],
        RootAccess="Disabled",
        InstanceMetadataServiceConfiguration={"MinimumInstanceMetadataServiceVersion": "2"},
        PlatformIdentifier="notebook-al2-v2",
    )
    describes = [sagemaker.describe_notebook_instance(NotebookInstanceName="nb")]
    CLOCK.advance(DURATIONS.notebook_updating - 1)
    describes.append(sagemaker.describe_notebook_instance(NotebookInstanceName="nb"))
    CLOCK.advance(1)
    describes.append(sagemaker.describe_notebook_instance(NotebookInstanceName="nb"))
    assert [d["NotebookInstanceStatus"] for d in describes] == ["Updating", "Updating", "Stopped"]
    for described in describes:
        assert described["InstanceType"] == "ml.m5.xlarge"
        assert described["VolumeSizeInGB"] == 50
        assert described["RoleArn"] == new_role
        assert described["NotebookInstanceLifecycleConfigName"] == "on-start"
        assert described["DefaultCodeRepository"] == "https://github.com/example/repo"
        assert described["AdditionalCodeRepositories"] == ["https://github.com/example/other"]
        assert described["RootAccess"] == "Disabled"
        assert described["InstanceMetadataServiceConfiguration"] == {
            "MinimumInstanceMetadataServiceVersion": "2"
        }
        assert described["PlatformIdentifier"] == "notebook-al2-v2"
    assert before["LastModifiedTime"] <= describes[0]["LastModifiedTime"]
    assert describes[2]["LastModifiedTime"] - describes[0]["LastModifiedTime"] == (
        datetime.timedelta(seconds=DURATIONS.notebook_updating)
    )
    # What was not in the request is kept.
    assert describes[1]["CreationTime"] == before["CreationTime"]
    assert describes[1]["DirectInternetAccess"] == before["DirectInternetAccess"]


def test_disassociate_flags_clear_their_settings(sagemaker: Any) -> None:
    create_stopped_notebook(
        sagemaker,
        "nb",
        LifecycleConfigName="on-start",
        AcceleratorTypes=["ml.eia1.medium"],
        DefaultCodeRepository="https://github.com/example/repo",
        AdditionalCodeRepositories=["https://github.com/example/other"],
    )
    sagemaker.update_notebook_instance(
        NotebookInstanceName="nb",
        DisassociateLifecycleConfig=True,
        DisassociateAcceleratorTypes=True,
        DisassociateDefaultCodeRepository=True,
        DisassociateAdditionalCodeRepositories=True,
    )
    described = sagemaker.describe_notebook_instance(NotebookInstanceName="nb")
    for member in (
        "NotebookInstanceLifecycleConfigName",
        "AcceleratorTypes",
        "DefaultCodeRepository",
        "AdditionalCodeRepositories",
    ):
        assert member not in described


def test_update_of_an_in_service_notebook_is_rejected(sagemaker: Any) -> None:
    create_notebook(sagemaker, "nb")
    code, message = error_of(
        sagemaker.update_notebook_instance, NotebookInstanceName="nb", VolumeSizeInGB=50
    )
    assert code == "ValidationException"
    assert message.startswith("Status (InService) not in ([Stopped]).")
    described = sagemaker.describe_notebook_instance(NotebookInstanceName="nb")
    assert described["NotebookInstanceStatus"] == "InService"
    assert described["VolumeSizeInGB"] == 5


def test_update_of_an_unknown_notebook_is_record_not_found(sagemaker: Any) -> None:
    assert error_of(sagemaker.update_notebook_instance, NotebookInstanceName="missing") == (
        "ValidationException",
        "RecordNotFound",
    )


def test_update_checks_instance_type_and_volume_as_the_service_does(sagemaker: Any) -> None:
    create_stopped_notebook(sagemaker, "nb", VolumeSizeInGB=20)
    code, message = error_of(
        sagemaker.update_notebook_instance, NotebookInstanceName="nb", VolumeSizeInGB=10
    )
    assert (code, "cannot be decreased" in message) == ("ValidationException", True)
    code, _ = error_of(
        sagemaker.update_notebook_instance, NotebookInstanceName="nb", InstanceType="ml.x.huge"
    )
    assert code == "ValidationException"
    described = sagemaker.describe_notebook_instance(NotebookInstanceName="nb")
    assert (described["NotebookInstanceStatus"], described["VolumeSizeInGB"]) == ("Stopped", 20)


# -- StopTrainingJob ---------------------------------------------------------------------


def test_stop_of_an_in_progress_training_job_goes_stopping_then_stopped(sagemaker: Any) -> None:
    arn = sagemaker.create_training_job(**to_boto(training_job_request("job")))["TrainingJobArn"]
    hold_in_progress(arn)
    running = sagemaker.describe_training_job(TrainingJobName="job")
    assert (running["TrainingJobStatus"], running["SecondaryStatus"]) == ("InProgress", "Training")
    assert "TrainingEndTime" not in running

    sagemaker.stop_training_job(TrainingJobName="job")
    stopping = sagemaker.describe_training_job(TrainingJobName="job")
    CLOCK.advance(DURATIONS.stopping)
    stopped = sagemaker.describe_training_job(TrainingJobName="job")
    again = sagemaker.describe_training_job(TrainingJobName="job")

    assert (stopping["TrainingJobStatus"], stopping["SecondaryStatus"]) == ("Stopping", "Stopping")
    assert "TrainingEndTime" not in stopping
    assert (stopped["TrainingJobStatus"], stopped["SecondaryStatus"]) == ("Stopped", "Stopped")
    assert again["TrainingJobStatus"] == "Stopped"
    assert stopped["TrainingEndTime"] >= stopping["LastModifiedTime"]
    transitions = stopped["SecondaryStatusTransitions"]
    assert [t["Status"] for t in transitions] == ["Starting", "Training", "Stopping", "Stopped"]
    assert all("EndTime" in t for t in transitions)
    # The Stopping answer was not changed by the move to Stopped that followed it.
    assert [t["Status"] for t in stopping["SecondaryStatusTransitions"]] == [
        "Starting",
        "Training",
        "Stopping",
    ]
    assert "EndTime" not in stopping["SecondaryStatusTransitions"][-1]


def test_stop_of_a_finished_training_job_is_rejected(sagemaker: Any) -> None:
    sagemaker.create_training_job(**to_boto(training_job_request("job")))
    CLOCK.advance(DURATIONS.training_job)
    assert error_of(sagemaker.stop_training_job, TrainingJobName="job") == (
        "ValidationException",
        "The request was rejected because the training job is in status Completed.",
    )
    assert sagemaker.describe_training_job(TrainingJobName="job")["TrainingJobStatus"] == (
        "Completed"
    )


def test_stop_of_a_stopping_or_stopped_training_job_is_rejected(sagemaker: Any) -> None:
    arn = sagemaker.create_training_job(**to_boto(training_job_request("job")))["TrainingJobArn"]
    hold_in_progress(arn)
    sagemaker.stop_training_job(TrainingJobName="job")
    assert "in status Stopping." in error_of(sagemaker.stop_training_job, TrainingJobName="job")[1]
    CLOCK.advance(DURATIONS.stopping)
    assert "in status Stopped." in error_of(sagemaker.stop_training_job, TrainingJobName="job")[1]


def test_stop_of_an_unknown_training_job_is_what_the_service_sends(sagemaker: Any) -> None:
    assert error_of(sagemaker.stop_training_job, TrainingJobName="missing") == (
        "ValidationException",
        "Requested resource not found.",
    )


# -- StopHyperParameterTuningJob ----------------------------------------------------------


def create_tuning_job(sagemaker: Any, name: str) -> str:
    created = sagemaker.create_hyper_parameter_tuning_job(**to_boto(tuning_job_request(name)))
    arn: str = created["HyperParameterTuningJobArn"]
    return arn


def test_stop_of_an_in_progress_tuning_job_stops_it_and_its_running_training_jobs(
    sagemaker: Any,
) -> None:
    arn = create_tuning_job(sagemaker, "tuning")
    finished, running = attach_training_jobs(arn, [0.5, 0.7])
    hold_in_progress(arn)
    hold_in_progress(running)
    describe = sagemaker.describe_hyper_parameter_tuning_job
    assert describe(HyperParameterTuningJobName="tuning")["HyperParameterTuningJobStatus"] == (
        "InProgress"
    )
    assert "HyperParameterTuningEndTime" not in describe(HyperParameterTuningJobName="tuning")

    sagemaker.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="tuning")
    statuses_while_stopping = training_job_statuses(sagemaker, "tuning")
    stopping = describe(HyperParameterTuningJobName="tuning")
    CLOCK.advance(DURATIONS.stopping)
    stopped = describe(HyperParameterTuningJobName="tuning")

    assert stopping["HyperParameterTuningJobStatus"] == "Stopping"
    assert "HyperParameterTuningEndTime" not in stopping
    assert stopped["HyperParameterTuningJobStatus"] == "Stopped"
    assert stopped["HyperParameterTuningEndTime"] >= stopping["LastModifiedTime"]
    assert statuses_while_stopping == {finished: "Completed", running: "Stopping"}
    assert training_job_statuses(sagemaker, "tuning") == {
        finished: "Completed",
        running: "Stopped",
    }
    running_job = sagemaker.describe_training_job(TrainingJobName=running.split("/")[-1])
    assert running_job["SecondaryStatus"] == "Stopped"


def training_job_statuses(sagemaker: Any, tuning_job_name: str) -> dict[str, str]:
    """TrainingJobArn -> status, as the tuning job's listing shows them."""
    answer = sagemaker.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=tuning_job_name
    )
    return {s["TrainingJobArn"]: s["TrainingJobStatus"] for s in answer["TrainingJobSummaries"]}


def test_stop_of_a_finished_tuning_job_is_rejected(sagemaker: Any) -> None:
    create_tuning_job(sagemaker, "tuning")
    settle()
    code, message = error_of(
        sagemaker.stop_hyper_parameter_tuning_job, HyperParameterTuningJobName="tuning"
    )
    assert code == "ValidationException"
    assert message.endswith("is in status Completed.")


def test_stop_of_an_unknown_tuning_job_is_resource_not_found(sagemaker: Any) -> None:
    code, message = error_of(
        sagemaker.stop_hyper_parameter_tuning_job, HyperParameterTuningJobName="missing"
    )
    assert code == "ResourceNotFound"
    assert message == "Amazon SageMaker can't find a tuning job with name missing"


# -- ListTrainingJobsForHyperParameterTuningJob -----------------------------------------

OBJECTIVES = [0.3, 0.9, 0.1, 0.7, 0.5]


def tuning_job_with_five_training_jobs(sagemaker: Any) -> list[str]:
    """A tuning job with five Completed training jobs; returns their names, in order."""
    arns = attach_training_jobs(create_tuning_job(sagemaker, "tuning"), OBJECTIVES)
    return [arn.split("/")[-1] for arn in arns]


def test_listing_follows_next_token_one_request_per_page(sagemaker: Any) -> None:
    names = tuning_job_with_five_training_jobs(sagemaker)
    sent = sends_of(sagemaker, "ListTrainingJobsForHyperParameterTuningJob")
    pages = sagemaker.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job").paginate(
        HyperParameterTuningJobName="tuning", PaginationConfig={"PageSize": 2}
    )
    listed = [[s["TrainingJobName"] for s in page["TrainingJobSummaries"]] for page in pages]
    assert listed == [names[0:2], names[2:4], names[4:5]]
    assert len(sent) == 3


def test_listed_summaries_carry_what_the_service_returns(sagemaker: Any) -> None:
    names = tuning_job_with_five_training_jobs(sagemaker)
    answer = sagemaker.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="tuning"
    )
    assert "NextToken" not in answer
    summaries = answer["TrainingJobSummaries"]
    assert [s["TrainingJobName"] for s in summaries] == names
    assert re.fullmatch(r"tuning-001-[0-9a-f]{8}", names[0])
    first = summaries[0]
    assert first["TuningJobName"] == "tuning"
    assert (
        first["TrainingJobArn"] == f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:training-job/{names[0]}"
    )
    assert first["TrainingJobStatus"] == "Completed"
    assert first["ObjectiveStatus"] == "Succeeded"
    assert first["FinalHyperParameterTuningJobObjectiveMetric"] == {
        "Type": "Maximize",
        "MetricName": "validation:auc",
        "Value": 0.3,
    }
    assert {"CreationTime", "TrainingStartTime", "TrainingEndTime"} <= first.keys()
    # Tuned values come from the tuning job's range for "eta" (0.1 to 0.5).
    assert all(0.1 <= float(s["TunedHyperParameters"]["eta"]) <= 0.5 for s in summaries)
    job = sagemaker.describe_training_job(TrainingJobName=names[0])
    assert job["TuningJobArn"].endswith(":hyper-parameter-tuning-job/tuning")
    assert job["HyperParameters"] == {"max_depth": "5", **first["TunedHyperParameters"]}


@pytest.mark.parametrize(
    ("sort_by", "sort_order", "expected"),
    [
        ("Name", "Descending", [4, 3, 2, 1, 0]),
        ("CreationTime", "Ascending", [0, 1, 2, 3, 4]),
        ("CreationTime", "Descending", [4, 3, 2, 1, 0]),
        ("FinalObjectiveMetricValue", "Ascending", [2, 0, 4, 3, 1]),
        ("FinalObjectiveMetricValue", "Descending", [1, 3, 4, 0, 2]),
    ],
)
def test_listing_sorts(sagemaker: Any, sort_by: str, sort_order: str, expected: list[int]) -> None:
    names = tuning_job_with_five_training_jobs(sagemaker)
    answer = sagemaker.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="tuning", SortBy=sort_by, SortOrder=sort_order
    )
    assert [s["TrainingJobName"] for s in answer["TrainingJobSummaries"]] == [
        names[i] for i in expected
    ]


def test_listing_filters_by_status_and_sorts_by_status(sagemaker: Any) -> None:
    names = tuning_job_with_five_training_jobs(sagemaker)
    for name in (names[1], names[3]):
        hold_in_progress(f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:training-job/{name}")

    def listed(**params: Any) -> list[dict[str, Any]]:
        answer = sagemaker.list_training_jobs_for_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="tuning", **params
        )
        summaries: list[dict[str, Any]] = answer["TrainingJobSummaries"]
        return summaries

    in_progress = listed(StatusEquals="InProgress")
    assert [s["TrainingJobName"] for s in in_progress] == [names[1], names[3]]
    assert all(s["ObjectiveStatus"] == "Pending" for s in in_progress)
    assert all("FinalHyperParameterTuningJobObjectiveMetric" not in s for s in in_progress)
    assert all("TrainingEndTime" not in s for s in in_progress)
    assert [s["TrainingJobName"] for s in listed(StatusEquals="Stopped")] == []
    assert [s["TrainingJobStatus"] for s in listed(SortBy="Status")] == [
        *["Completed"] * 3,
        *["InProgress"] * 2,
    ]
    # Jobs without a final objective value are left out of that sort, as the service does.
    by_objective = listed(SortBy="FinalObjectiveMetricValue")
    assert [s["TrainingJobName"] for s in by_objective] == [names[2], names[0], names[4]]


def test_listing_pages_through_filtered_and_sorted_jobs(sagemaker: Any) -> None:
    names = tuning_job_with_five_training_jobs(sagemaker)
    pages = sagemaker.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job").paginate(
        HyperParameterTuningJobName="tuning",
        StatusEquals="Completed",
        SortBy="FinalObjectiveMetricValue",
        SortOrder="Descending",
        PaginationConfig={"PageSize": 2},
    )
    listed = [s["TrainingJobName"] for page in pages for s in page["TrainingJobSummaries"]]
    assert listed == [names[i] for i in [1, 3, 4, 0, 2]]


def test_listing_of_a_tuning_job_without_training_jobs_is_empty(sagemaker: Any) -> None:
    create_tuning_job(sagemaker, "tuning")
    answer = sagemaker.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="tuning"
    )
    assert answer["TrainingJobSummaries"] == []


def test_listing_rejects_unknown_tuning_jobs_and_bad_options(sagemaker: Any) -> None:
    listing = sagemaker.list_training_jobs_for_hyper_parameter_tuning_job
    assert error_of(listing, HyperParameterTuningJobName="missing") == (
        "ResourceNotFound",
        "Amazon SageMaker can't find a tuning job with name missing",
    )
    create_tuning_job(sagemaker, "tuning")
    # botocore does not check enums or maximums; the service (and now moto) does.
    code, message = error_of(
        listing, HyperParameterTuningJobName="tuning", SortBy="Size", MaxResults=101
    )
    assert code == "ValidationException"
    assert message.startswith("2 validation errors detected:")
    assert "'Size' at 'sortBy'" in message
    assert "at 'maxResults'" in message


# -- The hooks --------------------------------------------------------------------------


def test_a_held_job_can_be_completed(sagemaker: Any) -> None:
    job_arn = sagemaker.create_training_job(**to_boto(training_job_request("job")))[
        "TrainingJobArn"
    ]
    tuning_arn = create_tuning_job(sagemaker, "tuning")
    for arn in (job_arn, tuning_arn):
        hold_in_progress(arn)
        complete_job(arn)
        with pytest.raises(ValueError, match="is Completed, not InProgress"):
            complete_job(arn)
    job = sagemaker.describe_training_job(TrainingJobName="job")
    assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Completed", "Completed")
    assert [t["Status"] for t in job["SecondaryStatusTransitions"]] == [
        "Starting",
        "Training",
        "Completed",
    ]
    tuning = sagemaker.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tuning")
    assert tuning["HyperParameterTuningJobStatus"] == "Completed"
    assert "HyperParameterTuningEndTime" in tuning


def test_attached_jobs_are_numbered_on_across_calls(sagemaker: Any) -> None:
    arn = create_tuning_job(sagemaker, "tuning")
    first = attach_training_jobs(arn, [0.1])
    second = attach_training_jobs(arn, [0.2, 0.3])
    numbers = [job_arn.split("/")[-1].split("-")[1] for job_arn in first + second]
    assert numbers == ["001", "002", "003"]


def test_hooks_reject_what_the_backend_does_not_hold(sagemaker: Any) -> None:
    job_arn = sagemaker.create_training_job(**to_boto(training_job_request("job")))[
        "TrainingJobArn"
    ]
    for bad_arn in (
        job_arn.replace("/job", "/other"),
        job_arn.replace("us-east-1", "eu-west-1"),
        f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:notebook-instance/job",
        "not-an-arn",
    ):
        with pytest.raises(LookupError, match="no training or tuning job"):
            hold_in_progress(bad_arn)
    with pytest.raises(ValueError, match="not a hyperparameter tuning job"):
        attach_training_jobs(job_arn, [0.5])


# -- install() and the rest of moto -----------------------------------------------------


def test_the_backend_has_the_operations_too(sagemaker: Any) -> None:
    """For code that drives moto's backend directly."""
    arn = sagemaker.create_training_job(**to_boto(training_job_request("job")))["TrainingJobArn"]
    hold_in_progress(arn)
    backend: Any = sagemaker_backends[ACCOUNT]["us-east-1"]  # moto's types lack the additions
    backend.stop_training_job("job")
    assert sagemaker.describe_training_job(TrainingJobName="job")["TrainingJobStatus"] == (
        "Stopping"
    )


def test_a_describe_without_a_pending_change_is_moto_s_own(sagemaker: Any) -> None:
    create_notebook(sagemaker, "nb")
    described = sagemaker.describe_notebook_instance(NotebookInstanceName="nb")
    instance = sagemaker_backends[ACCOUNT]["us-east-1"].notebook_instances["nb"]
    own = {k: v for k, v in instance.to_dict().items() if v is not None}
    assert described.keys() - {"ResponseMetadata"} == own.keys()
    assert described["NotebookInstanceStatus"] == own["NotebookInstanceStatus"] == "InService"
    # moto's own rules still apply to its own operations.
    code, message = error_of(sagemaker.delete_notebook_instance, NotebookInstanceName="nb")
    assert (code, message.startswith("Status (InService) not in ([Stopped, Failed])")) == (
        "ValidationException",
        True,
    )


def test_concurrent_describes_finish_a_transition_once(sagemaker: Any) -> None:
    create_stopped_notebook(sagemaker, "nb")
    sagemaker.update_notebook_instance(NotebookInstanceName="nb", VolumeSizeInGB=10)
    CLOCK.advance(DURATIONS.notebook_updating)
    statuses: list[tuple[str, Any]] = []

    def describe() -> None:
        answer = sagemaker.describe_notebook_instance(NotebookInstanceName="nb")
        statuses.append((answer["NotebookInstanceStatus"], answer["LastModifiedTime"]))

    threads = [threading.Thread(target=describe) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(statuses)) == 1
    assert statuses[0][0] == "Stopped"
