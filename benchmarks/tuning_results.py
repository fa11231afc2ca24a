"""``tuning_job_results`` against the SageMaker Python SDK's tuning job analytics.

Both read the same tuning job of 1,000 trials from the local backend over HTTP
(``LocalSageMaker(server=True)``: moto's server on 127.0.0.1): ours with
``sm.tuning_job_results(name)``, the SDK's with
``HyperparameterTuningJobAnalytics(name).dataframe()`` in a venv of its own under
``.bench-venvs/`` (the SDK is never a dependency of the project). Each side reads
from a fresh client; the figures are the HTTP requests one read makes and the median
wall time of a read. Run ``python -m benchmarks.tuning_results``.

Target: no more requests than the SDK's, at most half its time. The SDK also stops at
100 pages (10,000 trials) and leaves the trials unsorted; ours reads every page and
sorts them by the objective's direction, within the same budget.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import attrs

from benchmarks import venvs
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


def measure_ours(url: str, name: str) -> Side:
    import boto3

    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    sm = SageMakerClient(session=session, endpoint_url=url)
    sent: list[str] = []
    sm.boto_client.meta.events.register("before-send.sagemaker", lambda **_: sent.append("r"))
    seconds = []
    for _ in range(ROUNDS):
        sent.clear()
        started = time.perf_counter()
        results = sm.tuning_job_results(name)
        seconds.append(time.perf_counter() - started)
    best = results.best.training_job_name if results.best else None
    calls = len(sent)
    return Side(calls, calls, statistics.median(seconds), len(results), best)


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


def run() -> tuple[Side, str, Side]:
    """Serve 1,000 trials, read them both ways: (ours, SDK version, SDK)."""
    venv = venvs.peer(SAGEMAKER_SDK)
    with LocalSageMaker(server=True) as setup:
        url = setup.boto_client.meta.endpoint_url
        name = "bench-results"
        created = setup.create_hyper_parameter_tuning_job(_tuning_request(name))
        attach_training_jobs(
            created.hyper_parameter_tuning_job_arn,
            [((index * 7919) % TRIALS) / TRIALS for index in range(TRIALS)],
        )
        ours = measure_ours(url, name)
        version, sdk = measure_sdk(venv, url, name)
    return ours, version, sdk


def main() -> None:
    ours, version, sdk = run()
    ratio = ours.seconds / sdk.seconds
    print(f"{TRIALS} trials over HTTP, the table and the best job, median of {ROUNDS} reads")
    for label, side in (
        ("sagemaker-typed tuning_job_results()", ours),
        (f"sagemaker {version} analytics .dataframe() + .description()", sdk),
    ):
        print(
            f"  {label}: {side.calls} requests ({side.table_calls} for the table),"
            f" {side.seconds:.3f} s, {side.rows} rows, best {side.best}"
        )
    print(f"  time ratio ours/SDK: {ratio:.2f} (target <= {MAX_TIME_RATIO})")


if __name__ == "__main__":
    main()
