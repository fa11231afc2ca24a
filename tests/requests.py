"""Valid requests for tests and examples of the client."""

from __future__ import annotations

from sagemaker_typed import models

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1"


def training_job_request(name: str) -> models.CreateTrainingJobRequest:
    return models.CreateTrainingJobRequest(
        training_job_name=name,
        role_arn=ROLE,
        algorithm_specification=models.AlgorithmSpecification(
            training_image=IMAGE, training_input_mode="File"
        ),
        hyper_parameters={"eta": "0.2", "max_depth": "5"},
        input_data_config=[
            models.Channel(
                channel_name="train",
                data_source=models.DataSource(
                    s3_data_source=models.S3DataSource(
                        s3_data_type="S3Prefix", s3_uri="s3://bucket/train/"
                    )
                ),
            )
        ],
        output_data_config=models.OutputDataConfig(s3_output_path="s3://bucket/output"),
        resource_config=models.ResourceConfig(
            instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=30
        ),
        stopping_condition=models.StoppingCondition(max_runtime_in_seconds=3600),
    )


def tuning_job_request(
    name: str, *, warm_start_from: str | None = None
) -> models.CreateHyperParameterTuningJobRequest:
    warm_start = (
        models.WarmStartConfig(
            parent_hyper_parameter_tuning_jobs=[
                models.ParentHyperParameterTuningJob(
                    hyper_parameter_tuning_job_name=warm_start_from
                )
            ],
            warm_start_type="IdenticalDataAndAlgorithm",
        )
        if warm_start_from
        else None
    )
    return models.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=models.HyperParameterTuningJobConfig(
            strategy="Bayesian",
            hyper_parameter_tuning_job_objective=models.HyperParameterTuningJobObjective(
                type="Maximize", metric_name="validation:auc"
            ),
            resource_limits=models.ResourceLimits(
                max_number_of_training_jobs=4, max_parallel_training_jobs=2
            ),
            parameter_ranges=models.ParameterRanges(
                continuous_parameter_ranges=[
                    models.ContinuousParameterRange(name="eta", min_value="0.1", max_value="0.5")
                ]
            ),
            training_job_early_stopping_type="Auto",
        ),
        training_job_definition=models.TrainingJobDefinition(
            algorithm_specification=models.HyperParameterAlgorithmSpecification(
                training_image=IMAGE, training_input_mode="File"
            ),
            role_arn=ROLE,
            static_hyper_parameters={"max_depth": "5"},
            output_data_config=models.OutputDataConfig(s3_output_path="s3://bucket/tuning"),
            resource_config=models.ResourceConfig(
                instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=30
            ),
            stopping_condition=models.StoppingCondition(max_runtime_in_seconds=3600),
        ),
        warm_start_config=warm_start,
    )


def notebook_request(name: str) -> models.CreateNotebookInstanceRequest:
    return models.CreateNotebookInstanceRequest(
        notebook_instance_name=name, instance_type="ml.t3.medium", role_arn=ROLE
    )
