"""A scripted SageMaker for the many-jobs benchmark and tests: training jobs on a clock.

DescribeTrainingJob and ListTrainingJobs are answered inside a real boto3 client
(``before-call`` handlers), so botocore's request path and the SDK's conversion run as
they do against the service, while the jobs' progress follows a test clock and every
call is recorded with its time.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import boto3
from botocore.awsrequest import AWSResponse, HTTPHeaders

from benchmarks.waiter_efficiency import WALL_CLOCK_START, training_job_description
from sagemaker_typed import SageMakerClient
from sagemaker_typed._clock import Clock

OPERATIONS = (
    "CreateTrainingJob",
    "DescribeTrainingJob",
    "ListTrainingJobs",
    "DescribeHyperParameterTuningJob",
    "ListTrainingJobsForHyperParameterTuningJob",
)
HOUR = 3600.0
SEED = 17
ARN_PREFIX = "arn:aws:sagemaker:us-east-1:123456789012:training-job/"
TUNING_ARN_PREFIX = "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/"


_SESSION_LOCK = threading.Lock()


@functools.cache
def _session() -> boto3.Session:
    return boto3.Session(
        aws_access_key_id="benchmark",
        aws_secret_access_key="benchmark",
        region_name="us-east-1",
    )


@dataclass
class ScriptedJob:
    """A training job of the scripted service, on the clock's seconds."""

    name: str
    ends_at: float
    status: str = "Completed"  # once ended: Completed, Stopped or Failed
    created_at: float = 0.0

    def status_at(self, now: float) -> str:
        return self.status if now >= self.ends_at else "InProgress"

    def creation_time(self) -> datetime.datetime:
        return WALL_CLOCK_START + datetime.timedelta(seconds=self.created_at)


