"""``tuning_job_results`` against the SageMaker Python SDK's tuning job analytics.

Both read the same tuning job of 1,000 trials from the local backend over HTTP
(``LocalSageMaker(server=True)``: moto's server on 127.0.0.1): ours with
``sm.tuning_job_results(name)``, the SDK's with
``HyperparameterTuningJobAnalytics(name).dataframe()`` in a venv of its own under
``.bench-venvs/`` (the SDK is never a dependency of the project). The figures are the
HTTP requests one read makes and the median wall time of a read (after each reader's
first). A third reader, raw boto3 making the same requests (every page and the
description, parsed by botocore, nothing else), is the floor any reader through boto3
pays: the server's answers and botocore's parsing. Ours and raw boto3 read in turn,
half their rounds before the SDK's and half after, so that the machine's load touches
all alike. Run
``python -m benchmarks.tuning_results``.

Target: no more requests than the SDK's, at most half its time. The SDK also stops at
100 pages (10,000 trials) and leaves the trials unsorted; ours reads every page and
sorts them by the objective's direction, within the same budget.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from benchmarks import venvs
from benchmarks.report import Figure, Section
from sagemaker_typed import SageMakerClient, models
from sagemaker_typed.testing import LocalSageMaker, attach_training_jobs

TRIALS = 1000
ROUNDS = 5
MAX_TIME_RATIO = 0.5
SAGEMAKER_SDK = ("sagemaker-sdk-2", "sagemaker>=2.200,<3")
_PEER_SCRIPT = Path(__file__).resolve().parent / "peer_sagemaker_analytics.py"


def _tuning_request(name: str) -> models.CreateHyperParameterTuningJobRequest:
    role = "arn:aws:iam::123456789012:role/SageMakerRole"
    return models.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=models.HyperParameterTuningJobConfig(
            strategy="Random",
            hyper_parameter_tuning_job_objective=models.HyperParameterTuningJobObjective(
                type="Minimize", metric_name="validation:rmse"
            ),
            resource_limits=models.ResourceLimits(
                max_number_of_training_jobs=TRIALS, max_parallel_training_jobs=10
            ),
            parameter_ranges=models.ParameterRanges(
                continuous_parameter_ranges=[
                    models.ContinuousParameterRange(name="eta", min_value="0.1", max_value="0.5")
                ]
            ),
        ),
        training_job_definition=models.TrainingJobDefinition(
            algorithm_specification=models.HyperParameterAlgorithmSpecification(
                training_image="123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1",
                training_input_mode="File",
            ),
            role_arn=role,
            output_data_config=models.OutputDataConfig(s3_output_path="s3://bucket/tuning"),
            resource_config=models.ResourceConfig(
                instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=30
            ),
            stopping_condition=models.StoppingCondition(max_runtime_in_seconds=3600),
        ),
    )


@attrs.frozen
class Side:
    """One reader's figures: requests per read (the trials, and with the best job),
    median seconds per read, rows, the best training job's name."""

    table_calls: int
    calls: int
    seconds: float
    rows: int
    best: str | None


def _session() -> Any:
    import boto3

    return boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )


# A read: () -> (requests made, requests of the table, rows, the best job's name).
Read = Callable[[], tuple[int, int, int, str | None]]


def ours(url: str, name: str) -> Read:
    sm = SageMakerClient(session=_session(), endpoint_url=url)
    sent: list[str] = []
    sm.boto_client.meta.events.register("before-send.sagemaker", lambda **_: sent.append("r"))

    def read() -> tuple[int, int, int, str | None]:
        sent.clear()
        results = sm.tuning_job_results(name)
        best = results.best.training_job_name if results.best else None
        return len(sent), len(sent), len(results), best

    return read


def floor(url: str, name: str) -> Read:
    """The same requests through a raw boto3 client: every page (100 a page, the most
    the service gives) and the description, parsed by botocore, nothing more."""
    client = _session().client("sagemaker", endpoint_url=url)

    def read() -> tuple[int, int, int, str | None]:
        rows, pages, token = 0, 0, None
        while True:
            page = client.list_training_jobs_for_hyper_parameter_tuning_job(
                HyperParameterTuningJobName=name,
                MaxResults=100,
                **({"NextToken": token} if token else {}),
            )
            rows, pages = rows + len(page["TrainingJobSummaries"]), pages + 1
            token = page.get("NextToken")
            if not token:
                break
        described = client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
        return pages + 1, pages, rows, described["BestTrainingJob"]["TrainingJobName"]

    return read


