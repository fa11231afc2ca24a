"""Waiting on many training jobs: calls, client CPU and lag, one wait against many.

N training jobs (N = 10, 100, 500) start together and end at random times over an
hour (seeded: every strategy meets the same timeline). A scripted service answers
DescribeTrainingJob and ListTrainingJobs inside a real boto3 client (``before-call``
handlers, so botocore's request path and our conversion run as they do against the
service), on a :class:`~sagemaker_typed.testing.SimulatedClock`: each waiting thread
sees its own timeline, and an hour runs in seconds. The strategies:

- ``training_jobs_as_completed``: one wait for all N jobs (default ``PollPolicy``);
- one ``wait_for_training_job`` per job, each in a thread of its own, on one client;
- botocore's own waiter (``TrainingJobCompletedOrStopped``: 120 s between polls) per
  job, in a thread of its own, its sleeps on the simulated clock;
- sagemaker-core's ``TrainingJob.wait()`` loop, a describe every 5 s per job (its
  default ``poll=5``), in a thread of its own, made with raw boto3 calls: the calls are
  what it sends; its CPU leaves out sagemaker-core's own parsing (about 0.5 ms a call
  in the conversion benchmark), so it is a lower bound.

*Calls*: requests the service received; *busiest second*: the most calls in any one
second of the timeline; *client CPU*: CPU time of the waiting threads, less the
scripted service's own; *lag*: how long after a job's end the caller had its final
description (mean and worst).

Run ``python -m benchmarks.many_jobs``.
"""

from __future__ import annotations

import contextlib
import threading
import time
import types
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

import botocore.exceptions
import botocore.waiter

from benchmarks.report import Figure, Section
from benchmarks.scripted_service import ScriptedJob, ScriptedService, random_jobs
from sagemaker_typed import SageMakerClient, TrainingJobFailedError
from sagemaker_typed.testing import SimulatedClock

SIZES = (10, 100, 500)
# Targets for N = 500 (issue 17): at most 1/20 of the per-job waiters' calls, no
# second of the timeline with more than 5 calls.
CALL_SHARE = 20
MAX_CALLS_PER_SECOND = 5


class Result(NamedTuple):
    strategy: str
    jobs: int
    calls: int
    busiest_second: int
    cpu_seconds: float  # the client's
    mean_lag: float
    worst_lag: float


def _result(
    strategy: str, service: ScriptedService, seen: dict[str, float], thread_cpu: float
) -> Result:
    lags = [seen[name] - job.ends_at for name, job in service.jobs.items()]
    return Result(
        strategy,
        len(service.jobs),
        len(service.calls),
        service.busiest_second(),
        thread_cpu - service.cpu,
        sum(lags) / len(lags),
        max(lags),
    )


def as_completed(jobs: Sequence[ScriptedJob]) -> Result:
    """One ``training_jobs_as_completed`` for all the jobs."""
    clock = SimulatedClock()
    service = ScriptedService.of(clock, jobs)
    sm = service.client()
    seen: dict[str, float] = {}
    started = time.thread_time()
    for job in sm.training_jobs_as_completed([job.name for job in jobs]):
        seen[job.training_job_name] = clock.monotonic()
    return _result("training_jobs_as_completed", service, seen, time.thread_time() - started)


def _in_threads(
    strategy: str,
    jobs: Sequence[ScriptedJob],
    wait: Callable[[ScriptedService, Any, str], None],
    client: Callable[[ScriptedService], Any],
    around: Callable[[SimulatedClock], contextlib.AbstractContextManager[None]] | None = None,
) -> Result:
    """``wait(service, client, name)`` for every job, each in a thread of its own, all
    on one ``client(service)``."""
    clock = SimulatedClock()
    service = ScriptedService.of(clock, jobs)
    shared = client(service)
    seen: dict[str, float] = {}
    cpu: list[float] = []

    def work(participant: Any, name: str) -> None:
        started = time.thread_time()
        with participant:
            wait(service, shared, name)
            seen[name] = clock.monotonic()
        cpu.append(time.thread_time() - started)

    threads = [threading.Thread(target=work, args=(clock.participant(), job.name)) for job in jobs]
    with around(clock) if around is not None else contextlib.nullcontext():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return _result(strategy, service, seen, sum(cpu))


def per_job_waiters(jobs: Sequence[ScriptedJob]) -> Result:
    """One ``wait_for_training_job`` per job, in threads, sharing one client."""

    def wait(service: ScriptedService, sm: SageMakerClient, name: str) -> None:
        with contextlib.suppress(TrainingJobFailedError):
            sm.wait_for_training_job(name)

    return _in_threads("wait_for_training_job per job", jobs, wait, ScriptedService.client)


