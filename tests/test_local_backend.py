"""The local backend plays jobs the way the service does, on the client's clock.

Each flow runs twice: in-process and over HTTP (the backend's server form, moto's
server on 127.0.0.1). Real boto3 clients, typed through ``SageMakerClient``.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest

from benchmarks import local_listing, waiter_efficiency
from sagemaker_typed import (
    PollPolicy,
    ResourceNotFoundError,
    SageMakerClient,
    TrainingJobFailedError,
    TuningJobFailedError,
    models,
)
from sagemaker_typed.testing import (
    Durations,
    FakeClock,
    LocalSageMaker,
    attach_training_jobs,
    fail_job,
    hold_in_progress,
    plan_training_job,
    plan_tuning_job,
)
from tests.requests import notebook_request, training_job_request, tuning_job_request

REPO = Path(__file__).parents[1]
HOUR = 3600.0
NO_JITTER = PollPolicy(random=lambda: 0.0)


class Local:
    """A running local backend, its client and its clock."""

    def __init__(self, backend: LocalSageMaker, sm: SageMakerClient, clock: FakeClock) -> None:
        self.backend, self.sm, self.clock = backend, sm, clock


@pytest.fixture(params=["in-process", "server"])
def local(request: pytest.FixtureRequest) -> Iterator[Local]:
    clock = FakeClock()
    backend = LocalSageMaker(clock=clock, server=request.param == "server")
    sm = backend.start()
    try:
        yield Local(backend, sm, clock)
    finally:
        backend.stop()


def tuning_request(
    name: str, direction: Literal["Minimize", "Maximize"], *, jobs: int = 4, parallel: int = 2
) -> models.CreateHyperParameterTuningJobRequest:
    request = tuning_job_request(name)
    config = request.hyper_parameter_tuning_job_config
    return attrs.evolve(
        request,
        hyper_parameter_tuning_job_config=attrs.evolve(
            config,
            hyper_parameter_tuning_job_objective=models.HyperParameterTuningJobObjective(
                type=direction, metric_name="validation:rmse"
            ),
            resource_limits=models.ResourceLimits(
                max_number_of_training_jobs=jobs, max_parallel_training_jobs=parallel
            ),
        ),
    )


# -- training jobs on the clock -----------------------------------------------------------


def test_a_one_hour_training_job_runs_for_an_hour_of_the_clock(local: Local) -> None:
    sm, clock = local.sm, local.clock
    sm.create_training_job(training_job_request("job"))
    clock.advance(30 * 60)
    halfway = sm.describe_training_job("job")
    assert (halfway.training_job_status, halfway.secondary_status) == ("InProgress", "Training")
    assert halfway.training_end_time is None
    clock.advance(30 * 60 - 1)
    assert sm.describe_training_job("job").training_job_status == "InProgress"
    clock.advance(1)
    done = sm.describe_training_job("job")
    assert (done.training_job_status, done.secondary_status) == ("Completed", "Completed")
    transitions = done.secondary_status_transitions or []
    assert [t.status for t in transitions] == [
        "Starting",
        "Downloading",
        "Training",
        "Uploading",
        "Completed",
    ]
    # Dated at their simulated times (the service's phases of a one-hour job).
    offsets = [(t.start_time - done.creation_time).total_seconds() for t in transitions]
    assert offsets == pytest.approx([0, 180, 420, 3400, 3600])
    assert all(t.end_time is not None for t in transitions)
    assert done.training_start_time is not None
    assert done.training_end_time is not None
    assert (done.training_end_time - done.training_start_time).total_seconds() == 3420
    assert done.training_time_in_seconds == done.billable_time_in_seconds == 3420
    # moto's own ListTrainingJobs sees the same states.
    listed = local.sm.boto_client.list_training_jobs()["TrainingJobSummaries"]
    assert [s["TrainingJobStatus"] for s in listed] == ["Completed"]


def test_the_waiter_makes_as_many_describes_as_against_the_service(local: Local) -> None:
    """The waiter-efficiency benchmark's count, on the local backend."""
    expected = waiter_efficiency.simulate(NO_JITTER)
    sent: list[str] = []
    local.sm.boto_client.meta.events.register(
        "before-send.sagemaker.DescribeTrainingJob", lambda **_: sent.append("describe")
    )
    local.sm.create_training_job(training_job_request("job"))
    local.sm.wait_for_training_job("job", poll=NO_JITTER)
    assert len(sent) == expected.calls
    assert local.clock.monotonic() - HOUR == expected.lag


