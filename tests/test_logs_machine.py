"""The log follower as a machine: stream discovery after restarts, and its costs."""

from __future__ import annotations

import datetime
from typing import Any

from sagemaker_typed._logs import LogFollower
from sagemaker_typed._logs_models import (
    DescribeLogStreamsRequest,
    DescribeLogStreamsResponse,
    GetLogEventsRequest,
    GetLogEventsResponse,
    LogStream,
    OutputLogEvent,
)
from sagemaker_typed._machine import iterate
from sagemaker_typed.models import (
    DescribeTrainingJobResponse,
    ResourceConfig,
    SecondaryStatusTransition,
)
from sagemaker_typed.testing import FakeClock

EPOCH = datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)


def _ms(seconds: float) -> int:
    return int((EPOCH.timestamp() + seconds) * 1000)


class Job:
    """A job of 2 hosts whose instances restart at 100 s (new streams at 120 s)."""

    describe_limit = None

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.discoveries: list[float] = []
        # stream -> (created at, [(written at, message)])
        self.streams: dict[str, tuple[float, list[tuple[float, str]]]] = {
            "job/algo-1-1": (0.0, [(1.0, "a1 first"), (50.0, "a1 before restart")]),
            "job/algo-2-1": (0.0, [(2.0, "a2 first")]),
            "job/algo-1-2": (120.0, [(121.0, "a1 after restart")]),
            "job/algo-2-2": (125.0, [(126.0, "a2 after restart"), (199.0, "a2 last")]),
        }

    def describe_training_job(self, name: str) -> DescribeTrainingJobResponse:
        now = self.clock.monotonic()
        transitions = [SecondaryStatusTransition(status="Training", start_time=EPOCH)]
        if now >= 100:
            restart = EPOCH + datetime.timedelta(seconds=100)
            transitions.append(SecondaryStatusTransition(status="Restarting", start_time=restart))
            transitions.append(SecondaryStatusTransition(status="Training", start_time=restart))
        ended = now >= 200
        return DescribeTrainingJobResponse(
            training_job_name=name,
            training_job_arn="arn:aws:sagemaker:us-east-1:123456789012:training-job/job",
            model_artifacts=None,  # type: ignore[arg-type]
            training_job_status="Completed" if ended else "InProgress",
            secondary_status="Completed" if ended else "Training",
            algorithm_specification=None,
            resource_config=ResourceConfig(
                instance_type="ml.m5.large", instance_count=2, volume_size_in_gb=10
            ),
            stopping_condition=None,  # type: ignore[arg-type]
            creation_time=EPOCH,
            training_end_time=EPOCH + datetime.timedelta(seconds=200) if ended else None,
            secondary_status_transitions=transitions,
        )

    def _describe_log_streams(
        self, request: DescribeLogStreamsRequest
    ) -> DescribeLogStreamsResponse:
        now = self.clock.monotonic()
        self.discoveries.append(now)
        listed = [
            LogStream(log_stream_name=name, creation_time=_ms(created))
            for name, (created, _) in sorted(self.streams.items())
            if created <= now
        ]
        return DescribeLogStreamsResponse(log_streams=listed)

    def _get_log_events(self, request: GetLogEventsRequest) -> GetLogEventsResponse:
        now = self.clock.monotonic()
        lines = [line for line in self.streams[request.log_stream_name][1] if line[0] <= now]
        first = int(request.next_token or 0)
        events = [
            OutputLogEvent(timestamp=_ms(at), message=message, ingestion_time=_ms(at))
            for at, message in lines[first:]
        ]
        return GetLogEventsResponse(events=events, next_forward_token=str(len(lines)))


def test_a_restart_brings_discovery_back_until_every_host_has_its_new_stream() -> None:
    clock = FakeClock()
    job = Job(clock)
    follower = LogFollower("job", drain_seconds=30.0)
    core: Any = job
    messages = [event.message for event in iterate(follower.follow(follow=True), core, clock)]
    assert messages == [
        "a1 first",
        "a2 first",
        "a1 before restart",
        "a1 after restart",
        "a2 after restart",
        "a2 last",
    ]
    during_first_run = [at for at in job.discoveries if at < 100]
    assert during_first_run == [0.0]  # both streams at once, then no more
    after_restart = [at for at in job.discoveries if 100 <= at < 200]
    # Seen at the describe of 120 s; until algo-2's new stream (125 s) is found.
    assert after_restart[0] >= 100
    assert 125 <= after_restart[-1] < 150
    assert len([at for at in job.discoveries if at >= 200]) == 1  # once after the end