@contextlib.contextmanager
def _botocore_sleeps_on(clock: SimulatedClock) -> Iterator[None]:
    """botocore's waiter calls ``time.sleep``: have it sleep on ``clock`` meanwhile."""
    real = botocore.waiter.time  # type: ignore[attr-defined]
    botocore.waiter.time = types.SimpleNamespace(sleep=clock.sleep)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        botocore.waiter.time = real  # type: ignore[attr-defined]


def botocore_waiters(jobs: Sequence[ScriptedJob]) -> Result:
    """botocore's TrainingJobCompletedOrStopped waiter per job, in threads."""

    def wait(service: ScriptedService, boto: Any, name: str) -> None:
        with contextlib.suppress(botocore.exceptions.WaiterError):
            boto.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName=name)

    return _in_threads(
        "botocore waiter (120 s)", jobs, wait, ScriptedService.boto_client, _botocore_sleeps_on
    )


def sagemaker_core_polls(jobs: Sequence[ScriptedJob]) -> Result:
    """sagemaker-core's ``TrainingJob.wait()`` loop per job (describe, then 5 s), in
    threads, with raw boto3 calls."""

    def wait(service: ScriptedService, boto: Any, name: str) -> None:
        while True:
            status = boto.describe_training_job(TrainingJobName=name)["TrainingJobStatus"]
            if status in ("Completed", "Failed", "Stopped"):
                return
            service.clock.sleep(5.0)

    return _in_threads("sagemaker-core poll (5 s)", jobs, wait, ScriptedService.boto_client)


STRATEGIES: tuple[Callable[[Sequence[ScriptedJob]], Result], ...] = (
    as_completed,
    per_job_waiters,
    botocore_waiters,
    sagemaker_core_polls,
)


def measure(sizes: Sequence[int] = SIZES) -> list[Result]:
    """Every strategy on the same seeded timeline, for each size."""
    return [strategy(random_jobs(size)) for size in sizes for strategy in STRATEGIES]


def meets_target(results: Sequence[Result]) -> bool:
    """For the largest N: the one wait makes at most 1/20 of the per-job waiters' calls,
    and no second of the timeline has more than 5 of its calls."""
    size = max(result.jobs for result in results)
    ours = next(r for r in results if r.jobs == size and r.strategy.startswith("training_jobs"))
    per_job = next(r for r in results if r.jobs == size and r.strategy.startswith("wait_for"))
    return ours.calls * CALL_SHARE <= per_job.calls and ours.busiest_second <= MAX_CALLS_PER_SECOND


def table(results: Sequence[Result]) -> str:
    lines = [
        f"{'N':>4} {'strategy':<32} {'calls':>7} {'busiest s':>9} {'client CPU':>11}"
        f" {'mean lag':>9} {'worst lag':>9}"
    ]
    for r in results:
        lines.append(
            f"{r.jobs:>4} {r.strategy:<32} {r.calls:>7} {r.busiest_second:>9}"
            f" {r.cpu_seconds * 1000:>8.0f} ms {r.mean_lag:>7.1f} s {r.worst_lag:>7.1f} s"
        )
    return "\n".join(lines)


def section(results: Sequence[Result]) -> Section:
    """The report's section: the N = 500 figures against their targets, and the table."""
    size = max(result.jobs for result in results)
    ours = next(r for r in results if r.jobs == size and r.strategy.startswith("training_jobs"))
    per_job = next(r for r in results if r.jobs == size and r.strategy.startswith("wait_for"))
    figures = [
        Figure(
            f"N = {size}: calls, one wait against one waiter per job",
            f"{ours.calls} against {per_job.calls} ({per_job.calls / ours.calls:.0f}x fewer)",
            f"≤ 1/{CALL_SHARE} of theirs",
            ours.calls * CALL_SHARE <= per_job.calls,
        ),
        Figure(
            f"N = {size}: busiest second of the one wait",
            f"{ours.busiest_second} calls",
            f"≤ {MAX_CALLS_PER_SECOND}",
            ours.busiest_second <= MAX_CALLS_PER_SECOND,
        ),
        Figure(
            f"N = {size}: client CPU, one wait against one waiter per job",
            f"{ours.cpu_seconds * 1000:.0f} ms against {per_job.cpu_seconds * 1000:.0f} ms"
            f" ({per_job.cpu_seconds / ours.cpu_seconds:.0f}x less)",
        ),
        Figure(
            f"N = {size}: worst lag, one wait against one waiter per job",
            f"{ours.worst_lag:.1f} s against {per_job.worst_lag:.1f} s",
        ),
    ]
    return Section(
        "Many jobs",
        (__doc__ or "").strip(),
        figures,
        ["```text\n" + table(results) + "\n```"],
    )


def main() -> None:
    results = measure()
    print(table(results))
    print(
        f"target (N = {max(SIZES)}): calls <= 1/{CALL_SHARE} of the per-job waiters',"
        f" busiest second <= {MAX_CALLS_PER_SECOND}:"
        f" {'met' if meets_target(results) else 'missed'}"
    )


if __name__ == "__main__":
    main()
