"""1,000 concurrent waits on ``AsyncSageMakerClient``: threads, Describe rate, loop
latency, and the client's CPU per poll against the sync waiter.

Concurrent waits: 1,000 training jobs on the local backend (moto in this process),
each held InProgress and completed at its own time in the first ten simulated minutes;
one ``AsyncSageMakerClient`` with ``max_describe_per_second`` waits for all of them at
once in ``asyncio.gather``, on a ``SimulatedClock`` (virtual time for tasks), in
asyncio's debug mode with a 50 ms slow-callback threshold. Counted in the Describe
calls themselves (a botocore hook, on the worker thread that makes the call): the
virtual time of each call, the worker threads alive, the peak of any one-second
window; and the loop thread's CPU time in each callback. Wall time is mostly moto's:
answering a Describe in process costs it milliseconds of CPU. Because moto runs in
this process, the run lowers the GIL switch interval to 1 ms and freezes the setup's
objects out of the garbage collector (``gc.freeze``), as a service would.

CPU per poll: the same waits answered by a botocore ``before-call`` hook (no moto, no
HTTP), on a fake clock, one after another through the sync client and through the
async client; the process's CPU time over the number of Describe calls.
Both include the same typed call (validate, convert, botocore's request and response
handling); the difference is the async shell's executor hop and task switching.

Run ``python -m benchmarks.async_waits`` (``--waits N`` for fewer).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import datetime
import gc
import json
import logging
import os
import resource
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import boto3
from botocore.awsrequest import AWSResponse, HTTPHeaders

from benchmarks.report import Figure, Section
from sagemaker_typed import AsyncSageMakerClient, SageMakerClient, models, testing
from sagemaker_typed._async_base_client import MAX_WORKERS
from sagemaker_typed.testing import FakeClock, complete_job, hold_in_progress, local_sagemaker

WAITS = 1000
MAX_DESCRIBE_PER_SECOND = 20.0
SLOW_CALLBACK_SECONDS = 0.05
# Jobs end at spread-out times in the first two minutes.
FINISH_WITHIN_SECONDS = 120.0
# Tasks started per turn of the loop: starting a thousand in one callback would itself
# be a slow callback (the harness's, not the client's).
START_BATCH = 50
# moto answers in this process: its CPU work in the worker threads competes with the
# loop for the GIL, which a real service's answers, awaited on sockets, do not.
SWITCH_INTERVAL_SECONDS = 0.001
CPU_WAITS = 100
CPU_ROUNDS = 7
WORKER_PREFIX = "sagemaker-typed"


@dataclass
class ConcurrentRun:
    """What 1,000 (or ``waits``) concurrent waits did."""

    waits: int
    completed: int  # waits that returned their own job, Completed
    describe_times: list[float] = field(default_factory=list)  # virtual, in call order
    peak_workers: int = 0
    peak_threads: int = 0
    slow_callbacks: list[str] = field(default_factory=list)  # over the threshold, wall time
    callbacks: int = 0
    slowest_callback_cpu: float = 0.0  # the loop thread's CPU time in one callback
    callbacks_over_cpu: int = 0  # over the threshold in CPU time
    longest_collection: float = 0.0  # the garbage collector's, on the loop thread
    load_average: float = 0.0  # of the machine, over the last minute of the run
    virtual_seconds: float = 0.0
    wall_seconds: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def describes(self) -> int:
        return len(self.describe_times)

    @property
    def peak_rate(self) -> int:
        """The most Describe calls in any one-second window of virtual time."""
        times = sorted(self.describe_times)
        return max(
            (bisect.bisect_left(times, start + 1.0) - index for index, start in enumerate(times)),
            default=0,
        )


def _request(name: str) -> models.CreateTrainingJobRequest:
    return models.CreateTrainingJobRequest(
        training_job_name=name,
        role_arn="arn:aws:iam::123456789012:role/SageMakerRole",
        algorithm_specification=models.AlgorithmSpecification(
            training_image="123456789012.dkr.ecr.us-east-1.amazonaws.com/img:1",
            training_input_mode="File",
        ),
        output_data_config=models.OutputDataConfig(s3_output_path="s3://bucket/output"),
        resource_config=models.ResourceConfig(
            instance_type="ml.m5.large", instance_count=1, volume_size_in_gb=10
        ),
        stopping_condition=models.StoppingCondition(max_runtime_in_seconds=3600),
    )


def _workers() -> int:
    return sum(thread.name.startswith(WORKER_PREFIX) for thread in threading.enumerate())


class _SlowCallbacks(logging.Handler):
    """asyncio's debug-mode reports of callbacks over the threshold (wall time), and the
    loop thread's CPU time in every callback, less the garbage collector's.

    On a loaded machine a callback's wall time includes waiting for a CPU or for the
    GIL (held by the worker threads in which moto answers), which is no work of the
    callback's. The collector runs in whichever thread allocates when it is due, so a
    full collection of the process's heap (moto's objects included) lands in some
    callback now and then: it is counted apart, as the collector's pause.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.reports: list[str] = []
        self.cpu_seconds: list[float] = []  # each callback's, less collections in it
        self.collections: list[float] = []  # CPU of each collection on the loop thread

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Executing"):
            self.reports.append(message)

    @contextlib.contextmanager
    def timing_callbacks(self) -> Iterator[None]:
        run = asyncio.events.Handle._run
        loop_thread = threading.current_thread()
        collection_started = [0.0]

        def collecting(phase: str, info: dict[str, int]) -> None:
            if threading.current_thread() is not loop_thread:
                return
            if phase == "start":
                collection_started[0] = time.thread_time()
            else:
                self.collections.append(time.thread_time() - collection_started[0])

        def timed(handle: asyncio.events.Handle) -> None:
            started, collected = time.thread_time(), len(self.collections)
            try:
                run(handle)
            finally:
                spent = time.thread_time() - started - sum(self.collections[collected:])
                self.cpu_seconds.append(spent)

        gc.callbacks.append(collecting)
        asyncio.events.Handle._run = timed  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            asyncio.events.Handle._run = run  # type: ignore[method-assign]
            gc.callbacks.remove(collecting)


