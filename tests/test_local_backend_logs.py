"""The local backend's training job logs: what a job writes, when, where; what a test adds.

Each flow runs in-process and over HTTP (moto's server), with real boto3 clients.
Following those logs (every line once, in order, at a bounded cost) is
tests/test_logs.py's subject.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from sagemaker_typed import SageMakerClient
from sagemaker_typed.testing import (
    FakeClock,
    LocalSageMaker,
    fail_job,
    local_sagemaker,
    plan_training_job,
    write_training_log,
)
from tests.moto_server import fake_session
from tests.requests import training_job_request, tuning_job_request

GROUP = "/aws/sagemaker/TrainingJobs"
DAY = 86_400.0


class Local:
    def __init__(self, sm: SageMakerClient, clock: FakeClock) -> None:
        self.sm, self.clock, self.logs = sm, clock, sm.logs_client


@pytest.fixture(params=["in-process", "server"])
def local(request: pytest.FixtureRequest) -> Iterator[Local]:
    clock = FakeClock()
    backend = LocalSageMaker(clock=clock, server=request.param == "server")
    sm = backend.start()
    try:
        yield Local(sm, clock)
    finally:
        backend.stop()


def _create(sm: SageMakerClient, name: str, hosts: int = 1) -> None:
    request = training_job_request(name)
    assert request.resource_config is not None
    config = attrs.evolve(request.resource_config, instance_count=hosts)
    sm.create_training_job(attrs.evolve(request, resource_config=config))


def _streams(logs: Any, job: str) -> list[dict[str, Any]]:
    pages = logs.get_paginator("describe_log_streams").paginate(
        logGroupName=GROUP, logStreamNamePrefix=f"{job}/"
    )
    return [stream for page in pages for stream in page["logStreams"]]


def _events(logs: Any, stream: str) -> list[tuple[int, str]]:
    answer = logs.get_log_events(logGroupName=GROUP, logStreamName=stream, startFromHead=True)
    return [(event["timestamp"], event["message"]) for event in answer["events"]]


def _in_write_order(job: str, host: str) -> list[int]:
    """The timestamps of a host's stream in the order they were written (moto's list)."""
    from moto.logs.models import logs_backends

    group = logs_backends["123456789012"]["us-east-1"].groups[GROUP]
    (stream,) = (s for name, s in group.streams.items() if name.startswith(f"{job}/{host}-"))
    return [event.timestamp for event in stream.events]


def _ms(moment: datetime.datetime) -> int:
    return int(moment.timestamp() * 1000)


def test_each_host_writes_its_stream_dated_at_the_jobs_moves(local: Local) -> None:
    _create(local.sm, "two-hosts", hosts=2)
    local.clock.advance(3600.0)
    job = local.sm.describe_training_job("two-hosts")
    assert job.training_job_status == "Completed"
    moves = {t.status: t.start_time for t in job.secondary_status_transitions or []}
    streams = _streams(local.logs, "two-hosts")
    training = moves["Training"]
    epoch = calendar.timegm(training.utctimetuple())
    assert [s["logStreamName"] for s in streams] == [
        f"two-hosts/algo-1-{epoch}",
        f"two-hosts/algo-2-{epoch}",
    ]
    assert {s["creationTime"] for s in streams} == {_ms(training)}
    for index, stream in enumerate(streams, start=1):
        events = _events(local.logs, stream["logStreamName"])
        assert [message for _, message in events] == [
            f"Training started on algo-{index} (host {index} of 2)",
            *(f"Epoch {n}/10" for n in range(1, 11)),
            "Training finished: uploading the model",
            "Reporting training SUCCESS",
        ]
        stamps = [stamp for stamp, _ in events]
        assert stamps[0] == _ms(training)
        assert stamps[-2] == _ms(moves["Uploading"])
        assert stamps[-1] == _ms(moves["Completed"])
        # The epochs spread over the Training phase, strictly inside it.
        assert stamps[0] < stamps[1] < stamps[10] < stamps[11]
        gaps = {b - a for a, b in itertools.pairwise(stamps[1:11])}
        assert max(gaps) - min(gaps) <= 1


def test_nothing_is_written_before_training_nor_after_a_stop_or_a_failure(local: Local) -> None:
    _create(local.sm, "starting")
    local.clock.advance(60.0)  # Starting: the container has not started yet
    assert local.logs.describe_log_groups(logGroupNamePrefix=GROUP)["logGroups"] == []
    # Training from 7 min, an epoch every ~4.5 min: stopped after two epochs.
    local.clock.advance(17 * 60.0)
    local.sm.stop_training_job("starting")
    _create(local.sm, "failing")
    local.clock.advance(17 * 60.0)
    fail_job("failing", "AlgorithmError: out of memory")
    local.clock.advance(DAY)
    assert local.sm.describe_training_job("starting").training_job_status == "Stopped"
    assert local.sm.describe_training_job("failing").training_job_status == "Failed"
    for job in ("starting", "failing"):
        (stream,) = _streams(local.logs, job)
        assert [m for _, m in _events(local.logs, stream["logStreamName"])] == [
            "Training started on algo-1 (host 1 of 1)",
            "Epoch 1/10",
            "Epoch 2/10",
        ]


def test_a_tuning_jobs_training_jobs_write_their_logs_too(local: Local) -> None:
    local.sm.create_hyper_parameter_tuning_job(tuning_job_request("tuned"))
    local.clock.advance(DAY)
    children = [
        s.training_job_name
        for s in local.sm.list_training_jobs_for_hyper_parameter_tuning_job("tuned")
    ]
    assert len(children) == 4
    for child in children:
        (stream,) = _streams(local.logs, child)
        lines = [m for _, m in _events(local.logs, stream["logStreamName"])]
        assert lines[-1] == "Reporting training SUCCESS"


def test_write_training_log_appends_at_the_clocks_time_after_the_jobs_own_lines(
    local: Local,
) -> None:
    plan_training_job("scripted", duration=600.0)
    _create(local.sm, "scripted", hosts=2)
    write_training_log("scripted", "algo-2", [])  # Starting: an empty stream, made now
    local.clock.advance(10.0)
    arn = local.sm.describe_training_job("scripted").training_job_arn
    write_training_log(arn, "algo-2", ["by ARN", "second"])
    local.clock.advance(400.0)  # Training from 70 s: epochs 1 to 7 are due, unwritten
    write_training_log("scripted", "algo-2", ["late"])
    (first, second) = _streams(local.logs, "scripted")
    created = local.sm.describe_training_job("scripted").creation_time
    start = _ms(created)
    assert second["logStreamName"] == f"scripted/algo-2-{start // 1000}"
    assert second["creationTime"] == start
    assert first["creationTime"] == start + 70_000
    events = _events(local.logs, second["logStreamName"])
    assert events[:3] == [
        (start + 10_000, "by ARN"),
        (start + 10_000, "second"),
        (start + 70_000, "Training started on algo-2 (host 2 of 2)"),
    ]
    assert [m for _, m in events[3:]] == [*(f"Epoch {n}/10" for n in range(1, 8)), "late"]
    assert events[-1][0] == start + 410_000
    # Written in time order, not just read so (moto sorts what it answers by time).
    assert _in_write_order("scripted", "algo-2") == [stamp for stamp, _ in events]
    local.clock.advance(DAY)  # after the end too
    write_training_log("scripted", "algo-1", ["after the end"])
    assert _events(local.logs, first["logStreamName"])[-1][1] == "after the end"


def test_write_training_log_refuses_what_the_service_would_not_have() -> None:
    with local_sagemaker(clock=FakeClock()) as sm:
        _create(sm, "job", hosts=2)
        sm.create_hyper_parameter_tuning_job(tuning_job_request("tuning"))
        with pytest.raises(LookupError, match="no-such-job"):
            write_training_log("no-such-job", "algo-1", ["x"])
        with pytest.raises(ValueError, match="has no host 'algo-3': its hosts are algo-1, algo-2"):
            write_training_log("job", "algo-3", ["x"])
        with pytest.raises(ValueError, match="not a training job"):
            write_training_log("tuning", "algo-1", ["x"])
        with pytest.raises(TypeError, match="not one string"):
            write_training_log("job", "algo-1", "x")
        with pytest.raises(ValueError, match="non-empty string"):
            write_training_log("job", "algo-1", ["x", ""])
        assert sm.logs_client.describe_log_groups(logGroupNamePrefix=GROUP)["logGroups"] == []
    with pytest.raises(LookupError, match="no local backend is running"):
        write_training_log("job", "algo-1", ["x"])


def _put_now_plus(logs: Any, now: datetime.datetime, seconds: float) -> dict[str, Any]:
    """PutLogEvents of one line dated ``seconds`` after ``now``, through the API."""
    if not logs.describe_log_groups(logGroupNamePrefix="mine")["logGroups"]:
        logs.create_log_group(logGroupName="mine")
        logs.create_log_stream(logGroupName="mine", logStreamName="s")
    stamp = _ms(now + datetime.timedelta(seconds=seconds))
    answer: dict[str, Any] = logs.put_log_events(
        logGroupName="mine", logStreamName="s", logEvents=[{"timestamp": stamp, "message": "m"}]
    )
    return answer


def test_cloudwatch_logs_keeps_the_backends_time_and_plain_moto_its_own() -> None:
    from moto import mock_aws

    session = fake_session()

    def plain_rejects_three_hours_ahead() -> bool:
        with mock_aws():
            now = datetime.datetime.now(datetime.UTC)
            answer = _put_now_plus(session.client("logs"), now, 3 * 3600)
            return "tooNewLogEventStartIndex" in answer.get("rejectedLogEventsInfo", {})

    assert plain_rejects_three_hours_ahead()
    for server in (False, True):
        clock = FakeClock()
        with LocalSageMaker(clock=clock, server=server) as sm:
            started = datetime.datetime.now(datetime.UTC)
            clock.advance(30 * DAY)  # far outside CloudWatch's window around real time
            simulated = started + datetime.timedelta(days=30)
            answer = _put_now_plus(sm.logs_client, simulated, 0)
            assert "rejectedLogEventsInfo" not in answer
            assert "rejectedLogEventsInfo" in _put_now_plus(sm.logs_client, simulated, 3 * 3600)
            (stream,) = sm.logs_client.describe_log_streams(logGroupName="mine")["logStreams"]
            # (the backend's time began a moment before ``started``)
            assert 0 <= _ms(simulated) - stream["creationTime"] < 60_000
            assert 0 <= _ms(simulated) - stream["lastIngestionTime"] < 60_000
    assert plain_rejects_three_hours_ahead()