def test_waiter_efficiency_benchmark_counts_the_same_on_the_local_backend() -> None:
    run = waiter_efficiency.simulate_locally(NO_JITTER)
    assert run == waiter_efficiency.simulate(NO_JITTER)


def test_a_planned_training_job_takes_its_duration_and_reports_its_metrics(local: Local) -> None:
    plan_training_job("job", duration=600, final_metrics={"validation:rmse": 0.25})
    local.sm.create_training_job(training_job_request("job"))
    local.clock.advance(599)
    running = local.sm.describe_training_job("job")
    assert running.training_job_status == "InProgress"
    assert running.final_metric_data_list is None
    local.clock.advance(1)
    done = local.sm.describe_training_job("job")
    assert done.training_job_status == "Completed"
    metrics = done.final_metric_data_list or []
    assert [(m.metric_name, m.value) for m in metrics] == [("validation:rmse", 0.25)]


def test_a_stop_goes_through_stopping(local: Local) -> None:
    local.sm.create_training_job(training_job_request("job"))
    local.clock.advance(1000)
    local.sm.stop_training_job("job")
    stopping = local.sm.describe_training_job("job")
    assert (stopping.training_job_status, stopping.secondary_status) == ("Stopping", "Stopping")
    stopped = local.sm.wait_for_training_job("job")
    assert (stopped.training_job_status, stopped.secondary_status) == ("Stopped", "Stopped")
    transitions = [t.status for t in stopped.secondary_status_transitions or []]
    assert transitions == ["Starting", "Downloading", "Training", "Stopping", "Stopped"]


# -- tuning jobs ----------------------------------------------------------------------------


@pytest.mark.parametrize(("direction", "pick"), [("Minimize", min), ("Maximize", max)])
def test_wait_for_a_tuning_job_then_describe_its_best_training_job(
    local: Local, direction: Literal["Minimize", "Maximize"], pick: Any
) -> None:
    sm = local.sm
    sm.create_hyper_parameter_tuning_job(tuning_request("tuning", direction))
    tuning = sm.wait_for_hyper_parameter_tuning_job("tuning")
    assert tuning.hyper_parameter_tuning_job_status == "Completed"
    best = tuning.best_training_job
    assert best is not None
    job = sm.describe_training_job(best.training_job_name)

    summaries = list(sm.list_training_jobs_for_hyper_parameter_tuning_job("tuning"))
    values = {
        s.training_job_name: s.final_hyper_parameter_tuning_job_objective_metric.value
        for s in summaries
        if s.final_hyper_parameter_tuning_job_objective_metric is not None
    }
    assert len(values) == 4
    assert values[best.training_job_name] == pick(values.values())
    assert job.training_job_arn == best.training_job_arn
    assert job.tuning_job_arn == tuning.hyper_parameter_tuning_job_arn
    assert job.hyper_parameters is not None
    assert best.tuned_hyper_parameters.items() <= job.hyper_parameters.items()
    objective = best.final_hyper_parameter_tuning_job_objective_metric
    assert objective is not None
    assert (objective.type, objective.metric_name) == (direction, "validation:rmse")
    assert [(m.metric_name, m.value) for m in job.final_metric_data_list or []] == [
        ("validation:rmse", objective.value)
    ]
    # The counters are what the listing shows.
    counters = tuning.training_job_status_counters
    assert counters.completed == len([s for s in summaries if s.training_job_status == "Completed"])
    assert (counters.in_progress, counters.non_retryable_error, counters.stopped) == (0, 0, 0)
    assert tuning.objective_status_counters.succeeded == len(values)
    assert tuning.hyper_parameter_tuning_end_time is not None


