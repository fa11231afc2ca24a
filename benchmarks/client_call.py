"""Typed calls against the raw boto3 calls, over loopback HTTP.

moto's server (``ThreadedMotoServer``, in a child process) listens on 127.0.0.1 at a
free port. ``describe_training_job``: the server holds one training job, created from
the realistic payload, and both sides use the same boto3 client
(``SageMakerClient(boto_client=raw)``, validation on as users get it), so the
difference is what the SDK adds: building and validating the request, converting it,
parsing the response into typed objects. ``create_training_job``: each side as users
get it, the typed one on a client the SDK builds (our validation only: botocore's is
off) and the raw one on a plain boto3 client (botocore's validation), creating a job
of a new name from the realistic request per call. Rounds alternate between the two
sides.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import attrs
import boto3
from botocore.config import Config

from benchmarks.payloads import describe_training_job_wire
from benchmarks.report import Figure, Section
from benchmarks.timing import interleaved
from benchmarks.venvs import ROOT
from sagemaker_typed import SageMakerClient, from_boto, models, to_boto

__all__ = [
    "CALL_TARGET",
    "CREATE_TARGET",
    "CallResult",
    "create_section",
    "measure",
    "measure_create",
    "moto_server",
    "section",
]

CALL_TARGET = 1.03
# One validation (ours) instead of two: a typed create should not be slower than raw.
CREATE_TARGET = 1.0


@dataclass(frozen=True)
class CallResult:
    """Medians in milliseconds per call, and the median per-round ratio typed/raw."""

    raw_ms: float
    typed_ms: float
    ratio: float
    rounds: int


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    """moto's server, in a child process, for the duration; yields its URL.

    A process of its own, as a real service is: on a thread of this process its
    request handling would compete with the client for the GIL, and the handovers
    would bias the figure against the side that does more work (1.031x instead of
    1.024x in one trial). On a CPU of its own too, where the machine has two or more,
    as a real service is on a machine of its own: left to the scheduler, the two
    processes trade places between CPUs, and the create ratio moved from 0.980x to
    1.001x between two runs of the same code; pinned, three runs gave 0.993x to 0.995x.
    """
    cpus = os.sched_getaffinity(0)
    server_cpu = max(cpus) if len(cpus) > 1 else None
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.moto_process",
            *([] if server_cpu is None else [str(server_cpu)]),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None
    assert server.stdout is not None
    try:
        endpoint = server.stdout.readline().strip()
        if not endpoint:
            raise RuntimeError(f"moto's server did not start ({server.wait()})")
        if server_cpu is not None:  # this process on the others, for the duration
            os.sched_setaffinity(0, cpus - {server_cpu})
        yield endpoint
    finally:
        os.sched_setaffinity(0, cpus)
        server.stdin.close()
        server.wait(timeout=60)
        server.stdout.close()


def _create_request() -> models.CreateTrainingJobRequest:
    """The CreateTrainingJob request behind the realistic DescribeTrainingJob answer."""
    described = from_boto(describe_training_job_wire(), models.DescribeTrainingJobResponse)
    wanted = attrs.fields_dict(models.CreateTrainingJobRequest)
    given: dict[str, Any] = {
        name: getattr(described, name)
        for name in attrs.fields_dict(models.DescribeTrainingJobResponse)
        if name in wanted and getattr(described, name) is not None
    }
    return models.CreateTrainingJobRequest(**given)


def _session() -> boto3.Session:
    return boto3.Session(
        aws_access_key_id="benchmark",
        aws_secret_access_key="benchmark",
        region_name="us-east-1",
    )


def _compared(
    raw: Callable[[], object], typed: Callable[[], object], *, rounds: int, batch_seconds: float
) -> CallResult:
    """Time both sides in ``rounds`` interleaved rounds."""
    timings = interleaved({"raw": raw, "typed": typed}, rounds=rounds, batch_seconds=batch_seconds)
    return CallResult(
        raw_ms=timings.median("raw") * 1000,
        typed_ms=timings.median("typed") * 1000,
        ratio=timings.ratio("typed", "raw"),
        rounds=rounds,
    )


def measure(*, rounds: int, batch_seconds: float) -> CallResult:
    """Time both describes against moto's server in ``rounds`` interleaved rounds."""
    with moto_server() as endpoint:
        raw = _session().client("sagemaker", endpoint_url=endpoint)
        request = _create_request()
        raw.create_training_job(**to_boto(request))
        name = request.training_job_name
        typed = SageMakerClient(boto_client=raw)
        return _compared(
            lambda: raw.describe_training_job(TrainingJobName=name),
            lambda: typed.describe_training_job(name),
            rounds=rounds,
            batch_seconds=batch_seconds,
        )