def concurrent_waits(
    waits: int = WAITS, *, max_describe_per_second: float = MAX_DESCRIBE_PER_SECOND
) -> ConcurrentRun:
    """Wait for ``waits`` jobs at once; see the module's docstring."""
    # Issue 17's clock (on main once it lands; until then this raises AttributeError).
    simulated_clock: Any = getattr(testing, "SimulatedClock")  # noqa: B009
    clock = simulated_clock(stall_timeout=None)  # a thousand tasks: real time runs long
    names = [f"async-{index:04d}" for index in range(waits)]
    run = ConcurrentRun(waits=waits, completed=0)
    lock = threading.Lock()
    with local_sagemaker() as local:
        arns = [local.create_training_job(_request(name)).training_job_arn for name in names]
        for arn in arns:
            hold_in_progress(arn)
        # Job i ends at a time spread over the window (a fixed stride, no randomness).
        ends = sorted(
            ((index * 7919) % waits / waits * FINISH_WITHIN_SECONDS + 1.0, arn)
            for index, arn in enumerate(arns)
        )

        def record(**_: Any) -> None:
            with lock:
                run.describe_times.append(clock.monotonic())
                run.peak_workers = max(run.peak_workers, _workers())
                run.peak_threads = max(run.peak_threads, threading.active_count())

        local.boto_client.meta.events.register("before-call.sagemaker.DescribeTrainingJob", record)

        async def main() -> list[Any]:
            asyncio.get_running_loop().slow_callback_duration = SLOW_CALLBACK_SECONDS
            async with AsyncSageMakerClient(
                local.boto_client, clock=clock, max_describe_per_second=max_describe_per_second
            ) as sm:

                async def wait(participant: Any, name: str) -> Any:
                    async with participant:
                        return await sm.wait_for_training_job(name)

                async def finish(participant: Any) -> None:
                    async with participant:
                        for end, arn in ends:
                            await clock.asleep(max(0.0, end - clock.monotonic()))
                            complete_job(arn)

                tasks = [asyncio.create_task(finish(clock.participant()))]
                for start in range(0, len(names), START_BATCH):
                    batch = names[start : start + START_BATCH]
                    tasks += [
                        asyncio.create_task(wait(clock.participant(), name)) for name in batch
                    ]
                    await asyncio.sleep(0)
                return await asyncio.gather(*tasks)

        # What the setup made (moto's backend, botocore's models) lives on: out of the
        # collector's way, as a long-running service would put it (gc.freeze), so that
        # a full collection does not land a pause of hundreds of ms in some callback.
        gc.collect()
        gc.freeze()
        slow = _SlowCallbacks()
        asyncio_logger = logging.getLogger("asyncio")
        asyncio_logger.addHandler(slow)
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
        started = time.perf_counter()
        try:
            with slow.timing_callbacks():
                _, *jobs = asyncio.run(main(), debug=True)
        finally:
            sys.setswitchinterval(switch_interval)
            asyncio_logger.removeHandler(slow)
            gc.unfreeze()
        run.wall_seconds = time.perf_counter() - started
    run.virtual_seconds = clock.monotonic()
    run.slow_callbacks = slow.reports
    run.callbacks = len(slow.cpu_seconds)
    run.slowest_callback_cpu = max(slow.cpu_seconds, default=0.0)
    run.callbacks_over_cpu = sum(cpu > SLOW_CALLBACK_SECONDS for cpu in slow.cpu_seconds)
    run.longest_collection = max(slow.collections, default=0.0)
    run.load_average = os.getloadavg()[0]
    run.completed = sum(
        job.training_job_name == name and job.training_job_status == "Completed"
        for job, name in zip(jobs, names, strict=True)
    )
    run.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return run


