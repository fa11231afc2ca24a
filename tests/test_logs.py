"""Following a training job's logs: every line once, in order, at a bounded cost.

The jobs run on the local backend (in-process, and over moto's HTTP server), on the
reader's ``FakeClock``: each host writes its own lines to moto's CloudWatch Logs as
the job moves, and a script adds more with ``write_training_log`` whenever the reader
sleeps, so writing and reading interleave as they do against the service. What the
reader returns is checked against every stream as moto holds it at the end.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from botocore.exceptions import ClientError

from sagemaker_typed import ConfigurationError, LogEvent, ResourceNotFoundError, SageMakerClient
from sagemaker_typed._logs import host_of
from sagemaker_typed.testing import (
    FakeClock,
    LocalSageMaker,
    fail_job,
    local_sagemaker,
    plan_training_job,
    write_training_log,
)
from tests.moto_server import fake_session
from tests.requests import training_job_request

GROUP = "/aws/sagemaker/TrainingJobs"
ACCOUNT = "123456789012"  # moto's
# What every host of a job that trains to the end writes itself (local backend).
OWN_LINES = 1 + 10 + 1 + 1  # training started, 10 epochs, uploading, SUCCESS

Lines = dict[str, list[tuple[float, str]]]  # host -> (clock seconds, message)


class ScriptedClock(FakeClock):
    """A ``FakeClock`` that runs ``script(now)`` after every sleep: the world moving on."""

    def __init__(self) -> None:
        super().__init__()
        self.script: Callable[[float], None] = lambda now: None

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        self.script(self.monotonic())


class Script:
    """Scripted lines of a job's hosts, added with ``write_training_log`` once the clock
    has passed their time (dated then), and actions at set times."""

    def __init__(self, job: str, lines: Lines) -> None:
        self.job = job
        self.pending = {host: list(entries) for host, entries in lines.items()}
        self.events: list[tuple[float, Callable[[], None]]] = []

    def at(self, when: float, action: Callable[[], None]) -> None:
        self.events.append((when, action))

    def __call__(self, now: float) -> None:
        for host, entries in self.pending.items():
            due = [message for at, message in entries if at <= now]
            if due:
                del entries[: len(due)]
                write_training_log(self.job, host, due)
        for when, action in [e for e in self.events if e[0] <= now]:
            self.events.remove((when, action))
            action()


def _job(sm: SageMakerClient, name: str, *, hosts: int = 1, duration: float = 3600.0) -> str:
    """Create a training job of ``hosts`` instances that runs ``duration`` seconds."""
    plan_training_job(name, duration=duration)
    request = training_job_request(name)
    assert request.resource_config is not None
    config = attrs.evolve(request.resource_config, instance_count=hosts)
    return sm.create_training_job(attrs.evolve(request, resource_config=config)).training_job_arn


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
    """A client on the local backend, its raw logs client and the scripted clock of both."""
    clock = ScriptedClock()
    local = LocalSageMaker(clock=clock, server=request.param == "moto-server")
    sm = local.start()
    try:
        yield sm, sm.logs_client, clock
    finally:
        local.stop()


def stored(job: str) -> dict[str, list[tuple[int, str]]]:
    """Every stream of ``job`` as moto holds it, in the order it was written: host ->
    (timestamp ms, message). (GetLogEvents pages through it sorted by time.)"""
    from moto.logs.models import logs_backends

    group = logs_backends[ACCOUNT]["us-east-1"].groups.get(GROUP)
    streams = {} if group is None else group.streams
    return {
        host_of(job, name): [(event.timestamp, event.message) for event in stream.events]
        for name, stream in streams.items()
        if name.startswith(f"{job}/")
    }


def _client_with(sm: SageMakerClient, logs: Any) -> SageMakerClient:
    return SageMakerClient(boto_client=sm.boto_client, logs_client=logs, clock=sm.clock)


def check_every_line_once_in_order(
    events: list[LogEvent], held: dict[str, list[tuple[int, str]]], scripted: Lines
) -> None:
    """``events`` are every line moto holds, each once: each host's in its order, all
    in timestamp order; and the scripted lines are among them, in their order."""
    by_host: dict[str, list[str]] = {}
    for event in events:
        by_host.setdefault(event.host, []).append(event.message)
    assert by_host == {host: [m for _, m in lines] for host, lines in held.items() if lines}
    for host, entries in scripted.items():
        mine = {message for _, message in entries}
        assert [m for m in by_host.get(host, []) if m in mine] == [m for _, m in entries]
    stamps = [event.timestamp for event in events]
    assert stamps == sorted(stamps)
    for lines in held.values():  # the backend wrote each stream in time order
        assert [t for t, _ in lines] == sorted(t for t, _ in lines)


def test_64_hosts_1000_lines_each_every_line_once_in_order_few_discoveries(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, raw_logs, clock = backend
    hosts = 64
    # Starting at 0 s, Training from 7 s (every host's stream appears), Completed at 60 s.
    _job(sm, "big-job", hosts=hosts, duration=60.0)
    # 1,000 lines per host from 7 s to 10 s after the end, besides the job's own.
    lines = {
        f"algo-{h}": [(7 + i * 0.063, f"algo-{h} line {i}") for i in range(1000)]
        for h in range(1, hosts + 1)
    }
    clock.script = Script("big-job", lines)
    logs = Counted(raw_logs, clock)
    events = list(_client_with(sm, logs).training_job_logs("big-job", follow=True))

    assert sm.describe_training_job("big-job").training_job_status == "Completed"
    held = stored("big-job")
    assert sorted(len(held[f"algo-{h}"]) for h in range(1, hosts + 1)) == [1000 + OWN_LINES] * 64
    check_every_line_once_in_order(events, held, lines)
    # Discovery: at most ceil(64/50) calls a round; none after the round that found
    # every stream (the first at or after 7 s) but the last round, after the end.
    per_round: dict[float, int] = {}
    for name, when in logs.log:
        if name == "describe_log_streams":
            per_round[when] = per_round.get(when, 0) + 1
    assert max(per_round.values()) <= math.ceil(hosts / 50)
    rounds = sorted(per_round)
    assert [when for when in rounds if when > 10.0] == [rounds[-1]], rounds
    assert rounds[-1] >= 70.0


def test_throttling_on_both_operations_loses_and_repeats_nothing(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, raw_logs, clock = backend
    _job(sm, "throttled-job", hosts=3, duration=120.0)
    lines = {f"algo-{h}": [(i * 0.5, f"algo-{h} line {i}") for i in range(240)] for h in (1, 2, 3)}
    clock.script = Script("throttled-job", lines)
    # Every first DescribeLogStreams and every third GetLogEvents is throttled.
    logs = Counted(
        raw_logs,
        clock,
        lambda name, count: count % (2 if name == "describe_log_streams" else 3) == 1,
    )
    events = list(_client_with(sm, logs).training_job_logs("throttled-job", follow=True))
    check_every_line_once_in_order(events, stored("throttled-job"), lines)
    assert logs.throttled["describe_log_streams"] >= 2
    assert logs.throttled["get_log_events"] >= 10


def test_late_stream_and_empty_stream_and_stopped_job(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, _, clock = backend
    # Stopped at 60 s, before Training (at 70 s): the hosts write only what is scripted.
    _job(sm, "late-job", hosts=3, duration=600.0)
    lines = {
        "algo-1": [(1.0 + i, f"early {i}") for i in range(60)],
        "algo-2": [(40.0 + i, f"late {i}") for i in range(40)],  # starts after the others
        "algo-3": [],
    }
    script = Script("late-job", lines)
    script.at(5.0, lambda: write_training_log("late-job", "algo-3", []))  # an empty stream
    script.at(60.0, lambda: sm.stop_training_job("late-job"))
    clock.script = script
    events = list(sm.training_job_logs("late-job", follow=True))
    held = stored("late-job")
    assert held["algo-3"] == []
    check_every_line_once_in_order(events, held, lines)
    assert [e.message for e in events if e.host == "algo-2"][-1] == "late 39"
    assert sm.describe_training_job("late-job").training_job_status == "Stopped"


def test_a_failed_job_stops_writing_and_its_reader_ends(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, _, clock = backend
    # Training from 35 s, epoch lines every ~22.6 s; failed at 150 s.
    _job(sm, "failing-job", hosts=2, duration=300.0)
    lines = {f"algo-{h}": [(40.0 + i, f"algo-{h} step {i}") for i in range(115)] for h in (1, 2)}
    script = Script("failing-job", lines)
    script.at(150.0, lambda: fail_job("failing-job", "AlgorithmError: out of memory"))
    clock.script = script
    events = list(sm.training_job_logs("failing-job", follow=True))
    held = stored("failing-job")
    check_every_line_once_in_order(events, held, lines)
    described = sm.describe_training_job("failing-job")
    assert described.training_job_status == "Failed"
    assert described.training_end_time is not None
    own = [e for e in events if "step" not in e.message]
    assert [e.message for e in own if e.host == "algo-1"] == [
        "Training started on algo-1 (host 1 of 2)",
        *(f"Epoch {n}/10" for n in range(1, 6)),  # the 6th was due after the failure
    ]
    assert max(e.timestamp for e in own) < described.training_end_time
    assert [e.message for e in events if e.host == "algo-2"][-1] == "algo-2 step 114"


def test_resuming_from_position_reads_exactly_the_lines_not_yet_read(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, _, clock = backend
    _job(sm, "resumed-job", hosts=2, duration=600.0)
    clock.advance(600.0)
    for h in (1, 2):  # after the job's own lines, at the same time on both hosts
        write_training_log("resumed-job", f"algo-{h}", [f"algo-{h} {i}" for i in range(30)])
    whole = [e.message for e in sm.training_job_logs("resumed-job")]
    assert len(whole) == 2 * (OWN_LINES + 30)
    for cut in (0, 1, 13, 14, 30, 42, 43, 44, 85, 86, 87):
        reader = sm.training_job_logs("resumed-job")
        first = list(itertools.islice(reader, cut))
        position = reader.position
        reader.close()
        rest = list(sm.training_job_logs("resumed-job", position=position))
        assert [e.message for e in first + rest] == whole, cut


def test_a_followed_read_resumed_mid_job_reads_on_from_there(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, _, clock = backend
    _job(sm, "paused-job", hosts=2, duration=600.0)
    lines = {
        f"algo-{h}": [(70.0 + i * 3, f"algo-{h} step {i}") for i in range(180)] for h in (1, 2)
    }
    clock.script = Script("paused-job", lines)
    reader = sm.training_job_logs("paused-job", follow=True)
    first = list(itertools.islice(reader, 150))
    position = reader.position
    reader.close()
    clock.sleep(200.0)  # a while later, in another process perhaps
    rest = list(sm.training_job_logs("paused-job", follow=True, position=position))
    check_every_line_once_in_order(first + rest, stored("paused-job"), lines)


def test_scripted_lines_come_after_the_jobs_own_lines_due_before_them() -> None:
    """A write lands after the lines the job wrote up to now, however long nobody asked:
    a reader's page tokens (positions in moto's time-sorted list) stay valid."""
    clock = FakeClock()
    with local_sagemaker(clock=clock) as sm:
        _job(sm, "quiet-then-loud", duration=3600.0)
        clock.advance(420.0)  # Training begins at 7 min
        reader = sm.training_job_logs("quiet-then-loud")
        assert [e.message for e in reader] == ["Training started on algo-1 (host 1 of 1)"]
        clock.advance(1500.0)  # five epochs due, and no request since
        write_training_log("quiet-then-loud", "algo-1", ["scripted"])
        later = list(sm.training_job_logs("quiet-then-loud", position=reader.position))
        assert [e.message for e in later] == [*(f"Epoch {n}/10" for n in range(1, 6)), "scripted"]
        stamps = [e.timestamp for e in later]
        assert stamps == sorted(stamps)
        assert stamps[0] < stamps[-1]


def test_lines_added_after_a_position_are_what_the_next_read_returns() -> None:
    with local_sagemaker(clock=FakeClock()) as sm:
        _job(sm, "growing-job")  # Starting: the job has written nothing yet
        write_training_log("growing-job", "algo-1", ["a"])
        reader = sm.training_job_logs("growing-job")
        assert [e.message for e in reader] == ["a"]
        write_training_log("growing-job", "algo-1", ["b"])
        again = sm.training_job_logs("growing-job", position=reader.position)
        assert [(e.message, e.host) for e in again] == [("b", "algo-1")]


def test_no_log_group_means_no_lines_yet_and_a_missing_job_is_not_found() -> None:
    with local_sagemaker(clock=FakeClock()) as sm:
        _job(sm, "quiet-job")  # Starting: no host has written yet
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
    sm, _, clock = backend
    # Training from 14 s, Completed at 120 s; scripted lines until 12 s after the end.
    _job(sm, "watched-job", hosts=2, duration=120.0)
    lines = {f"algo-{h}": [(14.0 + i * 2, f"step {i}") for i in range(60)] for h in (1, 2)}
    clock.script = Script("watched-job", lines)
    received: list[LogEvent] = []
    job = sm.wait_for_training_job("watched-job", progress=True, on_log=received.append)
    assert job.training_job_status == "Completed"
    check_every_line_once_in_order(received, stored("watched-job"), lines)
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("InProgress / Starting \N{EM DASH} Launching requested ML instances")
    started = err.index("[algo-1] Training started on algo-1 (host 1 of 2)")
    assert err[started + 1] == "[algo-2] Training started on algo-2 (host 2 of 2)"
    assert err.index("[algo-1] Epoch 1/10") < err.index("[algo-1] Epoch 10/10")
    completed = next(i for i, line in enumerate(err) if "Completed / Completed" in line)
    assert completed < err.index("[algo-2] step 59")  # lines after the end still come


def test_a_wait_without_logs_reads_none(
    backend: tuple[SageMakerClient, Any, ScriptedClock],
) -> None:
    sm, raw_logs, clock = backend
    _job(sm, "unlogged-job", duration=60.0)
    logs = Counted(raw_logs, clock)
    _client_with(sm, logs).wait_for_training_job("unlogged-job")
    assert logs.calls == {"describe_log_streams": 0, "get_log_events": 0}
    assert len(stored("unlogged-job")["algo-1"]) == OWN_LINES  # written all the same


def test_the_async_client_reads_the_same_lines_and_resumes_from_a_position() -> None:
    import asyncio

    from sagemaker_typed import AsyncSageMakerClient

    clock = FakeClock()
    with local_sagemaker(clock=clock) as sm:
        _job(sm, "async-job", hosts=2, duration=60.0)
        clock.advance(60.0)
        for h in (1, 2):
            write_training_log("async-job", f"algo-{h}", [f"algo-{h} {i}" for i in range(5)])

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
        assert len(first + rest) == 2 * (OWN_LINES + 5)
