"""What listing a tuning job's training jobs costs on the local backend, per item.

ListTrainingJobsForHyperParameterTuningJob at the default page size (10), through a
real boto3 client on the in-process local backend, for a tuning job with 500 and with
5,000 training jobs. The local backend pages with a cursor over a sorted snapshot, so
the time per listed item should not grow with the listing (moto's ``@paginate`` would
recompute the list and scan to the token on every page: quadratic). Run
``python -m benchmarks.local_listing``.

Target: the time per item for 5,000 at most 2x the time per item for 500.
"""

from __future__ import annotations

import statistics
import time
from typing import Any, NamedTuple

from benchmarks.report import Figure, Section
from sagemaker_typed.models import (
    AlgorithmSpecification,
    CreateHyperParameterTuningJobRequest,
    CreateTrainingJobRequest,
    HyperParameterAlgorithmSpecification,
    HyperParameterTuningJobConfig,
    HyperParameterTuningJobObjective,
    OutputDataConfig,
    ResourceConfig,
    ResourceLimits,
    StoppingCondition,
    TrainingJobDefinition,
)
from sagemaker_typed.testing import FakeClock, LocalSageMaker, attach_training_jobs

SIZES = (500, 5000)
MAX_RATIO = 2.0
ROUNDS = 3


class Listing(NamedTuple):
    jobs: int
    pages: int
    seconds_per_item: float  # the median of ROUNDS full listings


ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1"
OUTPUT = OutputDataConfig(s3_output_path="s3://bucket/output")
RESOURCES = ResourceConfig(instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=10)
ONE_HOUR = StoppingCondition(max_runtime_in_seconds=3600)


def training_request(name: str) -> CreateTrainingJobRequest:
    """A training job for the local backend (moto checks the form of the values only)."""
    return CreateTrainingJobRequest(
        training_job_name=name,
        role_arn=ROLE_ARN,
        algorithm_specification=AlgorithmSpecification(
            training_image=IMAGE, training_input_mode="File"
        ),
        output_data_config=OUTPUT,
        resource_config=RESOURCES,
        stopping_condition=ONE_HOUR,
    )


def tuning_request(name: str) -> CreateHyperParameterTuningJobRequest:
    return CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=HyperParameterTuningJobConfig(
            strategy="Random",
            hyper_parameter_tuning_job_objective=HyperParameterTuningJobObjective(
                type="Minimize", metric_name="validation:rmse"
            ),
            resource_limits=ResourceLimits(
                max_number_of_training_jobs=10, max_parallel_training_jobs=2
            ),
        ),
        training_job_definition=TrainingJobDefinition(
            algorithm_specification=HyperParameterAlgorithmSpecification(
                training_image=IMAGE, training_input_mode="File"
            ),
            role_arn=ROLE_ARN,
            output_data_config=OUTPUT,
            resource_config=RESOURCES,
            stopping_condition=ONE_HOUR,
        ),
    )


def measure(jobs: int, rounds: int = ROUNDS) -> Listing:
    """List a tuning job with ``jobs`` training jobs ``rounds`` times, page by page."""
    with LocalSageMaker(clock=FakeClock()) as sm:
        name = f"listing-{jobs}"
        created = sm.create_hyper_parameter_tuning_job(tuning_request(name))
        attach_training_jobs(
            created.hyper_parameter_tuning_job_arn, [i / jobs for i in range(jobs)]
        )
        client: Any = sm.boto_client
        paginator = client.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job")
        timings, pages = [], 0
        for _ in range(rounds):
            started = time.perf_counter()
            listed = pages = 0
            for page in paginator.paginate(HyperParameterTuningJobName=name):
                listed += len(page["TrainingJobSummaries"])
                pages += 1
            timings.append((time.perf_counter() - started) / listed)
            assert listed == jobs, (listed, jobs)
        return Listing(jobs, pages, statistics.median(timings))


def paging_costs(sizes: tuple[int, ...] = SIZES, rounds: int = 5) -> dict[int, float]:
    """Seconds per item of the backend's paging alone (no HTTP, no moto serialisation).

    One tuning job per size on one backend; each round lists the same number of items
    from each (the smaller ones several times over), interleaved, and the best round
    counts: what the cursor costs, with as little of the machine's load in it as can
    be had.
    """
    from moto.sagemaker.models import sagemaker_backends

    from sagemaker_typed._local_backend import simulation, tuning

    with LocalSageMaker(clock=FakeClock()) as sm:
        for size in sizes:
            created = sm.create_hyper_parameter_tuning_job(tuning_request(f"paging-{size}"))
            arn = created.hyper_parameter_tuning_job_arn
            attach_training_jobs(arn, [i / size for i in range(size)])
        backend = sagemaker_backends["123456789012"]["us-east-1"]

        def list_all(name: str) -> int:
            listed, token = 0, None
            while True:
                with simulation.current().lock:
                    page, token = tuning.list_training_jobs_for_hyper_parameter_tuning_job(
                        backend, name, next_token=token
                    )
                    listed += len([tuning.summary(job) for job in page])
                if token is None:
                    return listed

        best = dict.fromkeys(sizes, float("inf"))
        for _ in range(rounds):
            for size in sizes:
                repeats = max(sizes) // size
                started = time.perf_counter()
                listed = sum(list_all(f"paging-{size}") for _ in range(repeats))
                best[size] = min(best[size], (time.perf_counter() - started) / listed)
                assert listed == size * repeats, (listed, size)
        return best


class Measured(NamedTuple):
    small: Listing
    large: Listing
    paging: tuple[float, float]  # seconds per item of the paging alone, small and large

    def ratios(self) -> dict[str, float]:
        """The per-item ratio large / small, through boto3 and of the paging alone."""
        return {
            "through boto3": self.large.seconds_per_item / self.small.seconds_per_item,
            "paging only": self.paging[1] / self.paging[0],
        }


def measure_all() -> Measured:
    small, large = (measure(size) for size in SIZES)
    costs = paging_costs()
    return Measured(small, large, (costs[SIZES[0]], costs[SIZES[1]]))


def table(measured: Measured) -> str:
    lines = [
        "ListTrainingJobsForHyperParameterTuningJob on the local backend, default page size",
        f"{'training jobs':>13} {'pages':>6} {'per item, HTTP (µs)':>20} {'paging only (µs)':>17}",
    ]
    for listing, alone in zip((measured.small, measured.large), measured.paging, strict=True):
        lines.append(
            f"{listing.jobs:>13} {listing.pages:>6} {listing.seconds_per_item * 1e6:>20.1f}"
            f" {alone * 1e6:>17.1f}"
        )
    for label, ratio in measured.ratios().items():
        verdict = "met" if ratio <= MAX_RATIO else "missed"
        lines.append(
            f"per-item ratio {SIZES[1]} / {SIZES[0]}, {label}: {ratio:.2f}"
            f" (target <= {MAX_RATIO:g}): {verdict}"
        )
    return "\n".join(lines)


def section(measured: Measured) -> Section:
    return Section(
        "Local backend listing",
        (__doc__ or "").strip(),
        [
            Figure(
                f"per-item time, {SIZES[1]:,} / {SIZES[0]} training jobs, {label}",
                f"{ratio:.2f}x",
                f"≤ {MAX_RATIO:g}x",
                ratio <= MAX_RATIO,
            )
            for label, ratio in measured.ratios().items()
        ],
        ["```text\n" + table(measured) + "\n```"],
    )


def main() -> None:
    print(table(measure_all()))


if __name__ == "__main__":
    main()