def measure(reads: list[Read], rounds: int) -> list[list[tuple[float, tuple[Any, ...]]]]:
    """``rounds`` rounds, each reading once with every reader in turn (interleaved, so
    that a change of the machine's load touches them alike): per reader, (seconds,
    figures) of each round."""
    timings: list[list[tuple[float, tuple[Any, ...]]]] = [[] for _ in reads]
    for _ in range(rounds):
        for read, times in zip(reads, timings, strict=True):
            started = time.perf_counter()
            figures = read()
            times.append((time.perf_counter() - started, figures))
    return timings


def side(times: list[tuple[float, tuple[Any, ...]]]) -> Side:
    calls, table_calls, rows, best = times[-1][1]
    return Side(table_calls, calls, statistics.median(t for t, _ in times), rows, best)


def measure_sdk(venv: venvs.Venv, url: str, name: str) -> tuple[str, Side]:
    completed = venv.run_python(str(_PEER_SCRIPT), url, name, str(ROUNDS))
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    side = Side(
        figures["table_calls"],
        figures["calls"],
        figures["seconds"],
        figures["rows"],
        figures["best"],
    )
    return figures["version"], side


@attrs.frozen
class Figures:
    ours: Side
    floor: Side
    sdk_version: str
    sdk: Side


def run() -> Figures:
    """Serve 1,000 trials and read them every way: ours and raw boto3 interleaved,
    half their rounds before the SDK's and half after."""
    venv = venvs.peer(SAGEMAKER_SDK)
    with LocalSageMaker(server=True) as setup:
        url = setup.boto_client.meta.endpoint_url
        name = "bench-results"
        created = setup.create_hyper_parameter_tuning_job(_tuning_request(name))
        attach_training_jobs(
            created.hyper_parameter_tuning_job_arn,
            [((index * 7919) % TRIALS) / TRIALS for index in range(TRIALS)],
        )
        reads = [ours(url, name), floor(url, name)]
        measure(reads, 1)  # first use: botocore's and our lazily loaded models
        before = measure(reads, ROUNDS)
        version, sdk = measure_sdk(venv, url, name)
        after = measure(reads, ROUNDS)
    ours_side, floor_side = (side(b + a) for b, a in zip(before, after, strict=True))
    return Figures(ours_side, floor_side, version, sdk)


def section(figures: Figures) -> Section:
    ours, sdk, version = figures.ours, figures.sdk, figures.sdk_version
    time_ratio = ours.seconds / sdk.seconds
    return Section(
        "Tuning job results",
        (__doc__ or "").strip(),
        [
            Figure(
                f"{TRIALS:,} trials: requests, ours vs sagemaker {version}",
                f"{ours.calls} vs {sdk.calls}",
                "no more",
                ours.calls <= sdk.calls,
            ),
            Figure(
                f"{TRIALS:,} trials: time, ours vs sagemaker {version}",
                f"{ours.seconds:.3f} s vs {sdk.seconds:.3f} s ({time_ratio:.2f}x); raw boto3"
                f" {figures.floor.seconds:.3f} s ({figures.floor.seconds / sdk.seconds:.2f}x)",
                f"≤ {MAX_TIME_RATIO:g}x",
                time_ratio <= MAX_TIME_RATIO,
            ),
        ],
    )


def main() -> None:
    figures = run()
    ratio = figures.ours.seconds / figures.sdk.seconds
    print(f"{TRIALS} trials over HTTP, the table and the best job, median of the reads")
    for label, side in (
        ("sagemaker-typed tuning_job_results()", figures.ours),
        ("raw boto3: the pages and the description, parsed", figures.floor),
        (f"sagemaker {figures.sdk_version} analytics .dataframe() + .description()", figures.sdk),
    ):
        print(
            f"  {label}: {side.calls} requests ({side.table_calls} for the table),"
            f" {side.seconds:.3f} s, {side.rows} rows, best {side.best}"
        )
    print(f"  time ratio ours/SDK: {ratio:.2f} (target <= {MAX_TIME_RATIO})")
    floor = figures.floor.seconds / figures.sdk.seconds
    print(f"  raw boto3/SDK (the best a reader through boto3 can do): {floor:.2f}")


if __name__ == "__main__":
    main()
