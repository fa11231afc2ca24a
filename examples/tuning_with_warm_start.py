"""Hyper-parameter tuning in two rounds: the second warm-starts from the first.

A warm start lets a new tuning job begin with what a finished one learnt (its training
jobs and their objective values) instead of from nothing. Here the second round widens
the ``eta`` range; the request is the first one, changed with ``attrs.evolve`` (models
are immutable).

``tune(sm)`` works with any ``SageMakerClient``; ``main`` runs it on the local backend
(moto) with a fake clock::

    python examples/tuning_with_warm_start.py
"""

from __future__ import annotations

import argparse
import sys

import attrs

from sagemaker_typed import SageMakerClient
from sagemaker_typed.models import (
    ContinuousParameterRange,
    CreateHyperParameterTuningJobRequest,
    HyperParameterAlgorithmSpecification,
    HyperParameterTrainingJobSummary,
    HyperParameterTuningJobConfig,
    HyperParameterTuningJobObjective,
    OutputDataConfig,
    ParameterRanges,
    ParentHyperParameterTuningJob,
    ResourceConfig,
    ResourceLimits,
    StoppingCondition,
    TrainingJobDefinition,
    WarmStartConfig,
)
from sagemaker_typed.testing import FakeClock, local_sagemaker, plan_tuning_job

ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1"

FIRST_ROUND = CreateHyperParameterTuningJobRequest(
    hyper_parameter_tuning_job_name="xgb-round-1",
    hyper_parameter_tuning_job_config=HyperParameterTuningJobConfig(
        strategy="Bayesian",
        hyper_parameter_tuning_job_objective=HyperParameterTuningJobObjective(
            type="Maximize", metric_name="validation:auc"
        ),
        resource_limits=ResourceLimits(max_number_of_training_jobs=4, max_parallel_training_jobs=2),
        parameter_ranges=ParameterRanges(
            continuous_parameter_ranges=[
                ContinuousParameterRange(name="eta", min_value="0.1", max_value="0.3")
            ]
        ),
    ),
    training_job_definition=TrainingJobDefinition(
        algorithm_specification=HyperParameterAlgorithmSpecification(
            training_image=IMAGE, training_input_mode="File"
        ),
        role_arn=ROLE_ARN,
        static_hyper_parameters={"objective": "binary:logistic", "num_round": "50"},
        output_data_config=OutputDataConfig(s3_output_path="s3://my-bucket/tuning"),
        resource_config=ResourceConfig(
            instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=10
        ),
        stopping_condition=StoppingCondition(max_runtime_in_seconds=3600),
    ),
)


def second_round(
    first: CreateHyperParameterTuningJobRequest,
) -> CreateHyperParameterTuningJobRequest:
    """The first round's request with a wider ``eta`` range, warm-started from it."""
    config = first.hyper_parameter_tuning_job_config
    wider = ParameterRanges(
        continuous_parameter_ranges=[
            ContinuousParameterRange(name="eta", min_value="0.05", max_value="0.5")
        ]
    )
    return attrs.evolve(
        first,
        hyper_parameter_tuning_job_name="xgb-round-2",
        hyper_parameter_tuning_job_config=attrs.evolve(config, parameter_ranges=wider),
        warm_start_config=WarmStartConfig(
            parent_hyper_parameter_tuning_jobs=[
                ParentHyperParameterTuningJob(
                    hyper_parameter_tuning_job_name=first.hyper_parameter_tuning_job_name
                )
            ],
            # Same data and image, different ranges: IdenticalDataAndAlgorithm.
            # (TransferLearning allows other data or a new image version.)
            warm_start_type="IdenticalDataAndAlgorithm",
        ),
    )


def tune(sm: SageMakerClient) -> HyperParameterTrainingJobSummary | None:
    """Run both rounds; return the best training job of the second, if any reported."""
    for request in (FIRST_ROUND, second_round(FIRST_ROUND)):
        name = request.hyper_parameter_tuning_job_name
        sm.create_hyper_parameter_tuning_job(request)
        done = sm.wait_for_hyper_parameter_tuning_job(name)
        print(f"{name}: {done.hyper_parameter_tuning_job_status}")

    described = sm.describe_hyper_parameter_tuning_job("xgb-round-2")
    warm_start = described.warm_start_config
    if warm_start is not None:
        parents = [
            p.hyper_parameter_tuning_job_name for p in warm_start.parent_hyper_parameter_tuning_jobs
        ]
        print(f"xgb-round-2 warm-started from {parents} ({warm_start.warm_start_type})")

    # The listing follows NextToken itself, one request per page, lazily.
    ranked = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        "xgb-round-2", sort_by="FinalObjectiveMetricValue", sort_order="Descending"
    )
    best = next(ranked, None)
    if best is not None and best.final_hyper_parameter_tuning_job_objective_metric is not None:
        metric = best.final_hyper_parameter_tuning_job_objective_metric
        print(
            f"best: {best.training_job_name} {metric.metric_name}={metric.value} "
            f"eta={best.tuned_hyper_parameters.get('eta')}"
        )
    return best


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None).parse_args(
        argv
    )
    with local_sagemaker(clock=FakeClock()) as sm:
        # The local backend's training jobs report the objective values planned here
        # (in launch order), so the run always prints the same best job.
        plan_tuning_job("xgb-round-1", objective_values=[0.81, 0.84, 0.79, 0.86])
        plan_tuning_job("xgb-round-2", objective_values=[0.87, 0.85, 0.9, 0.83])
        best = tune(sm)
    return 0 if best is not None else 1


if __name__ == "__main__":
    sys.exit(main())