def test_a_tuning_job_keeps_to_its_limits_and_follows_its_trials(local: Local) -> None:
    sm, clock = local.sm, local.clock
    plan_tuning_job(
        "tuning", objective_values=[0.5, 0.3, 0.4, 0.2, 0.6], training_job_durations=[HOUR] * 5
    )
    sm.create_hyper_parameter_tuning_job(tuning_request("tuning", "Minimize", jobs=5, parallel=2))
    seen: list[tuple[int | None, int | None, int]] = []
    for _ in range(4):
        clock.advance(HOUR)
        tuning = sm.describe_hyper_parameter_tuning_job("tuning")
        counters = tuning.training_job_status_counters
        seen.append((counters.completed, counters.in_progress, len(listed(sm))))
    # Two at a time, the next launched as one ends, five in all.
    assert seen == [(0, 2, 2), (2, 2, 4), (4, 1, 5), (5, 0, 5)]
    tuning = sm.describe_hyper_parameter_tuning_job("tuning")
    assert tuning.hyper_parameter_tuning_job_status == "Completed"
    best = tuning.best_training_job
    assert best is not None
    metric = best.final_hyper_parameter_tuning_job_objective_metric
    assert metric is not None
    assert (best.training_job_name.split("-")[1], metric.value) == ("004", 0.2)
    for summary in listed(sm):
        tuned = float(summary.tuned_hyper_parameters["eta"])
        assert 0.1 <= tuned <= 0.5


def listed(sm: SageMakerClient) -> list[models.HyperParameterTrainingJobSummary]:
    return list(sm.list_training_jobs_for_hyper_parameter_tuning_job("tuning"))


def test_attached_training_jobs_take_over_the_tuning_job(local: Local) -> None:
    sm = local.sm
    arn = sm.create_hyper_parameter_tuning_job(
        tuning_request("tuning", "Maximize")
    ).hyper_parameter_tuning_job_arn
    local.clock.advance(HOUR / 2)  # it has launched two training jobs of its own
    assert len(listed(sm)) == 2
    attached = attach_training_jobs(arn, [0.5, 0.4, 0.45])
    tuning = sm.wait_for_hyper_parameter_tuning_job("tuning")
    assert [s.training_job_arn for s in listed(sm)] == attached
    assert tuning.training_job_status_counters.completed == 3
    best = tuning.best_training_job
    assert best is not None
    assert best.training_job_arn == attached[0]
    assert sm.describe_training_job(best.training_job_name).training_job_status == "Completed"


def test_a_stopped_tuning_job_stops_its_running_training_jobs(local: Local) -> None:
    sm = local.sm
    sm.create_hyper_parameter_tuning_job(tuning_request("tuning", "Minimize"))
    local.clock.advance(HOUR / 2)
    sm.stop_hyper_parameter_tuning_job("tuning")
    stopping = sm.describe_hyper_parameter_tuning_job("tuning")
    assert stopping.hyper_parameter_tuning_job_status == "Stopping"
    assert {s.training_job_status for s in listed(sm)} == {"Stopping"}
    stopped = sm.wait_for_hyper_parameter_tuning_job("tuning")
    assert stopped.hyper_parameter_tuning_job_status == "Stopped"
    assert {s.training_job_status for s in listed(sm)} == {"Stopped"}
    assert stopped.training_job_status_counters.stopped == 2
    assert stopped.best_training_job is None


# -- fail_job -------------------------------------------------------------------------------


def test_fail_job_makes_the_training_job_waiter_raise_with_the_reason(local: Local) -> None:
    local.sm.create_training_job(training_job_request("job"))
    local.clock.advance(HOUR / 2)
    fail_job("job", "AlgorithmError: out of memory")
    with pytest.raises(TrainingJobFailedError) as caught:
        local.sm.wait_for_training_job("job")
    assert caught.value.failure_reason == "AlgorithmError: out of memory"
    job = caught.value.response
    assert (job.training_job_status, job.secondary_status) == ("Failed", "Failed")
    assert job.training_end_time is not None


def test_fail_job_makes_the_tuning_job_waiter_raise_and_stops_its_trials(local: Local) -> None:
    arn = local.sm.create_hyper_parameter_tuning_job(
        tuning_request("tuning", "Minimize")
    ).hyper_parameter_tuning_job_arn
    local.clock.advance(HOUR / 2)
    fail_job(arn, "ResourceLimitExceeded: no ml.m5.xlarge left")
    with pytest.raises(TuningJobFailedError) as caught:
        local.sm.wait_for_hyper_parameter_tuning_job("tuning")
    assert caught.value.failure_reason == "ResourceLimitExceeded: no ml.m5.xlarge left"
    local.clock.advance(HOUR)
    assert {s.training_job_status for s in listed(local.sm)} == {"Stopped"}