# -- CPU per poll ---------------------------------------------------------------------------


@dataclass
class CpuPerPoll:
    """Process CPU per Describe call of a wait, on each shell."""

    sync_us: float
    async_us: float
    sync_polls: int
    async_polls: int


def _stub_client(clock: FakeClock) -> tuple[Any, list[int]]:
    """A boto3 client that answers DescribeTrainingJob itself (no moto, no HTTP), and
    the count of its answers. Job ``cpu-<i>`` runs 60 + i % 120 s from its first poll."""
    boto_client = boto3.Session(region_name="us-east-1").client("sagemaker")
    created = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    first_seen: dict[str, float] = {}
    polls = [0]

    def answer(params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        polls[0] += 1
        name = json.loads(params["body"])["TrainingJobName"]
        now = clock.monotonic()
        started = first_seen.setdefault(name, now)
        done = now - started >= 60 + int(name.removeprefix("cpu-")) % 120
        body = {
            "TrainingJobName": name,
            "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}",
            "TrainingJobStatus": "Completed" if done else "InProgress",
            "SecondaryStatus": "Completed" if done else "Training",
            "CreationTime": created,
            "AlgorithmSpecification": {"TrainingInputMode": "File"},
            "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/model.tar.gz"},
            "ResourceConfig": {"VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        }
        http = AWSResponse("https://sagemaker.us-east-1.amazonaws.com", 200, HTTPHeaders(), None)
        return http, body

    # A before-call handler may return the response (the stubs say it returns None).
    boto_client.meta.events.register("before-call.sagemaker.DescribeTrainingJob", cast(Any, answer))
    return boto_client, polls


def cpu_per_poll(waits: int = CPU_WAITS, rounds: int = CPU_ROUNDS) -> CpuPerPoll:
    """Process CPU per Describe poll of the same waits, one after another, on each shell
    (so that each wait polls as often on both): the median of interleaved rounds."""
    names = [f"cpu-{index}" for index in range(waits)]

    def sync_round() -> tuple[float, int]:
        clock = FakeClock()
        boto_client, polls = _stub_client(clock)
        sm = SageMakerClient(boto_client, clock=clock)
        started = time.process_time()
        for name in names:
            sm.wait_for_training_job(name)
        return time.process_time() - started, polls[0]

    def async_round() -> tuple[float, int]:
        clock = FakeClock()
        boto_client, polls = _stub_client(clock)

        async def one_after_another() -> None:
            async with AsyncSageMakerClient(boto_client, clock=clock) as sm:
                for name in names:
                    await sm.wait_for_training_job(name)

        started = time.process_time()
        asyncio.run(one_after_another())
        return time.process_time() - started, polls[0]

    sync_rounds, async_rounds = [], []
    for _ in range(rounds):
        sync_rounds.append(sync_round())
        async_rounds.append(async_round())
    return CpuPerPoll(
        sync_us=statistics.median(cpu / polls for cpu, polls in sync_rounds) * 1e6,
        async_us=statistics.median(cpu / polls for cpu, polls in async_rounds) * 1e6,
        sync_polls=sum(polls for _, polls in sync_rounds),
        async_polls=sum(polls for _, polls in async_rounds),
    )


# -- the report -----------------------------------------------------------------------------


def meets_targets(run: ConcurrentRun, max_describe_per_second: float) -> bool:
    return (
        run.completed == run.waits
        and run.peak_workers <= MAX_WORKERS
        and run.peak_rate <= max_describe_per_second
        and run.callbacks_over_cpu == 0
    )


def report(run: ConcurrentRun, cpu: CpuPerPoll, max_describe_per_second: float) -> str:
    return "\n".join(
        [
            f"{run.waits} concurrent waits, max_describe_per_second={max_describe_per_second:g}",
            f"  completed correctly        {run.completed} / {run.waits}",
            f"  Describe calls             {run.describes}"
            f" ({run.describes / run.waits:.1f} per wait)",
            f"  peak Describe rate         {run.peak_rate} in one virtual second"
            f" (limit {max_describe_per_second:g})",
            f"  peak worker threads        {run.peak_workers} (limit {MAX_WORKERS});"
            f" all threads {run.peak_threads}",
            f"  loop callbacks             {run.callbacks}; the longest took"
            f" {run.slowest_callback_cpu * 1000:.1f} ms of CPU;"
            f" {run.callbacks_over_cpu} took over {SLOW_CALLBACK_SECONDS * 1000:g} ms of CPU",
            f"  garbage collector          its longest pause on the loop thread"
            f" {run.longest_collection * 1000:.0f} ms",
            f"  debug mode's reports       {len(run.slow_callbacks)} callbacks over"
            f" {SLOW_CALLBACK_SECONDS * 1000:g} ms of wall time"
            f" (load average {run.load_average:.1f} on {os.cpu_count()} cores)",
            f"  simulated time             {run.virtual_seconds:.0f} s",
            f"  wall time                  {run.wall_seconds:.1f} s (moto answering in process)",
            f"  peak RSS of the process    {run.peak_rss_mb:.0f} MB",
            f"CPU per poll ({CPU_WAITS} waits one after another, stub answers,"
            f" median of {CPU_ROUNDS} interleaved rounds)",
            f"  sync waiter                {cpu.sync_us:.0f} µs ({cpu.sync_polls} polls)",
            f"  async waiter               {cpu.async_us:.0f} µs ({cpu.async_polls} polls)",
        ]
    )


def section(waits: int = WAITS) -> Section:
    """The report's section: ``make bench`` runs it."""
    run = concurrent_waits(waits)
    cpu = cpu_per_poll()
    return Section(
        "Async waits",
        (__doc__ or "").strip(),
        [
            Figure(
                f"{run.waits} concurrent waits on the simulated clock",
                f"{run.completed} completed, {run.peak_workers} worker threads at most,"
                f" peak {run.peak_rate} Describe/s, longest callback"
                f" {run.slowest_callback_cpu * 1000:.1f} ms CPU,"
                f" {run.wall_seconds:.0f} s wall",
                f"all complete, ≤ {MAX_WORKERS} threads,"
                f" ≤ {MAX_DESCRIBE_PER_SECOND:g} Describe/s, no callback > 50 ms CPU",
                meets_targets(run, MAX_DESCRIBE_PER_SECOND),
            ),
            Figure(
                "client CPU per poll, async vs sync waiter",
                f"{cpu.async_us:.0f} µs vs {cpu.sync_us:.0f} µs",
            ),
        ],
        ["```text\n" + report(run, cpu, MAX_DESCRIBE_PER_SECOND) + "\n```"],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--waits", type=int, default=WAITS)
    args = parser.parse_args(argv)
    run = concurrent_waits(args.waits)
    print(report(run, cpu_per_poll(), MAX_DESCRIBE_PER_SECOND))
    return 0 if meets_targets(run, MAX_DESCRIBE_PER_SECOND) else 1


if __name__ == "__main__":
    raise SystemExit(main())