@dataclass
class ScriptedService:
    """DescribeTrainingJob and ListTrainingJobs for ``jobs``, answered inside boto3.

    Creation-time filters exclude their boundaries (the service may; moto includes
    them). :meth:`throttle` makes the next calls of an operation fail with
    ThrottlingException. Every call is recorded with its time on the clock.
    """

    clock: Clock
    jobs: dict[str, ScriptedJob]
    calls: list[tuple[float, str]] = field(default_factory=list)
    described: dict[str, int] = field(default_factory=dict)  # job name -> describes
    describe_log: list[tuple[float, str]] = field(default_factory=list)  # (time, job name)
    cpu: float = 0.0  # thread CPU spent answering
    throttled: dict[str, int] = field(default_factory=dict)
    # Tuning jobs: name -> its training jobs (launched at their created_at); it ends
    # once they all have.
    tuning_jobs: dict[str, list[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(cls, clock: Clock, jobs: Sequence[ScriptedJob]) -> ScriptedService:
        return cls(clock, {job.name: job for job in jobs})

    def throttle(self, operation: str, times: int) -> None:
        with self.lock:
            self.throttled[operation] = self.throttled.get(operation, 0) + times

    def boto_client(self) -> Any:
        with _SESSION_LOCK:  # a session is not thread-safe; its loader's cache is shared
            client = _session().client("sagemaker")
        for operation in OPERATIONS:
            client.meta.events.register(
                f"before-parameter-build.sagemaker.{operation}", _keep_parameters
            )
            # A before-call handler may return the response (the stubs say None).
            client.meta.events.register(
                f"before-call.sagemaker.{operation}", cast(Any, self._handler(operation))
            )
        return client

    def client(self) -> SageMakerClient:
        return SageMakerClient(self.boto_client(), clock=self.clock)

    def calls_of(self, operation: str) -> int:
        with self.lock:
            return sum(1 for _, called in self.calls if called == operation)

    def busiest_second(self) -> int:
        """The most calls in any one-second window ``[t, t + 1)`` of the timeline."""
        with self.lock:
            times = sorted(at for at, _ in self.calls)
        return max(
            (bisect.bisect_left(times, at + 1.0) - index for index, at in enumerate(times)),
            default=0,
        )

    def _handler(self, operation: str) -> Callable[..., tuple[AWSResponse, dict[str, Any]]]:
        def answer(context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
            params = context["scripted_parameters"]
            started = time.thread_time()
            now = self.clock.monotonic()
            with self.lock:
                self.calls.append((now, operation))
                throttled = self.throttled.get(operation, 0)
                if throttled:
                    self.throttled[operation] = throttled - 1
            try:
                if throttled:
                    return _error(400, "ThrottlingException", "Rate exceeded")
                if operation == "DescribeTrainingJob":
                    name = params["TrainingJobName"]
                    with self.lock:
                        self.described[name] = self.described.get(name, 0) + 1
                        self.describe_log.append((now, name))
                    return self._describe(name, now)
                if operation == "ListTrainingJobs":
                    return self._list(params, now)
                if operation == "CreateTrainingJob":
                    return _ok({"TrainingJobArn": ARN_PREFIX + params["TrainingJobName"]})
                return self._tuning(operation, params, now)
            finally:
                with self.lock:
                    self.cpu += time.thread_time() - started

        return answer

    def _describe(self, name: str, now: float) -> tuple[AWSResponse, dict[str, Any]]:
        job = self.jobs.get(name)
        if job is None or job.created_at > now:
            return _error(400, "ValidationException", "Requested resource not found")
        phases = [(job.created_at, "InProgress", "Starting")]
        if job.ends_at - job.created_at > 60:
            phases.append((job.created_at + 60, "InProgress", "Training"))
        phases.append((job.ends_at, job.status, job.status))
        reason = "AlgorithmError: scripted failure" if job.status == "Failed" else None
        description = training_job_description(name, phases, now, failure_reason=reason)
        description["CreationTime"] = job.creation_time()
        return _ok(description)

    def _list(self, params: dict[str, Any], now: float) -> tuple[AWSResponse, dict[str, Any]]:
        after = params.get("CreationTimeAfter")
        before = params.get("CreationTimeBefore")
        contains = params.get("NameContains")
        matching = [
            job
            for job in self.jobs.values()
            if job.created_at <= now
            and (after is None or job.creation_time() > after)
            and (before is None or job.creation_time() < before)
            and (contains is None or contains in job.name)
            and params.get("StatusEquals") in (None, job.status_at(now))
        ]
        matching.sort(
            key=lambda job: (job.creation_time(), job.name),
            reverse=params.get("SortOrder") == "Descending",
        )
        start = int(params.get("NextToken", "0"))
        size = params.get("MaxResults", 10)
        page = matching[start : start + size]
        answer: dict[str, Any] = {
            "TrainingJobSummaries": [
                {
                    "TrainingJobName": job.name,
                    "TrainingJobArn": f"{ARN_PREFIX}{job.name}",
                    "CreationTime": job.creation_time(),
                    "TrainingJobStatus": job.status_at(now),
                    "SecondaryStatus": job.status_at(now),
                }
                for job in page
            ]
        }
        if start + size < len(matching):
            answer["NextToken"] = str(start + size)
        return _ok(answer)

    def _tuning(
        self, operation: str, params: dict[str, Any], now: float
    ) -> tuple[AWSResponse, dict[str, Any]]:
        name = params["HyperParameterTuningJobName"]
        if name not in self.tuning_jobs:
            return _error(400, "ResourceNotFound", f"Amazon SageMaker can't find {name}")
        children = [self.jobs[child] for child in self.tuning_jobs[name]]
        launched = sorted(
            (job for job in children if job.created_at <= now), key=lambda job: job.created_at
        )
        if operation == "DescribeHyperParameterTuningJob":
            running = len(launched) < len(children) or any(
                job.status_at(now) == "InProgress" for job in launched
            )
            return _ok(
                {
                    "HyperParameterTuningJobName": name,
                    "HyperParameterTuningJobArn": f"{TUNING_ARN_PREFIX}{name}",
                    "HyperParameterTuningJobStatus": "InProgress" if running else "Completed",
                    "CreationTime": WALL_CLOCK_START,
                }
            )
        start = int(params.get("NextToken", "0"))
        size = params.get("MaxResults", 10)
        answer: dict[str, Any] = {
            "TrainingJobSummaries": [
                {
                    "TrainingJobName": job.name,
                    "TrainingJobArn": f"{ARN_PREFIX}{job.name}",
                    "CreationTime": job.creation_time(),
                    "TrainingJobStatus": job.status_at(now),
                    "TunedHyperParameters": {},
                }
                for job in launched[start : start + size]
            ]
        }
        if start + size < len(launched):
            answer["NextToken"] = str(start + size)
        return _ok(answer)


def _keep_parameters(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep the call's parameters as given (before serialisation) for the answer."""
    context["scripted_parameters"] = dict(params)


def _ok(body: dict[str, Any]) -> tuple[AWSResponse, dict[str, Any]]:
    body["ResponseMetadata"] = {"HTTPStatusCode": 200, "RequestId": "scripted"}
    return AWSResponse("https://sagemaker", 200, HTTPHeaders(), None), body


def _error(status: int, code: str, message: str) -> tuple[AWSResponse, dict[str, Any]]:
    body = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status, "RequestId": "scripted"},
    }
    return AWSResponse("https://sagemaker", status, HTTPHeaders(), None), body


def random_jobs(count: int, *, seed: int = SEED, prefix: str = "sweep") -> list[ScriptedJob]:
    """``count`` jobs starting together and ending at random times over an hour."""
    rng = random.Random(seed)
    return [
        ScriptedJob(f"{prefix}-{index:04d}", ends_at=rng.uniform(60.0, HOUR))
        for index in range(count)
    ]