def test_a_failed_trial_counts_as_one(local: Local) -> None:
    plan_tuning_job("tuning", objective_values=[0.1, 0.2])
    local.sm.create_hyper_parameter_tuning_job(tuning_request("tuning", "Minimize", jobs=2))
    local.clock.advance(HOUR / 2)
    first = sorted(s.training_job_name for s in listed(local.sm))[0]
    fail_job(first, "AlgorithmError")
    tuning = local.sm.wait_for_hyper_parameter_tuning_job("tuning")
    assert tuning.training_job_status_counters.non_retryable_error == 1
    assert tuning.objective_status_counters.failed == 1
    best = tuning.best_training_job
    assert best is not None
    assert best.training_job_name != first


def test_fail_job_refuses_unknown_ambiguous_and_finished_jobs(local: Local) -> None:
    with pytest.raises(LookupError, match="no training or tuning job named 'nothing'"):
        fail_job("nothing", "reason")
    local.sm.create_training_job(training_job_request("same"))
    local.sm.create_hyper_parameter_tuning_job(tuning_job_request("same"))
    with pytest.raises(LookupError, match="both a training job and a tuning job"):
        fail_job("same", "reason")
    local.clock.advance(2 * HOUR)
    arn = local.sm.describe_training_job("same").training_job_arn
    with pytest.raises(ValueError, match="has already ended: it is Completed"):
        fail_job(arn, "reason")
    with pytest.raises(LookupError):
        fail_job(arn.replace("us-east-1", "eu-west-1"), "reason")


def test_a_held_job_stays_in_progress_whatever_the_clock_does(local: Local) -> None:
    arn = local.sm.create_training_job(training_job_request("job")).training_job_arn
    hold_in_progress(arn)
    local.clock.advance(10 * HOUR)
    assert local.sm.describe_training_job("job").training_job_status == "InProgress"


# -- notebook instances ---------------------------------------------------------------------


def test_notebook_instances_move_through_their_states_in_time(local: Local) -> None:
    sm, clock = local.sm, local.clock
    durations = local.backend.durations
    seen = []

    def status_after(seconds: float) -> str | None:
        clock.advance(seconds)
        status: str | None
        try:
            status = sm.describe_notebook_instance("nb").notebook_instance_status
        except ResourceNotFoundError as error:  # once deleted
            status = type(error).__name__
        seen.append(status)
        return status

    sm.create_notebook_instance(notebook_request("nb"))
    status_after(durations.notebook_pending - 1)
    status_after(1)
    sm.stop_notebook_instance("nb")
    status_after(durations.notebook_stopping - 1)
    status_after(1)
    sm.update_notebook_instance(
        models.UpdateNotebookInstanceRequest(notebook_instance_name="nb", volume_size_in_gb=20)
    )
    status_after(durations.notebook_updating - 1)
    status_after(1)
    sm.start_notebook_instance("nb")
    status_after(0)
    status_after(durations.notebook_pending)
    sm.stop_notebook_instance("nb")
    status_after(durations.notebook_stopping)
    sm.delete_notebook_instance("nb")
    status_after(durations.notebook_deleting - 1)
    status_after(1)
    assert seen == [
        "Pending",
        "InService",
        "Stopping",
        "Stopped",
        "Updating",
        "Stopped",
        "Pending",
        "InService",
        "Stopped",
        "Deleting",
        "ResourceNotFoundError",
    ]


# -- the backend itself ---------------------------------------------------------------------


def test_now_is_the_backends_time_as_the_client_returns_times(local: Local) -> None:
    started = local.backend.now()
    assert started.tzinfo is datetime.UTC
    assert started.microsecond % 1000 == 0  # milliseconds, as the service's times
    local.clock.advance(90.0)
    created_at = local.backend.now()
    assert created_at - started == datetime.timedelta(seconds=90)
    local.sm.create_training_job(training_job_request("job"))
    job = local.sm.describe_training_job("job")
    assert job.creation_time == created_at
    local.clock.advance(HOUR)
    done = local.sm.describe_training_job("job")
    assert done.training_end_time == local.backend.now()  # it ended at this very moment


def test_start_stop_form_and_one_backend_at_a_time() -> None:
    backend = LocalSageMaker(clock=FakeClock())
    with pytest.raises(RuntimeError, match="not running"):
        backend.now()
    sm = backend.start()
    try:
        sm.create_training_job(training_job_request("job"))
        with pytest.raises(RuntimeError, match="already running"):
            LocalSageMaker().start()
    finally:
        backend.stop()
    backend.stop()  # a second stop does nothing
    with pytest.raises(RuntimeError, match="not running"):
        backend.now()
    with LocalSageMaker(clock=FakeClock()) as again:
        assert again.boto_client.list_training_jobs()["TrainingJobSummaries"] == []
    with pytest.raises(LookupError, match="no local backend is running"):
        fail_job("job", "reason")