def measure_create(*, rounds: int, batch_seconds: float) -> CallResult:
    """Time typed and raw creates against moto's server in ``rounds`` interleaved rounds."""
    with moto_server() as endpoint:
        session = _session()
        # The same retry mode on both sides; the raw client keeps botocore's validation.
        raw = session.client(
            "sagemaker", endpoint_url=endpoint, config=Config(retries={"mode": "standard"})
        )
        typed = SageMakerClient(session=session, endpoint_url=endpoint)
        request = _create_request()
        params = to_boto(request)
        numbers = itertools.count()
        return _compared(
            lambda: raw.create_training_job(
                **{**params, "TrainingJobName": f"raw-{next(numbers)}"}
            ),
            lambda: typed.create_training_job(
                attrs.evolve(request, training_job_name=f"typed-{next(numbers)}")
            ),
            rounds=rounds,
            batch_seconds=batch_seconds,
        )


def _figures(result: CallResult, target: float) -> list[Figure]:
    return [
        Figure("raw boto3 call", f"{result.raw_ms:.2f} ms"),
        Figure("typed call", f"{result.typed_ms:.2f} ms"),
        Figure("typed / raw", f"{result.ratio:.3f}x", f"≤ {target}x", result.ratio <= target),
    ]


def create_section(result: CallResult, *, batch_seconds: float) -> Section:
    """The report's typed-create section."""
    return Section(
        "Typed create over loopback",
        "`SageMakerClient(session=..., endpoint_url=...).create_training_job(request)`"
        " (the client the SDK builds: our validation, botocore's off) against"
        " `raw.create_training_job(**params)` on a plain boto3 client (botocore's"
        " parameter validation, as boto3 users have it; the same standard retry mode),"
        " each call creating a job of a new name from the realistic request, through"
        " moto's server in a child process, as above. The typed side builds its request"
        " with `attrs.evolve`, the raw side its dict with a copy. In each of"
        f" {result.rounds} rounds each side runs a batch of calls lasting about"
        f" {batch_seconds * 1000:g} ms; times are medians over rounds, the ratio the median"
        " of the per-round ratios. One validation instead of two: the typed create should"
        " cost no more than the raw one.",
        _figures(result, CREATE_TARGET),
    )


def section(result: CallResult, *, batch_seconds: float) -> Section:
    """The report's typed-call section."""
    return Section(
        "Typed call over loopback",
        "`SageMakerClient(boto_client=raw).describe_training_job(name)` (validation on)"
        " against `raw.describe_training_job(TrainingJobName=name)` on the same boto3"
        " client, through moto's server (`ThreadedMotoServer` on 127.0.0.1 at a free port,"
        " in a child process, as a real service is: on a thread of the benchmark's process"
        " it would compete with the client for the GIL; and on a CPU of its own, the"
        " client on the others, as on machines of their own: left to the scheduler, the"
        " two trade CPUs and the ratio moves by 2% between runs), holding a training job"
        " created from the realistic payload. In each of"
        f" {result.rounds} rounds each side runs a batch of calls lasting about"
        f" {batch_seconds * 1000:g} ms; times are medians over rounds, the ratio the median"
        " of the per-round ratios. Nearly all of a call is moto's request handling: the"
        " ratio is what the SDK adds to the fastest service it can meet.",
        _figures(result, CALL_TARGET),
    )
