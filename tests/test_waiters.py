"""Waiters on scripted timelines: a real boto3 client answered from the fake time."""

from __future__ import annotations

import contextlib
import datetime
import itertools
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

import attrs
import boto3
import pytest
from botocore.awsrequest import AWSResponse, HTTPHeaders
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from hypothesis import given
from hypothesis import strategies as hs

from benchmarks.waiter_efficiency import (
    MAX_CALLS,
    MAX_LAG_SECONDS,
    ONE_HOUR_JOB,
    STATUS_MESSAGES,
    WALL_CLOCK_START,
    simulate,
    training_job_description,
)
from sagemaker_typed import (
    NotebookInstanceFailedError,
    ResourceNotFoundError,
    SageMakerClient,
    ServiceError,
    TrainingJobFailedError,
    TuningJobFailedError,
    UnexpectedStateError,
    WaiterTimeoutError,
)
from sagemaker_typed._waiters import PollPolicy
from sagemaker_typed.models import (
    CreateNotebookInstanceRequest,
    DescribeNotebookInstanceResponse,
    DescribeTrainingJobResponse,
    UpdateNotebookInstanceRequest,
)
from sagemaker_typed.testing import FakeClock, complete_job, hold_in_progress, local_sagemaker
from tests import shells
from tests.requests import ROLE, training_job_request, tuning_job_request

# The service's answer at a fake time: a wire dict, an error (see ``error``), or a
# botocore exception to raise (a transport failure).
Answer = dict[str, Any] | Exception
Script = Callable[[float], Answer]

NOT_FOUND = "ValidationException", "Requested resource not found"
ARN = "arn:aws:sagemaker:us-east-1:123456789012"
# One session for every test: it loads the service model once (credentials: conftest).
SESSION = boto3.Session(region_name="us-east-1")
NO_JITTER = PollPolicy(jitter=0.0)
# The shell the clients of the running test are built on (see the fixture below).
SHELL = ["sync"]


