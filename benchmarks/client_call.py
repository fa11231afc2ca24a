"""A typed ``describe_training_job`` against the raw boto3 call, over loopback HTTP.

moto's server (``ThreadedMotoServer``, in a child process) listens on 127.0.0.1 at a
free port and holds one training job, created from the realistic payload. Both sides
use the same boto3 client (``SageMakerClient(boto_client=raw)``, validation on as users
get it), so the difference is what the SDK adds: building and validating the request,
converting it, parsing the response into typed objects. Rounds alternate between the
two sides.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import attrs
import boto3

from benchmarks.payloads import describe_training_job_wire
from benchmarks.report import Figure, Section
from benchmarks.timing import interleaved
from benchmarks.venvs import ROOT
from sagemaker_typed import SageMakerClient, from_boto, models, to_boto

__all__ = ["CALL_TARGET", "CallResult", "measure", "moto_server", "section"]

CALL_TARGET = 1.03


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
    1.024x in one trial).
    """
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.moto_process"],
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
        yield endpoint
    finally:
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


def measure(*, rounds: int, batch_seconds: float) -> CallResult:
    """Time both calls against moto's server in ``rounds`` interleaved rounds."""
    with moto_server() as endpoint:
        raw = boto3.Session(
            aws_access_key_id="benchmark",
            aws_secret_access_key="benchmark",
            region_name="us-east-1",
        ).client("sagemaker", endpoint_url=endpoint)
        request = _create_request()
        raw.create_training_job(**to_boto(request))
        name = request.training_job_name
        typed = SageMakerClient(boto_client=raw)
        timings = interleaved(
            {
                "raw": lambda: raw.describe_training_job(TrainingJobName=name),
                "typed": lambda: typed.describe_training_job(name),
            },
            rounds=rounds,
            batch_seconds=batch_seconds,
        )
    return CallResult(
        raw_ms=timings.median("raw") * 1000,
        typed_ms=timings.median("typed") * 1000,
        ratio=timings.ratio("typed", "raw"),
        rounds=rounds,
    )


def section(result: CallResult, *, batch_seconds: float) -> Section:
    """The report's typed-call section."""
    return Section(
        "Typed call over loopback",
        "`SageMakerClient(boto_client=raw).describe_training_job(name)` (validation on)"
        " against `raw.describe_training_job(TrainingJobName=name)` on the same boto3"
        " client, through moto's server (`ThreadedMotoServer` on 127.0.0.1 at a free port,"
        " in a child process, as a real service is: on a thread of the benchmark's process"
        " it would compete with the client for the GIL), holding a training job created"
        " from the realistic payload. In each of"
        f" {result.rounds} rounds each side runs a batch of calls lasting about"
        f" {batch_seconds * 1000:g} ms; times are medians over rounds, the ratio the median"
        " of the per-round ratios. Nearly all of a call is moto's request handling: the"
        " ratio is what the SDK adds to the fastest service it can meet.",
        [
            Figure("raw boto3 call", f"{result.raw_ms:.2f} ms"),
            Figure("typed call", f"{result.typed_ms:.2f} ms"),
            Figure(
                "typed / raw",
                f"{result.ratio:.3f}x",
                f"≤ {CALL_TARGET}x",
                result.ratio <= CALL_TARGET,
            ),
        ],
    )
