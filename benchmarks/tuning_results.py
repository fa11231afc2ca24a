"""``tuning_job_results`` against the SageMaker Python SDK's tuning job analytics.

Both read the same tuning job of 1,000 trials from the local backend over HTTP
(``LocalSageMaker(server=True)``: moto's server on 127.0.0.1): ours with
``sm.tuning_job_results(name)``, the SDK's with
``HyperparameterTuningJobAnalytics(name).dataframe()`` in a venv of its own under
``.bench-venvs/`` (the SDK is never a dependency of the project). The figures are the
HTTP requests one read makes and the median wall time of a read. A third reader, raw
boto3 making the same requests (every page and the description, parsed by botocore,
nothing else), is the floor any reader through boto3 pays: the server's answers and
botocore's parsing. Each reader runs in a process of its own, the three in turn, three
times over (the median of their medians), so that the machine's load touches all
alike and no reader shares the server's process. Run
``python -m benchmarks.tuning_results``.

Target: no more requests than the SDK's, at most half its time. The SDK also stops at
100 pages (10,000 trials) and leaves the trials unsorted; ours reads every page and
sorts them by the objective's direction, within the same budget.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
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
REPEATS = 3
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


def read_in_this_process(reader: str, url: str, name: str, rounds: int) -> dict[str, Any]:
    """The figures of ``rounds`` reads by ``reader`` (``ours`` or ``floor``) after a
    first one (botocore's and our models load on first use)."""
    read = {"ours": ours, "floor": floor}[reader](url, name)
    read()
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        calls, table_calls, rows, best = read()
        seconds.append(time.perf_counter() - started)
    return {
        "calls": calls,
        "table_calls": table_calls,
        "seconds": statistics.median(seconds),
        "rows": rows,
        "best": best,
    }


def _side(figures: dict[str, Any]) -> Side:
    keys = ("table_calls", "calls", "seconds", "rows", "best")
    return Side(*(figures[key] for key in keys))


def measure_own(reader: str, url: str, name: str) -> Side:
    """``reader`` in a process of its own, as the SDK reads: the server's process (this
    one, with moto's state) neither slows the reader's collections nor shares its GIL."""
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.tuning_results", "read", reader, url, name],
        cwd=venvs.ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return _side(json.loads(completed.stdout.strip().splitlines()[-1]))


def measure_sdk(venv: venvs.Venv, url: str, name: str) -> tuple[str, Side]:
    completed = venv.run_python(str(_PEER_SCRIPT), url, name, str(ROUNDS))
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures["version"], _side(figures)


@attrs.frozen
class Figures:
    ours: Side
    floor: Side
    sdk_version: str
    sdk: Side


def run() -> Figures:
    """Serve 1,000 trials and read them every way, each reader in a process of its
    own, in turn, ``REPEATS`` times (so that the machine's load touches all alike):
    the median of each reader's medians."""
    venv = venvs.peer(SAGEMAKER_SDK)
    sides: dict[str, list[Side]] = {"ours": [], "floor": [], "sdk": []}
    version = ""
    with LocalSageMaker(server=True) as setup:
        url = setup.boto_client.meta.endpoint_url
        name = "bench-results"
        created = setup.create_hyper_parameter_tuning_job(_tuning_request(name))
        attach_training_jobs(
            created.hyper_parameter_tuning_job_arn,
            [((index * 7919) % TRIALS) / TRIALS for index in range(TRIALS)],
        )
        for _ in range(REPEATS):
            sides["ours"].append(measure_own("ours", url, name))
            sides["floor"].append(measure_own("floor", url, name))
            version, sdk = measure_sdk(venv, url, name)
            sides["sdk"].append(sdk)

    def median(reads: list[Side]) -> Side:
        return attrs.evolve(reads[0], seconds=statistics.median(r.seconds for r in reads))

    return Figures(median(sides["ours"]), median(sides["floor"]), version, median(sides["sdk"]))


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
    if sys.argv[1:2] == ["read"]:  # one reader, in a process of its own (measure_own)
        reader, url, name = sys.argv[2:5]
        print(json.dumps(read_in_this_process(reader, url, name, ROUNDS)))
    else:
        main()