@pytest.fixture(autouse=True, params=shells.SHELLS)
def shell(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test here runs on both shells: one implementation, the same behaviour."""
    SHELL[0] = request.param
    yield
    SHELL[0] = "sync"


def error(code: str, message: str = "", status: int = 400) -> dict[str, Any]:
    return {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }


class Service:
    """A SageMakerClient on a real boto3 client whose calls the scripts answer."""

    def __init__(self, **scripts: Script) -> None:
        self.clock = FakeClock()
        self.scripts = {**CREATED, **scripts}
        self.calls: list[tuple[float, str]] = []
        boto_client = SESSION.client("sagemaker")
        # A before-call handler may return the response (the stubs say it returns None).
        boto_client.meta.events.register("before-call.sagemaker", cast(Any, self._answer))
        self.sm = shells.client(SHELL[0], boto_client, clock=self.clock, validate=False)

    def _answer(self, model: Any, **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        now = self.clock.monotonic()
        assert now < 7 * 24 * 3600, "a wait that never ends"
        self.calls.append((now, model.name))
        answer = self.scripts[model.name](now)
        if isinstance(answer, Exception):
            raise answer
        status = answer.get("ResponseMetadata", {}).get("HTTPStatusCode", 200)
        return AWSResponse(
            "https://sagemaker.us-east-1.amazonaws.com", status, HTTPHeaders(), None
        ), answer

    def call_times(self, operation: str) -> list[float]:
        return [when for when, name in self.calls if name == operation]


def _created(resource: str) -> Script:
    return lambda now: {f"{resource}Arn": f"{ARN}:{resource}/x"}


CREATED = {
    f"Create{resource}": _created(resource)
    for resource in ("TrainingJob", "HyperParameterTuningJob", "NotebookInstance")
}


def at(times: Sequence[tuple[float, Answer]]) -> Script:
    """The answer of the latest time reached: ``[(0, a), (60, b)]`` is a until 60 s."""
    return lambda now: [answer for start, answer in times if start <= now][-1]


def training(phases: Sequence[tuple[float, str, str]], failure_reason: str | None = None) -> Script:
    return lambda now: training_job_description("job", phases, now, failure_reason=failure_reason)


def tuning(status: str, failure_reason: str | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "HyperParameterTuningJobName": "tuning",
        "HyperParameterTuningJobArn": f"{ARN}:hyper-parameter-tuning-job/tuning",
        "HyperParameterTuningJobStatus": status,
        "CreationTime": WALL_CLOCK_START,
    }
    if failure_reason:
        answer["FailureReason"] = failure_reason
    return answer


def notebook(
    status: str, modified: float = 0.0, failure_reason: str | None = None
) -> dict[str, Any]:
    """A notebook instance in ``status``, last modified ``modified`` s after the start."""
    answer: dict[str, Any] = {
        "NotebookInstanceName": "nb",
        "NotebookInstanceArn": f"{ARN}:notebook-instance/nb",
        "NotebookInstanceStatus": status,
        "LastModifiedTime": WALL_CLOCK_START + datetime.timedelta(seconds=modified),
    }
    if failure_reason:
        answer["FailureReason"] = failure_reason
    return answer


def notebook_request(name: str) -> CreateNotebookInstanceRequest:
    return CreateNotebookInstanceRequest(
        notebook_instance_name=name, instance_type="ml.t3.medium", role_arn=ROLE
    )


# -- completion and failure -----------------------------------------------------------------


def test_training_job_completes() -> None:
    service = Service(DescribeTrainingJob=training(ONE_HOUR_JOB))
    job = service.sm.wait_for_training_job("job")
    assert isinstance(job, DescribeTrainingJobResponse)
    assert (job.training_job_status, job.secondary_status) == ("Completed", "Completed")
    assert 3600 <= service.clock.monotonic() <= 3630


def test_stopping_ends_in_stopped() -> None:
    phases = [
        (0, "InProgress", "Training"),
        (50, "Stopping", "Stopping"),
        (90, "Stopped", "Stopped"),
    ]
    service = Service(DescribeTrainingJob=training(phases))
    assert service.sm.wait_for_training_job("job").training_job_status == "Stopped"


def test_training_job_failure_carries_the_reason() -> None:
    phases = [(0, "InProgress", "Starting"), (40, "Failed", "Failed")]
    service = Service(DescribeTrainingJob=training(phases, failure_reason="AlgorithmError: boom"))
    with pytest.raises(TrainingJobFailedError) as raised:
        service.sm.wait_for_training_job("job")
    assert raised.value.failure_reason == "AlgorithmError: boom"
    assert isinstance(raised.value.response, DescribeTrainingJobResponse)
    assert raised.value.response.training_job_status == "Failed"


def test_tuning_job_completes_and_fails() -> None:
    done = Service(
        DescribeHyperParameterTuningJob=at([(0, tuning("InProgress")), (300, tuning("Completed"))])
    )
    assert (
        done.sm.wait_for_hyper_parameter_tuning_job("tuning").hyper_parameter_tuning_job_status
        == "Completed"
    )
    failed = Service(
        DescribeHyperParameterTuningJob=at(
            [(0, tuning("InProgress")), (60, tuning("Failed", "No training job succeeded"))]
        )
    )
    with pytest.raises(TuningJobFailedError) as raised:
        failed.sm.wait_for_hyper_parameter_tuning_job("tuning")
    assert raised.value.failure_reason == "No training job succeeded"
    assert raised.value.response.hyper_parameter_tuning_job_status == "Failed"


def test_notebook_instance_reaches_in_service_and_failure_raises() -> None:
    service = Service(
        DescribeNotebookInstance=at([(0, notebook("Pending")), (240, notebook("InService"))])
    )
    instance = service.sm.wait_for_notebook_instance("nb")
    assert isinstance(instance, DescribeNotebookInstanceResponse)
    assert instance.notebook_instance_status == "InService"
    failed = Service(
        DescribeNotebookInstance=at(
            [(0, notebook("Pending")), (60, notebook("Failed", failure_reason="quota"))]
        )
    )
    with pytest.raises(NotebookInstanceFailedError) as raised:
        failed.sm.wait_for_notebook_instance("nb")
    assert raised.value.failure_reason == "quota"


def test_unknown_status_keeps_polling() -> None:
    service = Service(
        DescribeNotebookInstance=at([(0, notebook("Hibernating")), (600, notebook("InService"))])
    )
    assert service.sm.wait_for_notebook_instance("nb").notebook_instance_status == "InService"
    assert service.clock.monotonic() >= 600


# -- faults while polling ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("create", "operation", "visible", "waiter"),
    [
        (
            lambda sm: sm.create_training_job(training_job_request("job")),
            "DescribeTrainingJob",
            training([(0, "Completed", "Completed")])(0),
            "training",
        ),
        (
            lambda sm: sm.create_hyper_parameter_tuning_job(tuning_job_request("tuning")),
            "DescribeHyperParameterTuningJob",
            tuning("Completed"),
            "tuning",
        ),
        (
            lambda sm: sm.create_notebook_instance(notebook_request("nb")),
            "DescribeNotebookInstance",
            notebook("InService"),
            "InService",
        ),
    ],
    ids=["training", "tuning", "notebook"],
)
def test_rides_out_not_found_right_after_create(
    create: Callable[[SageMakerClient], object], operation: str, visible: Answer, waiter: str
) -> None:
    service = Service(**{operation: at([(0, error(*NOT_FOUND)), (20, visible)])})
    create(service.sm)
    _wait_in(service, waiter)()
    calls = service.call_times(operation)
    assert calls[0] < 20 <= calls[-1] < 50


def test_not_found_after_create_is_retried_for_30_s_only() -> None:
    service = Service(DescribeTrainingJob=lambda now: error(*NOT_FOUND))
    service.sm.create_training_job(training_job_request("job"))
    with pytest.raises(ResourceNotFoundError):
        service.sm.wait_for_training_job("job")
    assert 30 <= service.clock.monotonic() < 60


@pytest.mark.parametrize(
    "not_found", [NOT_FOUND, ("ResourceNotFound", "no such job")], ids=["validation", "code"]
)
def test_a_name_never_created_fails_at_once(not_found: tuple[str, str]) -> None:
    service = Service(DescribeTrainingJob=lambda now: error(*not_found))
    with pytest.raises(ResourceNotFoundError):
        service.sm.wait_for_training_job("misspelt-job")
    assert service.clock.monotonic() == 0
    assert len(service.calls) == 1


def test_a_name_created_by_another_client_fails_at_once() -> None:
    creator = Service()
    creator.sm.create_training_job(training_job_request("job"))
    service = Service(DescribeTrainingJob=lambda now: error(*NOT_FOUND))
    with pytest.raises(ResourceNotFoundError):
        service.sm.wait_for_training_job("job")
    assert service.clock.sleeps == []


def test_rides_out_throttling_5xx_and_transport_errors() -> None:
    throttled = error("ThrottlingException", "Rate exceeded")
    service = Service(
        DescribeTrainingJob=at(
            [
                (0, throttled),
                (60, training(ONE_HOUR_JOB)(0)),
                (400, error("InternalFailure", "oops", status=500)),
                (500, EndpointConnectionError(endpoint_url="https://sagemaker")),
                (600, ReadTimeoutError(endpoint_url="https://sagemaker")),
                (700, training(ONE_HOUR_JOB)(3600)),
            ]
        )
    )
    job = service.sm.wait_for_training_job("job", poll=PollPolicy(jitter=0.5, random=lambda: 1.0))
    assert job.training_job_status == "Completed"
    calls = service.call_times("DescribeTrainingJob")
    assert 700 <= calls[-1] <= 730
    # The burst at the start is backed off from, with jitter: 5 s, 7.5 s, ... each halved.
    delays = [later - earlier for earlier, later in itertools.pairwise(calls)]
    assert delays[:4] == [2.5, 3.75, 5.625, 8.4375]


def test_other_errors_are_raised_at_once() -> None:
    service = Service(
        DescribeTrainingJob=lambda now: error("AccessDeniedException", "no", status=400)
    )
    with pytest.raises(ServiceError) as raised:
        service.sm.wait_for_training_job("job")
    assert raised.value.code == "AccessDeniedException"
    assert len(service.calls) == 1


# -- timeouts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", [0.0, 12.0, 100.0, 1000.5])
def test_times_out_with_the_last_response_and_never_sleeps_past_the_deadline(
    timeout: float,
) -> None:
    service = Service(DescribeTrainingJob=training(ONE_HOUR_JOB))
    with pytest.raises(WaiterTimeoutError) as raised:
        service.sm.wait_for_training_job("job", timeout=timeout)
    last = raised.value.last_response
    assert isinstance(last, DescribeTrainingJobResponse)
    assert last.training_job_status == "InProgress"
    assert service.clock.monotonic() == pytest.approx(timeout)
    assert service.call_times("DescribeTrainingJob")[-1] == pytest.approx(timeout)


def test_timing_out_during_faults_keeps_the_last_response_and_the_fault() -> None:
    service = Service(
        DescribeNotebookInstance=at(
            [(0, notebook("Pending")), (10, error("ThrottlingException", status=400))]
        )
    )
    with pytest.raises(WaiterTimeoutError) as raised:
        service.sm.wait_for_notebook_instance("nb", timeout=120)
    assert raised.value.last_response.notebook_instance_status == "Pending"
    assert isinstance(raised.value.__cause__, ServiceError)
    assert service.clock.monotonic() == 120


def test_notebook_waits_time_out_after_30_minutes_by_default() -> None:
    service = Service(DescribeNotebookInstance=lambda now: notebook("Pending"))
    with pytest.raises(WaiterTimeoutError):
        service.sm.wait_for_notebook_instance("nb")
    assert service.clock.monotonic() == 1800


def test_rejects_a_negative_timeout() -> None:
    service = Service(DescribeTrainingJob=training(ONE_HOUR_JOB))
    with pytest.raises(ValueError, match="timeout"):
        service.sm.wait_for_training_job("job", timeout=-1)


# -- unreachable targets ----------------------------------------------------------------------


def _wait_in(service: Service, waiter: str) -> Callable[[], object]:
    sm = service.sm
    return {
        "training": lambda: sm.wait_for_training_job("job"),
        "tuning": lambda: sm.wait_for_hyper_parameter_tuning_job("tuning"),
        "InService": lambda: sm.wait_for_notebook_instance("nb", target="InService"),
        "Stopped": lambda: sm.wait_for_notebook_instance("nb", target="Stopped"),
        "deleted": lambda: sm.wait_for_notebook_instance_deleted("nb"),
    }[waiter]


@pytest.mark.parametrize(
    ("waiter", "operation", "answer", "status", "target"),
    [
        (
            "training",
            "DescribeTrainingJob",
            training([(0, "Deleting", "Stopped")])(0),
            "Deleting",
            "Completed or Stopped",
        ),
        (
            "tuning",
            "DescribeHyperParameterTuningJob",
            tuning("Deleting"),
            "Deleting",
            "Completed or Stopped",
        ),
        (
            "tuning",
            "DescribeHyperParameterTuningJob",
            tuning("DeleteFailed"),
            "DeleteFailed",
            "Completed or Stopped",
        ),
        ("InService", "DescribeNotebookInstance", notebook("Stopped"), "Stopped", "InService"),
        ("InService", "DescribeNotebookInstance", notebook("Stopping"), "Stopping", "InService"),
        ("InService", "DescribeNotebookInstance", notebook("Deleting"), "Deleting", "InService"),
        ("Stopped", "DescribeNotebookInstance", notebook("Deleting"), "Deleting", "Stopped"),
        ("deleted", "DescribeNotebookInstance", notebook("InService"), "InService", "deleted"),
        ("deleted", "DescribeNotebookInstance", notebook("Stopped"), "Stopped", "deleted"),
    ],
)
def test_an_unreachable_target_fails_fast(
    waiter: str, operation: str, answer: Answer, status: str, target: str
) -> None:
    service = Service(**{operation: lambda now: answer})
    with pytest.raises(UnexpectedStateError) as raised:
        _wait_in(service, waiter)()
    assert (raised.value.status, raised.value.target) == (status, target)
    assert raised.value.response is not None
    assert service.clock.monotonic() < 30
    if operation == "DescribeNotebookInstance":  # only once it has held two polls and 10 s
        assert service.clock.monotonic() >= 10
        assert len(service.calls) >= 2


def test_a_held_status_that_returns_after_another_must_hold_again() -> None:
    # Stopped, then Pending, then Stopped again: the second Stopped is a new status that
    # must itself last two polls and 10 s (polls at 0, 5, 12.5 and 23.75 s).
    service = Service(
        DescribeNotebookInstance=at(
            [(0, notebook("Stopped")), (5, notebook("Pending")), (12, notebook("Stopped"))]
        )
    )
    with pytest.raises(UnexpectedStateError) as raised:
        service.sm.wait_for_notebook_instance("nb", poll=NO_JITTER)
    assert raised.value.status == "Stopped"
    assert service.call_times("DescribeNotebookInstance") == [0, 5, 12.5, 23.75]


def test_a_stale_notebook_status_right_after_a_start_is_ridden_out() -> None:
    service = Service(
        DescribeNotebookInstance=at(
            [(0, notebook("Stopped")), (8, notebook("Pending")), (200, notebook("InService"))]
        )
    )
    assert service.sm.wait_for_notebook_instance("nb").notebook_instance_status == "InService"


@pytest.mark.parametrize(
    "since",
    [WALL_CLOCK_START, WALL_CLOCK_START.astimezone().replace(tzinfo=None)],
    ids=["aware", "naive-local"],
)
def test_since_ignores_the_stopped_from_before_an_update(since: datetime.datetime) -> None:
    # Stopped since -100 s; updated at 0 s; the service shows the old Stopped for 20 s.
    timeline = at(
        [
            (0, notebook("Stopped", modified=-100)),
            (20, notebook("Updating", modified=20)),
            (300, notebook("Stopped", modified=300)),
        ]
    )
    hasty = Service(DescribeNotebookInstance=timeline)
    stale = hasty.sm.wait_for_notebook_instance("nb", target="Stopped")
    assert stale.last_modified_time == WALL_CLOCK_START - datetime.timedelta(seconds=100)
    service = Service(DescribeNotebookInstance=timeline)
    instance = service.sm.wait_for_notebook_instance("nb", target="Stopped", since=since)
    assert instance.last_modified_time == WALL_CLOCK_START + datetime.timedelta(seconds=300)
    assert service.clock.monotonic() >= 300


def test_a_stopped_modified_exactly_at_since_is_the_new_one() -> None:
    # The update and the service's record of it can carry the same instant.
    timeline = at([(0, notebook("Stopped", modified=0)), (300, notebook("Stopped", modified=300))])
    service = Service(DescribeNotebookInstance=timeline)
    instance = service.sm.wait_for_notebook_instance("nb", target="Stopped", since=WALL_CLOCK_START)
    assert instance.last_modified_time == WALL_CLOCK_START
    assert service.call_times("DescribeNotebookInstance") == [0]
    # A microsecond later than the record, the same Stopped is the stale one.
    later = WALL_CLOCK_START + datetime.timedelta(microseconds=1)
    stale = Service(DescribeNotebookInstance=timeline)
    instance = stale.sm.wait_for_notebook_instance("nb", target="Stopped", since=later)
    assert instance.last_modified_time == WALL_CLOCK_START + datetime.timedelta(seconds=300)


def test_since_accepts_a_stopped_after_another_status_whatever_the_clocks_say() -> None:
    # The caller's clock runs 60 s ahead of the service's: every LastModifiedTime is "old".
    timeline = at(
        [
            (0, notebook("Stopped", modified=-100)),
            (10, notebook("Updating", modified=-50)),
            (90, notebook("Stopped", modified=-40)),
        ]
    )
    service = Service(DescribeNotebookInstance=timeline)
    instance = service.sm.wait_for_notebook_instance("nb", target="Stopped", since=WALL_CLOCK_START)
    assert instance.last_modified_time == WALL_CLOCK_START - datetime.timedelta(seconds=40)


def test_rejects_an_unknown_notebook_target() -> None:
    service = Service(DescribeNotebookInstance=lambda now: notebook("InService"))
    with pytest.raises(ValueError, match="target"):
        service.sm.wait_for_notebook_instance("nb", target="Running")  # type: ignore[arg-type]
    assert service.calls == []


# -- deletion ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "gone",
    [
        NOT_FOUND,
        ("ResourceNotFound", "nb"),
        ("ValidationException", "Could not find notebook instance nb"),
    ],
)
def test_deleted_when_not_found(gone: tuple[str, str]) -> None:
    service = Service(DescribeNotebookInstance=at([(0, notebook("Deleting")), (90, error(*gone))]))
    seen: list[DescribeNotebookInstanceResponse | None] = []
    service.sm.wait_for_notebook_instance_deleted("nb", on_change=seen.append)
    assert [r.notebook_instance_status if r else None for r in seen] == ["Deleting", None]


def test_deleting_a_failed_instance_rides_out_the_stale_failed() -> None:
    service = Service(
        DescribeNotebookInstance=at(
            [(0, notebook("Failed")), (8, notebook("Deleting")), (60, error(*NOT_FOUND))]
        )
    )
    seen: list[DescribeNotebookInstanceResponse | None] = []
    service.sm.wait_for_notebook_instance_deleted("nb", on_change=seen.append, poll=NO_JITTER)
    assert [r.notebook_instance_status if r else None for r in seen] == [
        "Failed",
        "Deleting",
        None,
    ]
    # Polls at 0, 5, 12.5, 23.75, 40.625, 65.9375 s: gone at the first poll after 60 s.
    assert service.call_times("DescribeNotebookInstance")[-1] == pytest.approx(65.9375)


def test_an_instance_that_stays_failed_is_not_deleted() -> None:
    service = Service(
        DescribeNotebookInstance=lambda now: notebook("Failed", failure_reason="disk")
    )
    with pytest.raises(NotebookInstanceFailedError) as raised:
        service.sm.wait_for_notebook_instance_deleted("nb")
    assert raised.value.failure_reason == "disk"
    assert 10 <= service.clock.monotonic() < 30


# -- reporting changes ------------------------------------------------------------------------


def test_on_change_sees_each_secondary_status_once_in_order() -> None:
    service = Service(DescribeTrainingJob=training(ONE_HOUR_JOB))
    seen: list[DescribeTrainingJobResponse] = []
    service.sm.wait_for_training_job("job", on_change=seen.append)
    assert [(r.training_job_status, r.secondary_status) for r in seen] == [
        (status, secondary) for _, status, secondary in ONE_HOUR_JOB
    ]


def test_on_change_sees_states_shorter_than_a_poll_from_the_transitions() -> None:
    phases = [
        (0, "InProgress", "Starting"),
        (1, "InProgress", "Downloading"),
        (2, "InProgress", "Training"),
        (3, "InProgress", "Uploading"),
        (4, "Completed", "Completed"),
    ]
    service = Service(DescribeTrainingJob=training(phases))
    seen: list[DescribeTrainingJobResponse] = []
    service.sm.wait_for_training_job("job", on_change=seen.append)
    assert len(service.calls) == 2  # the short states all passed between two polls
    assert [(r.training_job_status, r.secondary_status) for r in seen] == [
        (status, secondary) for _, status, secondary in phases
    ]
    assert [len(r.secondary_status_transitions or []) for r in seen] == [1, 2, 3, 4, 5]


def test_on_change_skips_history_from_before_the_wait_and_repeats_nothing() -> None:
    service = Service(DescribeTrainingJob=lambda now: training(ONE_HOUR_JOB)(now + 1000))
    seen: list[DescribeTrainingJobResponse] = []
    service.sm.wait_for_training_job("job", on_change=seen.append)
    assert [r.secondary_status for r in seen] == ["Training", "Uploading", "Completed"]


def test_progress_prints_a_line_per_transition(capsys: pytest.CaptureFixture[str]) -> None:
    service = Service(DescribeTrainingJob=training(ONE_HOUR_JOB))
    service.sm.wait_for_training_job("job", progress=True, poll=NO_JITTER)
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 5
    for line, (start, status, secondary) in zip(lines, ONE_HOUR_JOB, strict=True):
        match = re.fullmatch(r"\[ *(\d+)m(\d\d)s\] (\w+) / (\w+) — (.+)", line)
        assert match, line
        elapsed = int(match[1]) * 60 + int(match[2])
        assert start <= elapsed <= start + 30
        assert match.group(3, 4, 5) == (status, secondary, STATUS_MESSAGES[secondary])
    assert lines[2] == "[  7m05s] InProgress / Training — " + STATUS_MESSAGES["Training"]


def test_progress_for_notebooks_shows_the_status(capsys: pytest.CaptureFixture[str]) -> None:
    service = Service(
        DescribeNotebookInstance=at([(0, notebook("Pending")), (200, notebook("InService"))])
    )
    service.sm.wait_for_notebook_instance("nb", progress=True, poll=NO_JITTER)
    assert capsys.readouterr().err.splitlines() == ["[  0m00s] Pending", "[  3m35s] InService"]


def test_nothing_is_printed_without_progress(capsys: pytest.CaptureFixture[str]) -> None:
    service = Service(DescribeTrainingJob=training(ONE_HOUR_JOB))
    service.sm.wait_for_training_job("job")
    assert capsys.readouterr() == ("", "")


def test_transitions_are_logged_at_info_without_payloads(caplog: pytest.LogCaptureFixture) -> None:
    service = Service(DescribeTrainingJob=training(ONE_HOUR_JOB))
    with caplog.at_level(logging.INFO, logger="sagemaker_typed"):
        service.sm.wait_for_training_job("job")
    infos = [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.INFO and r.name == "sagemaker_typed"
    ]
    assert infos == [
        f"training job job: {status} / {secondary}" for _, status, secondary in ONE_HOUR_JOB
    ]


def test_states_missed_between_polls_are_logged_in_order(caplog: pytest.LogCaptureFixture) -> None:
    # The first poll sees Starting; by the second, Downloading has come and gone.
    phases = [
        (0, "InProgress", "Starting"),
        (1, "InProgress", "Downloading"),
        (2, "InProgress", "Training"),
        (600, "Completed", "Completed"),
    ]
    service = Service(DescribeTrainingJob=training(phases))
    with caplog.at_level(logging.INFO, logger="sagemaker_typed"):
        service.sm.wait_for_training_job("job")
    logged = [r.getMessage() for r in caplog.records if r.name == "sagemaker_typed"]
    assert logged == [
        "training job job: InProgress / Starting",
        "training job job: InProgress / Downloading",
        "training job job: InProgress / Training",
        "training job job: Completed / Completed",
    ]


# -- PollPolicy -------------------------------------------------------------------------------


def _first(policy: PollPolicy, count: int) -> list[float]:
    delays = policy.delays()
    return [next(delays) for _ in range(count)]


def test_poll_policy_grows_to_its_cap() -> None:
    assert _first(NO_JITTER, 7) == [5.0, 7.5, 11.25, 16.875, 25.3125, 30.0, 30.0]


@given(
    initial=hs.floats(0.001, 100),
    spread=hs.floats(1, 100),
    multiplier=hs.floats(1, 10),
    jitter=hs.floats(0, 1),
    fractions=hs.lists(hs.floats(0, 1), min_size=1, max_size=30),
)
def test_jitter_only_shortens(
    initial: float, spread: float, multiplier: float, jitter: float, fractions: list[float]
) -> None:
    draws = iter(fractions)
    policy = PollPolicy(
        initial_delay=initial,
        max_delay=initial * spread,
        multiplier=multiplier,
        jitter=jitter,
        random=lambda: next(draws),
    )
    plain = _first(attrs.evolve(policy, jitter=0.0, random=lambda: 0.0), len(fractions))
    for jittered, base in zip(_first(policy, len(fractions)), plain, strict=True):
        assert base * (1 - jitter) - 1e-9 <= jittered <= base


@pytest.mark.parametrize(
    "bad",
    [
        {"initial_delay": 0},
        {"initial_delay": -1},
        {"initial_delay": float("nan")},
        {"max_delay": 1},  # below initial_delay
        {"max_delay": float("inf")},
        {"multiplier": 0.5},
        {"jitter": -0.1},
        {"jitter": 1.5},
    ],
)
def test_poll_policy_rejects_bad_values(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="invalid PollPolicy"):
        PollPolicy(**bad)


def test_poll_policy_equality_ignores_the_random_source() -> None:
    assert PollPolicy(random=lambda: 0.5) == PollPolicy()
    assert "random" not in repr(PollPolicy())


@pytest.mark.parametrize("draw", [0.0, 0.5, 0.999999], ids=["none", "half", "full"])
def test_default_policy_meets_the_budget_on_a_one_hour_job(draw: float) -> None:
    run = simulate(PollPolicy(random=lambda: draw))
    assert run.calls <= MAX_CALLS
    assert run.lag <= MAX_LAG_SECONDS
    assert run.worst_lag <= MAX_LAG_SECONDS


# -- end to end on the local backend ----------------------------------------------------------


class ActingClock(FakeClock):
    """A FakeClock that runs an action once its time has come (a job finishing)."""

    def __init__(self, actions: Sequence[tuple[float, Callable[[], object]]]) -> None:
        super().__init__()
        self._actions = sorted(actions, key=lambda action: action[0])

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        while self._actions and self._actions[0][0] <= self.monotonic():
            self._actions.pop(0)[1]()


@contextlib.contextmanager
def local(clock: FakeClock) -> Iterator[SageMakerClient]:
    """The local backend on ``clock``; requests unvalidated: validation is not tested here."""
    with local_sagemaker(clock=clock) as sm:
        yield shells.client(SHELL[0], sm.boto_client, clock=clock, validate=False)


def test_local_training_job_runs_to_completed() -> None:
    arn: list[str] = []
    clock = ActingClock([(100, lambda: complete_job(arn[0]))])
    with local(clock) as sm:
        arn.append(sm.create_training_job(training_job_request("job")).training_job_arn)
        hold_in_progress(arn[0])
        seen: list[DescribeTrainingJobResponse] = []
        job = sm.wait_for_training_job("job", on_change=seen.append)
    assert job.training_job_status == "Completed"
    assert [r.secondary_status for r in seen] == ["Training", "Completed"]
    assert 100 <= clock.monotonic() <= 130


def test_local_tuning_job_runs_to_completed() -> None:
    arn: list[str] = []
    clock = ActingClock([(300, lambda: complete_job(arn[0]))])
    with local(clock) as sm:
        created = sm.create_hyper_parameter_tuning_job(tuning_job_request("tuning"))
        arn.append(created.hyper_parameter_tuning_job_arn)
        hold_in_progress(arn[0])
        tuning = sm.wait_for_hyper_parameter_tuning_job("tuning")
    assert tuning.hyper_parameter_tuning_job_status == "Completed"
    assert clock.monotonic() >= 300


def test_local_notebook_instance_in_service_then_updated_then_deleted() -> None:
    clock = FakeClock()
    with local(clock) as sm:
        sm.create_notebook_instance(notebook_request("nb"))
        assert sm.wait_for_notebook_instance("nb").notebook_instance_status == "InService"
        sm.stop_notebook_instance("nb")
        sm.wait_for_notebook_instance("nb", target="Stopped")
        since = datetime.datetime.now(datetime.UTC)
        sm.update_notebook_instance(
            UpdateNotebookInstanceRequest(notebook_instance_name="nb", volume_size_in_gb=10)
        )
        updated = sm.wait_for_notebook_instance("nb", target="Stopped", since=since)
        assert updated.volume_size_in_gb == 10
        assert updated.last_modified_time is not None
        assert updated.last_modified_time >= since
        sm.delete_notebook_instance("nb")
        sm.wait_for_notebook_instance_deleted("nb")
        with pytest.raises(ResourceNotFoundError):
            sm.describe_notebook_instance("nb")
