"""The quickstart behind ``make demo``: a notebook instance, a training job, a tuning job.

It walks through the whole typed API once:

1. create a notebook instance and wait until it is InService;
2. stop it and wait until it is Stopped;
3. update it (a bigger instance type and volume) and wait for the update to end;
4. run a training job and wait for it, printing each status change and the lines
   its hosts write to CloudWatch Logs;
5. run a hyper-parameter tuning job, then a second one that warm-starts from it, and
   describe the second one's best training job;
6. list the second tuning job's training jobs, best first;
7. delete the notebook instance and wait until it is gone;
8. print a short summary read from the typed responses.

By default it runs on the local backend (moto, inside this process, with what
sagemaker-typed adds to it): no AWS account, no network. Jobs and the notebook
instance take the service's time there, on a fake clock that the waiters move, so the
whole run takes a second or two; the times that the progress lines show are
simulated.

With ``--aws`` it runs the same steps in your AWS account, with boto3's default
credentials and region. That starts real instances and costs money (a few cents with
the defaults below). You give an IAM role that SageMaker can assume, an S3 bucket
(the script uploads a tiny CSV data set under ``sagemaker-typed-demo/``) and a
training image that reads CSV and reports ``validation:rmse``, such as SageMaker's
built-in XGBoost image for your region::

    python examples/quickstart.py
    python examples/quickstart.py --aws --role-arn ARN --bucket BUCKET --image URI
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time

import attrs
import boto3

from sagemaker_typed import SageMakerClient
from sagemaker_typed.models import (
    AlgorithmSpecification,
    Channel,
    ContinuousParameterRange,
    CreateHyperParameterTuningJobRequest,
    CreateNotebookInstanceRequest,
    CreateTrainingJobRequest,
    DataSource,
    HyperParameterAlgorithmSpecification,
    HyperParameterTuningJobConfig,
    HyperParameterTuningJobObjective,
    IntegerParameterRange,
    OutputDataConfig,
    ParameterRanges,
    ParentHyperParameterTuningJob,
    ResourceConfig,
    ResourceLimits,
    S3DataSource,
    StoppingCondition,
    TrainingJobDefinition,
    UpdateNotebookInstanceRequest,
    WarmStartConfig,
)
from sagemaker_typed.testing import FakeClock, local_sagemaker

# What the local backend uses where AWS needs real values (moto checks only their form).
LOCAL_ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerRole"
LOCAL_BUCKET = "demo-bucket"
LOCAL_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1"

DATA_PREFIX = "sagemaker-typed-demo"
OBJECTIVE = "validation:rmse"  # what SageMaker's XGBoost reports; lower is better


@attrs.frozen
class Settings:
    """Where the run happens and what it names its resources."""

    role_arn: str
    bucket: str
    image: str
    suffix: str  # appended to every name, so that runs on AWS do not collide

    def name(self, base: str) -> str:
        return f"demo-{base}{self.suffix}"


def say(text: str) -> None:
    """A step of the demo on stdout (the waiters' progress lines go to stderr)."""
    print(text, flush=True)


# -- requests ---------------------------------------------------------------------------


def channels(settings: Settings) -> list[Channel]:
    """The train and validation channels: CSV files under the demo prefix."""
    return [
        Channel(
            channel_name=channel,
            content_type="text/csv",
            data_source=DataSource(
                s3_data_source=S3DataSource(
                    s3_data_type="S3Prefix",
                    s3_uri=f"s3://{settings.bucket}/{DATA_PREFIX}/{channel}/",
                )
            ),
        )
        for channel in ("train", "validation")
    ]


def training_job_request(settings: Settings) -> CreateTrainingJobRequest:
    return CreateTrainingJobRequest(
        training_job_name=settings.name("training"),
        role_arn=settings.role_arn,
        algorithm_specification=AlgorithmSpecification(
            training_image=settings.image, training_input_mode="File"
        ),
        hyper_parameters={"objective": "reg:squarederror", "num_round": "20", "max_depth": "3"},
        input_data_config=channels(settings),
        output_data_config=OutputDataConfig(
            s3_output_path=f"s3://{settings.bucket}/{DATA_PREFIX}/output"
        ),
        resource_config=ResourceConfig(
            instance_type="ml.m5.large", instance_count=1, volume_size_in_gb=5
        ),
        stopping_condition=StoppingCondition(max_runtime_in_seconds=900),
    )


def tuning_job_request(
    settings: Settings, name: str, *, warm_start_from: str | None = None
) -> CreateHyperParameterTuningJobRequest:
    """A small search over ``eta`` and ``max_depth``; a warm start if asked."""
    warm_start = None
    if warm_start_from is not None:
        warm_start = WarmStartConfig(
            parent_hyper_parameter_tuning_jobs=[
                ParentHyperParameterTuningJob(hyper_parameter_tuning_job_name=warm_start_from)
            ],
            warm_start_type="IdenticalDataAndAlgorithm",
        )
    return CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=HyperParameterTuningJobConfig(
            strategy="Bayesian",
            hyper_parameter_tuning_job_objective=HyperParameterTuningJobObjective(
                type="Minimize", metric_name=OBJECTIVE
            ),
            resource_limits=ResourceLimits(
                max_number_of_training_jobs=3, max_parallel_training_jobs=3
            ),
            parameter_ranges=ParameterRanges(
                continuous_parameter_ranges=[
                    ContinuousParameterRange(name="eta", min_value="0.1", max_value="0.5")
                ],
                integer_parameter_ranges=[
                    IntegerParameterRange(name="max_depth", min_value="2", max_value="6")
                ],
            ),
        ),
        training_job_definition=TrainingJobDefinition(
            algorithm_specification=HyperParameterAlgorithmSpecification(
                training_image=settings.image, training_input_mode="File"
            ),
            role_arn=settings.role_arn,
            static_hyper_parameters={"objective": "reg:squarederror", "num_round": "20"},
            input_data_config=channels(settings),
            output_data_config=OutputDataConfig(
                s3_output_path=f"s3://{settings.bucket}/{DATA_PREFIX}/tuning"
            ),
            resource_config=ResourceConfig(
                instance_type="ml.m5.large", instance_count=1, volume_size_in_gb=5
            ),
            stopping_condition=StoppingCondition(max_runtime_in_seconds=900),
        ),
        warm_start_config=warm_start,
    )


