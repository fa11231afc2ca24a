"""How many Describe calls a waiter spends on a one-hour training job, and how late
it sees the end.

The job is simulated on a fake clock and answered through a real boto3 client (a
``before-call`` hook stands in for the service), so the real waiter runs, in
milliseconds. Run ``python -m benchmarks.waiter_efficiency``.

Target: at most 130 calls, the end seen at most 30 s after it happens. The lag in
this run depends on where the end falls between two polls (3600 s is a multiple of
both peers' delays, so they happen to see it at once); the worst lag, the longest
delay between polls, is what an unlucky end time costs.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any, NamedTuple, cast

import boto3
from botocore.awsrequest import AWSResponse, HTTPHeaders

from sagemaker_typed import SageMakerClient
from sagemaker_typed._waiters import PollPolicy
from sagemaker_typed.testing import FakeClock

MAX_CALLS = 130
MAX_LAG_SECONDS = 30.0

# (seconds after the start, TrainingJobStatus, SecondaryStatus)
ONE_HOUR_JOB: list[tuple[float, str, str]] = [
    (0.0, "InProgress", "Starting"),
    (180.0, "InProgress", "Downloading"),
    (420.0, "InProgress", "Training"),
    (3400.0, "InProgress", "Uploading"),
    (3600.0, "Completed", "Completed"),
]
# What the console says in each secondary status.
STATUS_MESSAGES = {
    "Starting": "Launching requested ML instances",
    "Downloading": "Downloading input data",
    "Training": "Training image download completed. Training in progress.",
    "Uploading": "Uploading generated training model",
    "Completed": "Training job completed",
    "Stopping": "Stopping the training job",
    "Stopped": "The training job was stopped",
    "Failed": "Training job failed",
}
WALL_CLOCK_START = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)


def training_job_description(
    name: str,
    phases: Sequence[tuple[float, str, str]],
    now: float,
    *,
    failure_reason: str | None = None,
) -> dict[str, Any]:
    """DescribeTrainingJob's answer at ``now`` for a job going through ``phases``."""
    begun = [phase for phase in phases if phase[0] <= now]
    _, status, secondary = begun[-1]
    transitions: list[dict[str, Any]] = []
    for index, (start, _, phase_secondary) in enumerate(begun):
        entry: dict[str, Any] = {
            "Status": phase_secondary,
            "StartTime": WALL_CLOCK_START + datetime.timedelta(seconds=start),
            "StatusMessage": STATUS_MESSAGES.get(phase_secondary, ""),
        }
        if index + 1 < len(begun):
            entry["EndTime"] = WALL_CLOCK_START + datetime.timedelta(seconds=begun[index + 1][0])
        transitions.append(entry)
    description: dict[str, Any] = {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}",
        "ModelArtifacts": {"S3ModelArtifacts": f"s3://bucket/output/{name}/model.tar.gz"},
        "TrainingJobStatus": status,
        "SecondaryStatus": secondary,
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "CreationTime": WALL_CLOCK_START,
        "SecondaryStatusTransitions": transitions,
    }
    if failure_reason is not None:
        description["FailureReason"] = failure_reason
    return description


class Run(NamedTuple):
    calls: int
    lag: float  # seconds between the job's end and the waiter seeing it, here
    worst_lag: float  # the longest delay between polls: the lag for an unlucky end time


def simulate(policy: PollPolicy, *, timeout: float | None = None) -> Run:
    """Wait for :data:`ONE_HOUR_JOB` with ``policy``; count the calls and the lag."""
    clock = FakeClock()
    calls = 0

    def answer(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        nonlocal calls
        calls += 1
        description = training_job_description("one-hour-job", ONE_HOUR_JOB, clock.monotonic())
        return AWSResponse("https://sagemaker", 200, HTTPHeaders(), None), description

    boto_client = boto3.Session(
        aws_access_key_id="benchmark",
        aws_secret_access_key="benchmark",
        region_name="us-east-1",
    ).client("sagemaker")
    # A before-call handler may return the response (the stubs say handlers return None).
    boto_client.meta.events.register("before-call.sagemaker.DescribeTrainingJob", cast(Any, answer))
    sm = SageMakerClient(boto_client, clock=clock, validate=False)
    sm.wait_for_training_job("one-hour-job", poll=policy, timeout=timeout)
    return Run(
        calls=calls,
        lag=clock.monotonic() - ONE_HOUR_JOB[-1][0],
        worst_lag=max(clock.sleeps),
    )


def simulate_locally(policy: PollPolicy, *, timeout: float | None = None) -> Run:
    """The same wait on the local backend, whose one-hour job has the same phases."""
    from benchmarks.local_listing import training_request
    from sagemaker_typed.testing import LocalSageMaker

    clock = FakeClock()
    calls = 0

    def count(**_: Any) -> None:
        nonlocal calls
        calls += 1

    with LocalSageMaker(clock=clock) as sm:
        sm.boto_client.meta.events.register("before-send.sagemaker.DescribeTrainingJob", count)
        sm.create_training_job(training_request("one-hour-job"))
        sm.wait_for_training_job("one-hour-job", poll=policy, timeout=timeout)
    return Run(
        calls=calls, lag=clock.monotonic() - ONE_HOUR_JOB[-1][0], worst_lag=max(clock.sleeps)
    )


def meets_target(run: Run) -> bool:
    """Within the call budget, and no end time could be seen later than allowed."""
    return run.calls <= MAX_CALLS and max(run.lag, run.worst_lag) <= MAX_LAG_SECONDS


def main() -> None:
    """Print calls and lag for our default policy and for two peers' settings."""
    default = PollPolicy()
    botocore_delay, botocore_attempts = 120.0, 180  # TrainingJobCompletedOrStopped
    rows = [
        (
            "sagemaker-typed default, seeded jitter",
            simulate(PollPolicy(random=random.Random(0).random)),
        ),
        (
            "sagemaker-typed default, no jitter drawn",
            simulate(PollPolicy(random=lambda: 0.0)),
        ),
        (
            f"sagemaker-typed default, every delay {default.jitter:.0%} short",
            simulate(PollPolicy(random=lambda: 1.0)),
        ),
        (
            "botocore waiter (120 s, 180 attempts)",
            simulate(
                PollPolicy(
                    initial_delay=botocore_delay,
                    max_delay=botocore_delay,
                    multiplier=1.0,
                    jitter=0.0,
                ),
                timeout=botocore_delay * (botocore_attempts - 1),
            ),
        ),
        (
            "sagemaker-core (5 s)",
            simulate(PollPolicy(initial_delay=5.0, max_delay=5.0, multiplier=1.0, jitter=0.0)),
        ),
        (
            "sagemaker-typed default, no jitter, local backend",
            simulate_locally(PollPolicy(random=lambda: 0.0)),
        ),
    ]
    print(
        f"One-hour training job; default {default!r}\n"
        f"target: <= {MAX_CALLS} Describe calls, end seen <= {MAX_LAG_SECONDS:g} s late\n"
    )
    print(f"{'policy':<46} {'calls':>5} {'lag (s)':>8} {'worst lag':>9}  target")
    for label, run in rows:
        verdict = "met" if meets_target(run) else "missed"
        print(f"{label:<46} {run.calls:>5} {run.lag:>8.1f} {run.worst_lag:>9.1f}  {verdict}")


if __name__ == "__main__":
    main()
