"""CloudWatch Logs calls per job-hour while following a training job's logs, ours
against the SageMaker SDK's algorithm, on the same simulated timeline.

The job runs one hour on 1, 8 and 64 hosts. Each host's stream appears when it first
writes (the last host starts ten minutes late), its lines reach CloudWatch in batches
every 5 s (as SageMaker's log agent sends them), and lines keep coming for 10 s after
the job ends. A simulated CloudWatch Logs answers both readers with the service's
paging (50 streams a DescribeLogStreams page, forward tokens that stay put at the end
of a stream) and counts their calls; a simulated clock runs both.

- ours: the real ``LogFollower`` machine of ``training_job_logs(follow=True)``, driven
  by the real sync driver (``_machine.iterate``) over a core that answers from the
  simulation instead of boto3.
- the SageMaker SDK's algorithm (``logs_for_job(wait=True)``, re-implemented here from
  its documented behaviour): every poll (10 s) it runs stream discovery
  (DescribeLogStreams, all pages) and reads each stream from its last
  (timestamp, skip) position with GetLogEvents until an empty page; it describes the
  job every 30 s, and after seeing the end reads once more after one poll, then stops.

Two timelines: "chatty" hosts write a line every 2 s, "quiet" ones a line a minute.
Target: ours spends at most half the calls of theirs, and loses and repeats no line.
Lines out of timestamp order (older than the line before them) are counted too.
Run ``python -m benchmarks.log_following``.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Callable
from typing import Any, NamedTuple

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

HOSTS = (1, 8, 64)
JOB_SECONDS = 3600.0
LATE_LINES_SECONDS = 10.0  # lines written after the end
AGENT_FLUSH_SECONDS = 5.0  # lines reach CloudWatch in batches this far apart
SDK_POLL_SECONDS = 10.0
SDK_DESCRIBE_SECONDS = 30.0
TIMELINES = {"chatty": 2.0, "quiet": 60.0}  # seconds between two lines of a host
EPOCH_MS = 1_790_000_000_000  # wall time of clock 0, in epoch milliseconds
MAX_RATIO = 0.5


# -- the simulated service ----------------------------------------------------------------


class _Line(NamedTuple):
    timestamp: int  # epoch ms
    visible_at: float  # clock seconds: when CloudWatch has it
    message: str


class SimulatedJob:
    """A training job's hosts writing lines, and CloudWatch Logs answering for them."""

    def __init__(self, job: str, hosts: int, every: float, clock: FakeClock) -> None:
        self.job, self.hosts, self.clock = job, hosts, clock
        self.streams: dict[str, list[_Line]] = {}
        self.visible_at: dict[str, list[float]] = {}
        self.created: dict[str, float] = {}
        self.calls = {"DescribeLogStreams": 0, "GetLogEvents": 0}
        for host in range(1, hosts + 1):
            start = 600.0 if host == hosts and hosts > 1 else 60.0 + host % 30
            name = f"{job}/algo-{host}-{EPOCH_MS // 1000 + int(start)}"
            lines = []
            at = start
            while at <= JOB_SECONDS + LATE_LINES_SECONDS:
                flush = (at // AGENT_FLUSH_SECONDS + 1) * AGENT_FLUSH_SECONDS
                lines.append(_Line(EPOCH_MS + int(at * 1000), flush, f"algo-{host} {at:.3f}"))
                at += every
            self.streams[name] = lines
            self.visible_at[name] = [line.visible_at for line in lines]
            self.created[name] = lines[0].visible_at

    def written(self) -> dict[str, list[str]]:
        return {name: [line.message for line in lines] for name, lines in self.streams.items()}

    def _visible(self, name: str) -> list[_Line]:
        lines = self.streams[name]
        now = self.clock.monotonic()
        return lines[: bisect.bisect_right(self.visible_at[name], now)]

    def describe_log_streams(self, prefix: str, token: str | None) -> tuple[list[str], str | None]:
        self.calls["DescribeLogStreams"] += 1
        now = self.clock.monotonic()
        names = sorted(n for n, at in self.created.items() if at <= now and n.startswith(prefix))
        start = int(token) if token else 0
        end = start + 50
        return names[start:end], (str(end) if end < len(names) else None)

    def get_log_events(
        self, name: str, token: str | None, start_time: int | None
    ) -> tuple[list[_Line], str]:
        """Forward paging from the head (``f/<index>`` tokens), at most 10,000 lines."""
        self.calls["GetLogEvents"] += 1
        lines = [
            line
            for line in self._visible(name)
            if start_time is None or line.timestamp >= start_time
        ]
        first = int(token[2:]) if token else 0
        page = lines[first : first + 10_000]
        return page, f"f/{first + len(page)}"

    def description(self) -> DescribeTrainingJobResponse:
        ended = self.clock.monotonic() >= JOB_SECONDS
        end_time = datetime.datetime.fromtimestamp(EPOCH_MS / 1000 + JOB_SECONDS, tz=datetime.UTC)
        start_time = datetime.datetime.fromtimestamp(EPOCH_MS / 1000, tz=datetime.UTC)
        return DescribeTrainingJobResponse(
            training_job_name=self.job,
            training_job_arn=f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{self.job}",
            model_artifacts=None,  # type: ignore[arg-type]
            training_job_status="Completed" if ended else "InProgress",
            secondary_status="Completed" if ended else "Training",
            algorithm_specification=None,
            resource_config=ResourceConfig(
                instance_type="ml.p4d.24xlarge", instance_count=self.hosts, volume_size_in_gb=30
            ),
            stopping_condition=None,  # type: ignore[arg-type]
            creation_time=start_time,
            training_end_time=end_time if ended else None,
            secondary_status_transitions=[
                SecondaryStatusTransition(status="Training", start_time=start_time)
            ],
        )


class _SimulatedCore:
    """What the log machine calls, answered by a :class:`SimulatedJob`."""

    describe_limit = None  # no pacing of describes (the drivers read it)

    def __init__(self, job: SimulatedJob) -> None:
        self.job = job

    def describe_training_job(self, name: str) -> DescribeTrainingJobResponse:
        return self.job.description()

    def _describe_log_streams(
        self, request: DescribeLogStreamsRequest
    ) -> DescribeLogStreamsResponse:
        assert request.log_stream_name_prefix is not None
        names, token = self.job.describe_log_streams(
            request.log_stream_name_prefix, request.next_token
        )
        streams = [
            LogStream(log_stream_name=name, creation_time=int(self.job.created[name] * 1000))
            for name in names
        ]
        return DescribeLogStreamsResponse(log_streams=streams, next_token=token)

    def _get_log_events(self, request: GetLogEventsRequest) -> GetLogEventsResponse:
        lines, token = self.job.get_log_events(
            request.log_stream_name, request.next_token, request.start_time
        )
        events = [
            OutputLogEvent(timestamp=line.timestamp, message=line.message, ingestion_time=0)
            for line in lines
        ]
        return GetLogEventsResponse(events=events, next_forward_token=token)


# -- the two readers ------------------------------------------------------------------------


def read_ours(job: SimulatedJob) -> list[tuple[str, str, int]]:
    follower = LogFollower(job.job, drain_seconds=30.0)
    machine = follower.follow(follow=True)
    core: Any = _SimulatedCore(job)
    return [
        (event.stream, event.message, int(event.timestamp.timestamp() * 1000))
        for event in iterate(machine, core, job.clock)
    ]


def read_sdk_algorithm(job: SimulatedJob) -> list[tuple[str, str, int]]:
    """The SageMaker SDK's ``logs_for_job(wait=True)`` loop, on the simulation."""
    clock = job.clock
    positions: dict[str, tuple[int, int]] = {}  # stream -> (timestamp, skip)
    read: list[tuple[str, str, int]] = []
    state = "tailing"
    last_describe = clock.monotonic()
    while True:
        # Discovery on every poll, every page.
        token: str | None = None
        while True:
            names, token = job.describe_log_streams(f"{job.job}/", token)
            for name in names:
                positions.setdefault(name, (0, 0))
            if token is None:
                break
        for name in sorted(positions):
            timestamp, skip = positions[name]
            page_token = None
            while True:  # until an empty page
                lines, page_token = job.get_log_events(name, page_token, timestamp)
                if not lines:
                    break
                for line in lines:
                    if skip:
                        skip -= 1
                        continue
                    read.append((name, line.message, line.timestamp))
                    ts, count = positions[name]
                    positions[name] = (
                        (ts, count + 1) if line.timestamp == ts else (line.timestamp, 1)
                    )
                timestamp, skip = positions[name]
        if state == "complete":
            return read
        if state == "job_complete":
            state = "complete"
        clock.sleep(SDK_POLL_SECONDS)
        if state == "tailing" and clock.monotonic() - last_describe >= SDK_DESCRIBE_SECONDS:
            last_describe = clock.monotonic()
            if job.description().training_job_status != "InProgress":
                state = "job_complete"


class Result(NamedTuple):
    describe_log_streams: int
    get_log_events: int
    lost: int
    repeated: int
    out_of_order: int  # lines older than the line before them

    @property
    def calls(self) -> int:
        return self.describe_log_streams + self.get_log_events


def run(
    reader: Callable[[SimulatedJob], list[tuple[str, str, int]]], hosts: int, every: float
) -> Result:
    clock = FakeClock()
    job = SimulatedJob("bench-job", hosts, every, clock)
    got = reader(job)
    written = {(name, message) for name, lines in job.written().items() for message in lines}
    seen: set[tuple[str, str]] = set()
    repeated = out_of_order = 0
    latest = 0
    for stream, message, timestamp in got:
        repeated += (stream, message) in seen
        seen.add((stream, message))
        out_of_order += timestamp < latest
        latest = max(latest, timestamp)
    return Result(
        job.calls["DescribeLogStreams"],
        job.calls["GetLogEvents"],
        len(written - seen),
        repeated,
        out_of_order,
    )


class Row(NamedTuple):
    timeline: str
    hosts: int
    ours: Result
    theirs: Result

    @property
    def ratio(self) -> float:
        return self.ours.calls / self.theirs.calls

    @property
    def met(self) -> bool:
        return self.ratio <= MAX_RATIO and self.ours.lost == self.ours.repeated == 0


def measure() -> list[Row]:
    return [
        Row(name, hosts, run(read_ours, hosts, every), run(read_sdk_algorithm, hosts, every))
        for name, every in TIMELINES.items()
        for hosts in HOSTS
    ]


def table(rows: list[Row]) -> str:
    lines = [
        "CloudWatch Logs calls for a one-hour job (DescribeLogStreams + GetLogEvents);"
        " lines lost / repeated / out of timestamp order",
        f"target: ours <= {MAX_RATIO:g} x theirs, no line lost or repeated",
        "",
        f"{'timeline':9} {'hosts':>5} {'ours':>16} {'SDK algorithm':>18} {'ratio':>6}"
        f" {'ours lost/rep/order':>19} {'SDK lost/rep/order':>18}  target",
    ]
    for row in rows:
        ours = f"{row.ours.calls} ({row.ours.describe_log_streams}+{row.ours.get_log_events})"
        theirs = (
            f"{row.theirs.calls} ({row.theirs.describe_log_streams}+{row.theirs.get_log_events})"
        )
        lines.append(
            f"{row.timeline:9} {row.hosts:5d} {ours:>16} {theirs:>18} {row.ratio:6.2f}"
            f" {f'{row.ours.lost}/{row.ours.repeated}/{row.ours.out_of_order}':>19}"
            f" {f'{row.theirs.lost}/{row.theirs.repeated}/{row.theirs.out_of_order}':>18}"
            f"  {'met' if row.met else 'missed'}"
        )
    return "\n".join(lines)


def main() -> None:
    print(table(measure()))


if __name__ == "__main__":
    main()