# -- the walk-through -------------------------------------------------------------------


def run(sm: SageMakerClient, settings: Settings) -> None:
    """Every step of the demo on ``sm``."""
    notebook = settings.name("notebook")

    say(f"1. Creating notebook instance {notebook}")
    sm.create_notebook_instance(
        CreateNotebookInstanceRequest(
            notebook_instance_name=notebook,
            instance_type="ml.t3.medium",
            role_arn=settings.role_arn,
            volume_size_in_gb=5,
        )
    )
    created = sm.wait_for_notebook_instance(notebook, progress=True)

    say("2. Stopping it")
    sm.stop_notebook_instance(notebook)
    sm.wait_for_notebook_instance(notebook, target="Stopped", progress=True)

    say("3. Updating it to ml.t3.large with a 10 GB volume")
    # An update ends in Stopped, where the instance already is: `since` tells the
    # waiter to ignore a Stopped from before this call.
    update_started = datetime.datetime.now(datetime.UTC)
    sm.update_notebook_instance(
        UpdateNotebookInstanceRequest(
            notebook_instance_name=notebook, instance_type="ml.t3.large", volume_size_in_gb=10
        )
    )
    updated = sm.wait_for_notebook_instance(
        notebook, target="Stopped", since=update_started, progress=True
    )

    training = settings.name("training")
    say(f"4. Running training job {training}")
    sm.create_training_job(training_job_request(settings))
    job = sm.wait_for_training_job(training, progress=True, logs=True)

    parent, child = settings.name("tuning-parent"), settings.name("tuning-child")
    say(f"5. Running tuning job {parent}, then {child} warm-started from it")
    for name, warm_start_from in ((parent, None), (child, parent)):
        request = tuning_job_request(settings, name, warm_start_from=warm_start_from)
        sm.create_hyper_parameter_tuning_job(request)
        tuning = sm.wait_for_hyper_parameter_tuning_job(name, progress=True)
    if tuning.best_training_job is None:
        raise SystemExit(f"{child} has no best training job: every training job failed")
    best = sm.describe_training_job(tuning.best_training_job.training_job_name)
    best_metric = tuning.best_training_job.final_hyper_parameter_tuning_job_objective_metric
    say(
        f"   best training job {best.training_job_name}: {best.training_job_status}, "
        f"{OBJECTIVE} = {best_metric.value if best_metric else 'n/a'}"
    )

    say(f"6. Listing the training jobs of {child}, best first")
    ranked = list(
        sm.list_training_jobs_for_hyper_parameter_tuning_job(
            child, sort_by="FinalObjectiveMetricValue", sort_order="Ascending"
        )
    )
    for summary in ranked:
        metric = summary.final_hyper_parameter_tuning_job_objective_metric
        score = f"{metric.metric_name} = {metric.value:.3f}" if metric else "no objective"
        say(f"   {summary.training_job_name}  {summary.training_job_status}  {score}")

    say(f"7. Deleting notebook instance {notebook}")
    sm.delete_notebook_instance(notebook)
    sm.wait_for_notebook_instance_deleted(notebook, progress=True)

    say("")
    say("Summary")
    say(
        f"  notebook instance  {created.notebook_instance_name}: was {created.instance_type}, "
        f"updated to {updated.instance_type} with {updated.volume_size_in_gb} GB, deleted"
    )
    say(
        f"  training job       {job.training_job_name}: {job.training_job_status}, "
        f"model at {job.model_artifacts.s3_model_artifacts}"
    )
    warm_start = tuning.warm_start_config
    parents = warm_start.parent_hyper_parameter_tuning_jobs if warm_start else []
    say(
        f"  tuning job         {tuning.hyper_parameter_tuning_job_name}: "
        f"{tuning.hyper_parameter_tuning_job_status}, warm-started from "
        f"{', '.join(str(p.hyper_parameter_tuning_job_name) for p in parents)}, "
        f"{len(ranked)} training jobs"
    )
    tuned = ", ".join(f"{k}={v}" for k, v in sorted((best.hyper_parameters or {}).items()))
    say(f"  best training job  {best.training_job_name} ({tuned})")


