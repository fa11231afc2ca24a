"""Following a training job's logs: every line once, in order, at a bounded cost.

The jobs run on moto (in-process, and over moto's HTTP server); their hosts' lines are
written to moto's CloudWatch Logs by a script that runs whenever the reader sleeps on
its ``FakeClock``, so writing and reading interleave as they do against the service.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import time
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from botocore.exceptions import ClientError

from sagemaker_typed import ConfigurationError, LogEvent, ResourceNotFoundError, SageMakerClient
from sagemaker_typed._logs import host_of
from sagemaker_typed.testing import FakeClock, complete_job, hold_in_progress, local_sagemaker
from tests.moto_server import fake_session, running_moto_server
from tests.requests import training_job_request

GROUP = "/aws/sagemaker/TrainingJobs"
# Epoch ms at clock time 0: recent, as CloudWatch (and moto) drop lines older than 14 days.
T0 = (int(time.time()) - 3600) * 1000


class ScriptedClock(FakeClock):
    """A ``FakeClock`` that runs ``script(now)`` after every sleep: the world moving on."""

    def __init__(self) -> None:
        super().__init__()
        self.script: Callable[[float], None] = lambda now: None

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        self.script(self.monotonic())


class Hosts:
    """Writes scripted lines of a job's hosts to CloudWatch Logs as the clock passes them.

    ``lines[host]`` is a list of (clock seconds, message); each is written, once its
    time has come, to the host's stream ``<job>/<host>-<epoch>`` (created on its
    first line), in time order.
    """

    def __init__(self, logs: Any, job: str, lines: dict[str, list[tuple[float, str]]]) -> None:
        self.logs, self.job = logs, job
        self.pending = {host: list(entries) for host, entries in lines.items()}
        self.streams: dict[str, str] = {}
        self.events: list[tuple[float, Callable[[], None]]] = []

    def at(self, when: float, action: Callable[[], None]) -> None:
        self.events.append((when, action))

    def __call__(self, now: float) -> None:
        for host, entries in self.pending.items():
            due = [entry for entry in entries if entry[0] <= now]
            if not due:
                continue
            del entries[: len(due)]
            stream = self.streams.get(host)
            if stream is None:
                stream = self.streams[host] = f"{self.job}/{host}-{T0 // 1000 + int(due[0][0])}"
                _ensure_group(self.logs)
                self.logs.create_log_stream(logGroupName=GROUP, logStreamName=stream)
            for start in range(0, len(due), 500):
                batch = due[start : start + 500]
                self.logs.put_log_events(
                    logGroupName=GROUP,
                    logStreamName=stream,
                    logEvents=[
                        {"timestamp": T0 + int(at * 1000), "message": message}
                        for at, message in batch
                    ],
                )
        for when, action in [e for e in self.events if e[0] <= now]:
            self.events.remove((when, action))
            action()


def _ensure_group(logs: Any) -> None:
    with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_log_group(logGroupName=GROUP)


def _running_job(sm: SageMakerClient, name: str, instance_count: int = 1) -> str:
    request = training_job_request(name)
    assert request.resource_config is not None
    config = attrs.evolve(request.resource_config, instance_count=instance_count)
    request = attrs.evolve(request, resource_config=config)
    arn = sm.create_training_job(request).training_job_arn
    hold_in_progress(arn)
    return arn


class Counted:
    """A boto3 logs client that counts its calls, and can throttle some of them."""

    def __init__(
        self, client: Any, clock: FakeClock, throttle: Callable[[str, int], bool] | None = None
    ) -> None:
        self.client, self.clock = client, clock
        self.calls: dict[str, int] = {"describe_log_streams": 0, "get_log_events": 0}
        self.throttled: dict[str, int] = {"describe_log_streams": 0, "get_log_events": 0}
        self.throttle = throttle or (lambda name, count: False)
        self.log: list[tuple[str, float]] = []  # (method, clock time)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if name not in self.calls:
            return method

        def call(**kwargs: Any) -> Any:
            self.calls[name] += 1
            self.log.append((name, self.clock.monotonic()))
            if self.throttle(name, self.calls[name]):
                self.throttled[name] += 1
                response: Any = {
                    "Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"},
                    "ResponseMetadata": {"HTTPStatusCode": 400},
                }
                raise ClientError(response, name)
            return method(**kwargs)

        return call


@pytest.fixture(params=["in-process", "moto-server"])
def backend(request: pytest.FixtureRequest) -> Iterator[tuple[SageMakerClient, Any, ScriptedClock]]:
    """A client on moto, its raw logs client (for the writer) and its scripted clock."""
    clock = ScriptedClock()
    if request.param == "in-process":
        with local_sagemaker(clock=clock) as sm:
            yield sm, sm.logs_client, clock
    else:
        with running_moto_server() as endpoint:
            session = fake_session()
            sm = SageMakerClient(
                boto_client=session.client("sagemaker", endpoint_url=endpoint),
                logs_client=session.client("logs", endpoint_url=endpoint),
                clock=clock,
            )
            yield sm, sm.logs_client, clock


def _client_with(sm: SageMakerClient, logs: Any) -> SageMakerClient:
    return SageMakerClient(boto_client=sm.boto_client, logs_client=logs, clock=sm.clock)


def _check_every_line_once_in_order(
    events: list[LogEvent], lines: dict[str, list[tuple[float, str]]]
) -> None:
    by_host: dict[str, list[str]] = {}
    for event in events:
        by_host.setdefault(event.host, []).append(event.message)
    assert by_host == {host: [m for _, m in entries] for host, entries in lines.items() if entries}
    stamps = [event.timestamp for event in events]
    assert stamps == sorted(stamps)


def test_64_hosts_1000_lines_each_every_line_once_in_order_few_discoveries(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, raw_logs, clock = backend
    hosts = 64
    arn = _running_job(sm, "big-job", instance_count=hosts)
    # 1,000 lines per host, written over the job's 25 s and up to 10 s after its end.
    lines = {
        f"algo-{h}": [(i * 0.035, f"algo-{h} line {i}") for i in range(1000)]
        for h in range(1, hosts + 1)
    }
    script = Hosts(raw_logs, "big-job", lines)
    script.at(25.0, lambda: complete_job(arn))
    clock.script = script
    logs = Counted(raw_logs, clock)
    events = list(_client_with(sm, logs).training_job_logs("big-job", follow=True))

    _check_every_line_once_in_order(events, lines)
    # Discovery: at most ceil(64/50) calls a round; none between the round that found
    # every stream and the end; one round after the end.
    per_round: dict[float, int] = {}
    for name, when in logs.log:
        if name == "describe_log_streams":
            per_round[when] = per_round.get(when, 0) + 1
    assert max(per_round.values()) <= math.ceil(hosts / 50)
    rounds = sorted(per_round)
    assert len(rounds) <= 3, rounds  # first round(s) until all 64 exist, and the last


def test_throttling_on_both_operations_loses_and_repeats_nothing(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, raw_logs, clock = backend
    arn = _running_job(sm, "throttled-job", instance_count=3)
    lines = {f"algo-{h}": [(i * 0.5, f"algo-{h} line {i}") for i in range(200)] for h in (1, 2, 3)}
    script = Hosts(raw_logs, "throttled-job", lines)
    script.at(100.0, lambda: complete_job(arn))
    clock.script = script
    # Every first DescribeLogStreams and every third GetLogEvents is throttled.
    logs = Counted(
        raw_logs,
        clock,
        lambda name, count: count % (2 if name == "describe_log_streams" else 3) == 1,
    )
    events = list(_client_with(sm, logs).training_job_logs("throttled-job", follow=True))
    _check_every_line_once_in_order(events, lines)
    assert logs.throttled["describe_log_streams"] >= 2
    assert logs.throttled["get_log_events"] >= 10


def test_late_stream_and_empty_stream_and_stopped_job(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, raw_logs, clock = backend
    _running_job(sm, "late-job", instance_count=3)
    lines = {
        "algo-1": [(i * 1.0, f"early {i}") for i in range(60)],
        "algo-2": [(70.0 + i, f"late {i}") for i in range(20)],  # starts after the others
        "algo-3": [],
    }
    script = Hosts(raw_logs, "late-job", lines)

    def empty_stream() -> None:
        _ensure_group(raw_logs)
        raw_logs.create_log_stream(
            logGroupName=GROUP, logStreamName=f"late-job/algo-3-{T0 // 1000 + 5}"
        )

    script.at(5.0, empty_stream)
    script.at(95.0, lambda: sm.stop_training_job("late-job"))
    clock.script = script
    events = list(sm.training_job_logs("late-job", follow=True))
    _check_every_line_once_in_order(events, lines)
    assert sm.describe_training_job("late-job").training_job_status in ("Stopping", "Stopped")


def test_resuming_from_position_reads_exactly_the_lines_not_yet_read(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, raw_logs, _ = backend
    arn = _running_job(sm, "resumed-job", instance_count=2)
    lines = {f"algo-{h}": [(0.0, f"algo-{h} {i}") for i in range(30)] for h in (1, 2)}
    Hosts(raw_logs, "resumed-job", lines)(0.0)
    complete_job(arn)
    for cut in (0, 1, 29, 30, 31, 59, 60):
        reader = sm.training_job_logs("resumed-job")
        first = list(itertools.islice(reader, cut))
        position = reader.position
        reader.close()
        rest = list(sm.training_job_logs("resumed-job", position=position))
        assert [e.message for e in first + rest] == [
            e.message for e in sm.training_job_logs("resumed-job")
        ], cut
        assert len(first + rest) == 60


def test_lines_added_after_a_position_are_what_the_next_read_returns() -> None:
    with local_sagemaker() as sm:
        arn = _running_job(sm, "growing-job")
        writer = Hosts(sm.logs_client, "growing-job", {"algo-1": [(0.0, "a"), (1.0, "b")]})
        writer(0.0)
        reader = sm.training_job_logs("growing-job")
        assert [e.message for e in reader] == ["a"]
        writer(1.0)
        again = sm.training_job_logs("growing-job", position=reader.position)
        assert [(e.message, e.host) for e in again] == [("b", "algo-1")]
        complete_job(arn)


def test_no_log_group_means_no_lines_yet_and_a_missing_job_is_not_found() -> None:
    with local_sagemaker() as sm:
        _running_job(sm, "quiet-job")
        assert list(sm.training_job_logs("quiet-job")) == []
        with pytest.raises(ResourceNotFoundError):
            list(sm.training_job_logs("no-such-job"))


def test_a_wrapped_boto_client_without_logs_client_says_to_pass_one() -> None:
    session = fake_session()
    sm = SageMakerClient(boto_client=session.client("sagemaker"))
    with pytest.raises(ConfigurationError, match="logs_client"):
        _ = sm.logs_client
    built = SageMakerClient(session=session)
    assert built.logs_client.meta.service_model.service_name == "logs"
    assert built.logs_client.meta.region_name == "us-east-1"
    assert built.logs_client is built.logs_client


def test_a_position_of_another_job_or_garbage_is_refused() -> None:
    with local_sagemaker() as sm:
        reader = sm.training_job_logs("job-a")
        with pytest.raises(ValueError, match="job-a"):
            sm.training_job_logs("job-b", position=reader.position)
        with pytest.raises(ValueError, match="position"):
            sm.training_job_logs("job-b", position="{not json")


def test_host_names_come_from_stream_names() -> None:
    assert host_of("job", "job/algo-1-1700000000") == "algo-1"
    assert host_of("job", "job/algo-12-1700000000") == "algo-12"
    assert host_of("job", "job/custom") == "custom"


def test_a_wait_with_logs_interleaves_status_and_log_lines_and_drains_after_the_end(
    backend: tuple[SageMakerClient, Any, ScriptedClock], capsys: pytest.CaptureFixture[str]
) -> None:
    sm, raw_logs, clock = backend
    arn = _running_job(sm, "watched-job", instance_count=2)
    lines = {f"algo-{h}": [(i * 2.0, f"step {i}") for i in range(56)] for h in (1, 2)}
    script = Hosts(raw_logs, "watched-job", lines)
    # The waiter sees the end at its poll of 96 s; the lines go on until 110 s.
    script.at(70.0, lambda: complete_job(arn))
    clock.script = script
    received: list[LogEvent] = []
    job = sm.wait_for_training_job("watched-job", progress=True, on_log=received.append)
    assert job.training_job_status == "Completed"
    _check_every_line_once_in_order(received, lines)
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith(
        "InProgress / Training \N{EM DASH} Training image download completed. Training in progress."
    )
    assert err[1:3] == ["[algo-1] step 0", "[algo-2] step 0"]
    completed = next(i for i, line in enumerate(err) if "Completed / Completed" in line)
    assert completed < err.index("[algo-2] step 55")  # lines after the end still come


def test_a_wait_without_logs_reads_none(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, raw_logs, _ = backend
    arn = _running_job(sm, "unlogged-job")
    complete_job(arn)
    logs = Counted(raw_logs, sm.clock)  # type: ignore[arg-type]
    _client_with(sm, logs).wait_for_training_job("unlogged-job")
    assert logs.calls == {"describe_log_streams": 0, "get_log_events": 0}


def test_the_async_client_reads_the_same_lines_and_resumes_from_a_position() -> None:
    import asyncio

    from sagemaker_typed import AsyncSageMakerClient

    with local_sagemaker() as sm:
        arn = _running_job(sm, "async-job", instance_count=2)
        lines = {f"algo-{h}": [(0.0, f"algo-{h} {i}") for i in range(5)] for h in (1, 2)}
        Hosts(sm.logs_client, "async-job", lines)(0.0)
        complete_job(arn)

        async def read() -> tuple[list[str], list[str]]:
            async with AsyncSageMakerClient(
                boto_client=sm.boto_client, logs_client=sm.logs_client, clock=FakeClock()
            ) as client:
                reader = client.training_job_logs("async-job", follow=True)
                first = [(await anext(reader)).message for _ in range(3)]
                await reader.aclose()
                rest = client.training_job_logs("async-job", position=reader.position)
                return first, [event.message async for event in rest]

        first, rest = asyncio.run(read())
        assert first + rest == [e.message for e in sm.training_job_logs("async-job")]
        assert len(first + rest) == 10
