"""What the first typed call costs in a fresh process, over the first raw boto3 call.

Each run starts two fresh processes of the venv users get (``.bench-venvs/``): both
import boto3 and ``sagemaker_typed``, build a SageMaker client whose answers come from
botocore's ``Stubber`` (no network: the answer is the realistic DescribeTrainingJob
answer of ``payloads``, which the stubber checks against the model, so it must be
complete), then time one call with ``time.process_time``: the raw
``describe_training_job(TrainingJobName=...)`` in one process, the typed
``SageMakerClient(boto_client=client).describe_training_job(...)`` in the other. Both
are first calls, so both pay botocore's own first-call work; the difference is what the
SDK adds the first time (loading the model family, its conversion functions, the shape
table, building the validator's checkers, and the conversions themselves).
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks import payloads
from benchmarks.report import Figure, Section
from benchmarks.timing import median
from benchmarks.venvs import Venv

__all__ = ["FIRST_CALL_TARGET_MS", "FirstCallResult", "measure", "section"]

# What the first typed call may add to the first raw call, in milliseconds of CPU.
FIRST_CALL_TARGET_MS = 10.0

_SETUP = """
import datetime, time
import boto3
import sagemaker_typed
from botocore.stub import Stubber

answer = {answer}
client = boto3.client("sagemaker", region_name="us-east-1")
stubber = Stubber(client)
name = answer["TrainingJobName"]
stubber.add_response("describe_training_job", answer, {{"TrainingJobName": name}})
stubber.activate()
"""
_RAW = "client.describe_training_job(TrainingJobName=name)"
_TYPED = "sagemaker_typed.SageMakerClient(boto_client=client).describe_training_job(name)"


@dataclass(frozen=True)
class FirstCallResult:
    """Medians in milliseconds of CPU over fresh processes."""

    raw_ms: float
    typed_ms: float
    runs: int

    @property
    def added_ms(self) -> float:
        return self.typed_ms - self.raw_ms


def _first_call_cpu_ms(venv: Venv, call: str) -> float:
    code = (
        _SETUP.format(answer=repr(payloads.describe_training_job_wire()))
        + "cpu = time.process_time()\n"
        + f"{call}\n"
        + "print(time.process_time() - cpu)\n"
    )
    return float(venv.run_python("-c", code).stdout.split()[-1]) * 1000


def measure(venv: Venv, *, runs: int) -> FirstCallResult:
    """Raw and typed first calls, alternating, ``runs`` fresh processes each."""
    raw: list[float] = []
    typed: list[float] = []
    for _ in range(runs):
        raw.append(_first_call_cpu_ms(venv, _RAW))
        typed.append(_first_call_cpu_ms(venv, _TYPED))
    return FirstCallResult(raw_ms=median(raw), typed_ms=median(typed), runs=runs)


def section(result: FirstCallResult) -> Section:
    """The report's first-call section."""
    return Section(
        "First call",
        (__doc__ or "").strip().replace("\n", " ") + f" Medians over {result.runs} runs.",
        [
            Figure("first raw describe_training_job", f"{result.raw_ms:.1f} ms CPU"),
            Figure("first typed describe_training_job", f"{result.typed_ms:.1f} ms CPU"),
            Figure(
                "first typed call over the first raw call",
                f"+{result.added_ms:.1f} ms CPU",
                f"≤ +{FIRST_CALL_TARGET_MS:g} ms",
                result.added_ms <= FIRST_CALL_TARGET_MS,
            ),
        ],
    )