def test_on_the_real_clock_jobs_take_seconds() -> None:
    durations = Durations.quick()
    assert durations.training_job <= 5
    assert max(vars(durations).values()) <= 5
    with LocalSageMaker() as sm:
        sm.create_training_job(training_job_request("job"))
        job = sm.wait_for_training_job("job", poll=PollPolicy(initial_delay=0.2, max_delay=0.5))
    assert job.training_job_status == "Completed"


PLAIN_MOTO = textwrap.dedent(
    """
    import json
    import boto3
    from moto import mock_aws
    from moto.server import ThreadedMotoServer
    from sagemaker_typed import to_boto
    from sagemaker_typed.testing import FakeClock, LocalSageMaker
    from tests.requests import notebook_request, training_job_request, tuning_job_request

    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )

    def answers(sm):
        sm.create_notebook_instance(**to_boto(notebook_request("nb")))
        sm.create_training_job(**to_boto(training_job_request("job")))
        sm.create_hyper_parameter_tuning_job(**to_boto(tuning_job_request("tuning")))
        sm.stop_notebook_instance(NotebookInstanceName="nb")
        found = [
            sm.describe_notebook_instance(NotebookInstanceName="nb"),
            sm.describe_training_job(TrainingJobName="job"),
            sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tuning"),
            sm.list_training_jobs(),
        ]
        assert found[1]["TrainingJobStatus"] == "Completed", found[1]
        for answer in found:
            answer.pop("ResponseMetadata")
        return json.dumps(found, sort_keys=True, default=lambda value: "<time>")

    def in_process():
        with mock_aws():
            return answers(session.client("sagemaker"))

    def over_http():
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            sm = session.client("sagemaker", endpoint_url=f"http://{host}:{port}")
            return answers(sm)
        finally:
            server.stop()
            from moto.core.base_backend import BackendDict
            BackendDict.reset()

    before = in_process(), over_http()
    for server in (False, True):
        with LocalSageMaker(clock=FakeClock(), server=server) as local:
            local.boto_client.create_training_job(**to_boto(training_job_request("job")))
            described = local.describe_training_job("job")
            assert described.training_job_status == "InProgress"
    after = in_process(), over_http()
    assert after == before, (before, after)
    print("same")
    """
)


def test_plain_moto_is_untouched_before_and_after_a_local_backend() -> None:
    """In a fresh interpreter: moto used directly answers the same before and after."""
    done = subprocess.run(
        [sys.executable, "-c", PLAIN_MOTO],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "same"


# -- listing cost ---------------------------------------------------------------------------


def test_listing_sorts_once_per_listing_not_once_per_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What keeps the time per item flat however long the listing (the ratio itself is
    measured by ``make bench``, benchmarks/local_listing.py, not timed here): the
    backend sorts a tuning job's training jobs once per listing and serves every page
    from that snapshot, where moto's ``@paginate`` re-sorts and scans on every page."""
    from sagemaker_typed._local_backend import tuning

    sorts: list[int] = []
    real_snapshot = tuning._snapshot  # pyright: ignore[reportPrivateUsage]

    def counted(*args: Any) -> Any:
        jobs = real_snapshot(*args)
        sorts.append(len(jobs))
        return jobs

    monkeypatch.setattr(tuning, "_snapshot", counted)
    with LocalSageMaker(clock=FakeClock()) as sm:
        arn = sm.create_hyper_parameter_tuning_job(
            local_listing.tuning_request("paging")
        ).hyper_parameter_tuning_job_arn
        attach_training_jobs(arn, [i / 1000 for i in range(1000)])
        names = [
            summary.training_job_name
            for summary in sm.list_training_jobs_for_hyper_parameter_tuning_job(
                "paging", max_results=50
            )
        ]
        assert len(names) == len(set(names)) == 1000
        assert names == sorted(names)
        assert sorts == [1000]  # 20 pages, one sort
        # The same listing again (other page size) reuses the snapshot.
        assert len(list(sm.list_training_jobs_for_hyper_parameter_tuning_job("paging"))) == 1000
        assert sorts == [1000]