# -- the two backends -------------------------------------------------------------------


def run_locally() -> None:
    """The demo on the local backend, with waits on a fake clock."""
    settings = Settings(role_arn=LOCAL_ROLE_ARN, bucket=LOCAL_BUCKET, image=LOCAL_IMAGE, suffix="")
    say("Running on the local backend (moto): no AWS account, no network; simulated time.")
    with local_sagemaker(clock=FakeClock()) as sm:
        run(sm, settings)


def run_on_aws(role_arn: str, bucket: str, image: str, region: str | None) -> None:
    """The demo in your AWS account, with the default boto3 credentials."""
    session = boto3.Session(region_name=region)
    settings = Settings(
        role_arn=role_arn,
        bucket=bucket,
        image=image,
        suffix=time.strftime("-%y%m%d%H%M%S"),  # tuning job names: 32 characters at most
    )
    upload_demo_data(session, bucket)
    sm = SageMakerClient(session=session)
    say(f"Running in your AWS account, region {sm.boto_client.meta.region_name}: this costs money.")
    try:
        run(sm, settings)
    except BaseException:
        say(f"Failed: check that notebook instance {settings.name('notebook')} is deleted.")
        raise


def upload_demo_data(session: boto3.Session, bucket: str) -> None:
    """A tiny regression data set as CSV (label first, no header), for XGBoost."""
    s3 = session.client("s3")
    rng = random.Random(0)
    for channel, rows in (("train", 200), ("validation", 50)):
        lines: list[str] = []
        for _ in range(rows):
            x1, x2 = rng.random(), rng.random()
            lines.append(f"{3 * x1 - 2 * x2 + rng.gauss(0, 0.1):.4f},{x1:.4f},{x2:.4f}")
        key = f"{DATA_PREFIX}/{channel}/data.csv"
        s3.put_object(Bucket=bucket, Key=key, Body="\n".join(lines).encode())
        say(f"Uploaded s3://{bucket}/{key}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--aws", action="store_true", help="run in your AWS account")
    parser.add_argument("--role-arn", help="with --aws: an IAM role SageMaker can assume")
    parser.add_argument("--bucket", help="with --aws: an S3 bucket for data and models")
    parser.add_argument("--image", help="with --aws: a training image (XGBoost)")
    parser.add_argument("--region", help="with --aws: the region (default: boto3's)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.aws:
        missing = [
            flag
            for flag, value in (
                ("--role-arn", args.role_arn),
                ("--bucket", args.bucket),
                ("--image", args.image),
            )
            if not value
        ]
        if missing:
            parser.error(f"--aws needs {', '.join(missing)}")
        run_on_aws(args.role_arn, args.bucket, args.image, args.region)
    else:
        run_locally()
    say(f"Done in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
