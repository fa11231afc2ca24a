"""Realistic payloads for the benchmarks, and the same objects built by hand (the floor).

The floor builders read every value of the wire dict once, check its exact type, and
call the generated constructors directly: the least work any converter producing these
objects can do. Conversion is measured as a ratio to them.
"""

from __future__ import annotations

import datetime
from typing import Any

from sagemaker_typed import models, validate

_T0 = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
_ACCOUNT = "123456789012"
_ARN = f"arn:aws:sagemaker:us-east-1:{_ACCOUNT}"
_ROLE_ARN = f"arn:aws:iam::{_ACCOUNT}:role/SageMakerRole"
_XGBOOST_IMAGE = f"{_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1"
_STATUSES = ["Starting", "Downloading", "Training", "Uploading", "Completed"]


def _at(minutes: int) -> datetime.datetime:
    return _T0 + datetime.timedelta(minutes=minutes)


def _channel_wire(channel: str) -> dict[str, Any]:
    return {
        "ChannelName": channel,
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": f"s3://bucket/{channel}/",
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "ContentType": "text/csv",
        "CompressionType": "None",
        "RecordWrapperType": "None",
        "InputMode": "File",
    }


# -- the floor's exact type checks: what any correct converter must do with each value --


def string(value: Any) -> str:
    """``value``, which must be exactly a ``str``."""
    if value.__class__ is not str:
        raise TypeError
    return value


def enum(value: Any) -> Any:
    """``value``, which must be exactly a ``str``; typed ``Any`` to fit ``Literal`` fields."""
    if value.__class__ is not str:
        raise TypeError
    return value


def integer(value: Any) -> int:
    """``value``, which must be exactly an ``int`` (a ``bool`` is not one)."""
    if value.__class__ is not int:
        raise TypeError
    return value


def real(value: Any) -> float:
    """``value``, which must be exactly a ``float``."""
    if value.__class__ is not float:
        raise TypeError
    return value


def boolean(value: Any) -> bool:
    """``value``, which must be exactly a ``bool``."""
    if value.__class__ is not bool:
        raise TypeError
    return value


def timestamp(value: Any) -> datetime.datetime:
    """``value``, which must be exactly a tz-aware ``datetime``."""
    if value.__class__ is not datetime.datetime or value.tzinfo is None:
        raise TypeError
    return value


def _channel_by_hand(c: dict[str, Any]) -> models.Channel:
    s3 = c["DataSource"]["S3DataSource"]
    return models.Channel(
        channel_name=string(c["ChannelName"]),
        data_source=models.DataSource(
            s3_data_source=models.S3DataSource(
                s3_data_type=enum(s3["S3DataType"]),
                s3_uri=string(s3["S3Uri"]),
                s3_data_distribution_type=enum(s3["S3DataDistributionType"]),
            )
        ),
        content_type=string(c["ContentType"]),
        compression_type=enum(c["CompressionType"]),
        record_wrapper_type=enum(c["RecordWrapperType"]),
        input_mode=enum(c["InputMode"]),
    )


# -- DescribeTrainingJob's answer -------------------------------------------------------


def describe_training_job_wire() -> dict[str, Any]:
    """A full DescribeTrainingJob answer: 20 hyper-parameters, 2 channels, 5 metric
    definitions, 5 status transitions, 5 final metrics."""
    return {
        "TrainingJobName": "xgboost-churn-2026-11-01",
        "TrainingJobArn": f"{_ARN}:training-job/xgboost-churn-2026-11-01",
        "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/output/model.tar.gz"},
        "TrainingJobStatus": "Completed",
        "SecondaryStatus": "Completed",
        "HyperParameters": {f"param_{n}": str(n * 0.5) for n in range(20)},
        "AlgorithmSpecification": {
            "TrainingImage": _XGBOOST_IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": [
                {"Name": f"validation:metric{n}", "Regex": f"metric{n}=([0-9\\.]+)"}
                for n in range(5)
            ],
            "EnableSageMakerMetricsTimeSeries": False,
        },
        "RoleArn": _ROLE_ARN,
        "InputDataConfig": [_channel_wire(channel) for channel in ("train", "validation")],
        "OutputDataConfig": {"KmsKeyId": "", "S3OutputPath": "s3://bucket/output"},
        "ResourceConfig": {
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 1,
            "VolumeSizeInGB": 30,
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "CreationTime": _at(0),
        "TrainingStartTime": _at(2),
        "TrainingEndTime": _at(60),
        "LastModifiedTime": _at(61),
        "SecondaryStatusTransitions": [
            {
                "Status": status,
                "StartTime": _at(n * 10),
                "EndTime": _at(n * 10 + 10),
                "StatusMessage": f"{status} the training job",
            }
            for n, status in enumerate(_STATUSES)
        ],
        "FinalMetricDataList": [
            {"MetricName": f"validation:metric{n}", "Value": 0.1 * n, "Timestamp": _at(60)}
            for n in range(5)
        ],
        "EnableNetworkIsolation": False,
        "EnableInterContainerTrafficEncryption": False,
        "EnableManagedSpotTraining": False,
        "TrainingTimeInSeconds": 3480,
        "BillableTimeInSeconds": 3480,
    }


def running_training_job_wire() -> dict[str, Any]:
    """What every poll of a running job gets: :func:`describe_training_job_wire` without
    ``ModelArtifacts`` (required, so error correction fills it), end time, final metrics
    and billing, in status InProgress/Training with three transitions so far."""
    wire = describe_training_job_wire()
    for key in (
        "ModelArtifacts",
        "TrainingEndTime",
        "FinalMetricDataList",
        "TrainingTimeInSeconds",
        "BillableTimeInSeconds",
    ):
        del wire[key]
    wire["TrainingJobStatus"] = "InProgress"
    wire["SecondaryStatus"] = "Training"
    transitions = wire["SecondaryStatusTransitions"][:3]
    del transitions[-1]["EndTime"]
    wire["SecondaryStatusTransitions"] = transitions
    return wire


def _artifacts_by_hand(d: dict[str, Any] | None) -> models.ModelArtifacts:
    if d is None:  # a running job has none yet: the zero value, as error correction fills
        return models.ModelArtifacts(s3_model_artifacts="")
    return models.ModelArtifacts(s3_model_artifacts=string(d["S3ModelArtifacts"]))


def _optional(value: Any, convert: Any) -> Any:
    return None if value is None else convert(value)


def describe_training_job_by_hand(d: dict[str, Any]) -> models.DescribeTrainingJobResponse:
    """The floor for :func:`describe_training_job_wire` and
    :func:`running_training_job_wire`: direct constructor calls."""
    algo = d["AlgorithmSpecification"]
    res = d["ResourceConfig"]
    out = d["OutputDataConfig"]
    metrics = d.get("FinalMetricDataList")
    return models.DescribeTrainingJobResponse(
        training_job_name=string(d["TrainingJobName"]),
        training_job_arn=string(d["TrainingJobArn"]),
        model_artifacts=_artifacts_by_hand(d.get("ModelArtifacts")),
        training_job_status=enum(d["TrainingJobStatus"]),
        secondary_status=enum(d["SecondaryStatus"]),
        hyper_parameters={string(k): string(v) for k, v in d["HyperParameters"].items()},
        algorithm_specification=models.AlgorithmSpecification(
            training_image=string(algo["TrainingImage"]),
            training_input_mode=enum(algo["TrainingInputMode"]),
            metric_definitions=[
                models.MetricDefinition(name=string(m["Name"]), regex=string(m["Regex"]))
                for m in algo["MetricDefinitions"]
            ],
            enable_sage_maker_metrics_time_series=boolean(algo["EnableSageMakerMetricsTimeSeries"]),
        ),
        role_arn=string(d["RoleArn"]),
        input_data_config=[_channel_by_hand(c) for c in d["InputDataConfig"]],
        output_data_config=models.OutputDataConfig(
            kms_key_id=string(out["KmsKeyId"]), s3_output_path=string(out["S3OutputPath"])
        ),
        resource_config=models.ResourceConfig(
            instance_type=enum(res["InstanceType"]),
            instance_count=integer(res["InstanceCount"]),
            volume_size_in_gb=integer(res["VolumeSizeInGB"]),
        ),
        stopping_condition=models.StoppingCondition(
            max_runtime_in_seconds=integer(d["StoppingCondition"]["MaxRuntimeInSeconds"])
        ),
        creation_time=timestamp(d["CreationTime"]),
        training_start_time=timestamp(d["TrainingStartTime"]),
        training_end_time=_optional(d.get("TrainingEndTime"), timestamp),
        last_modified_time=timestamp(d["LastModifiedTime"]),
        secondary_status_transitions=[
            models.SecondaryStatusTransition(
                status=enum(x["Status"]),
                start_time=timestamp(x["StartTime"]),
                end_time=_optional(x.get("EndTime"), timestamp),
                status_message=string(x["StatusMessage"]),
            )
            for x in d["SecondaryStatusTransitions"]
        ],
        final_metric_data_list=None
        if metrics is None
        else [
            models.MetricData(
                metric_name=string(m["MetricName"]),
                value=real(m["Value"]),
                timestamp=timestamp(m["Timestamp"]),
            )
            for m in metrics
        ],
        enable_network_isolation=boolean(d["EnableNetworkIsolation"]),
        enable_inter_container_traffic_encryption=boolean(
            d["EnableInterContainerTrafficEncryption"]
        ),
        enable_managed_spot_training=boolean(d["EnableManagedSpotTraining"]),
        training_time_in_seconds=_optional(d.get("TrainingTimeInSeconds"), integer),
        billable_time_in_seconds=_optional(d.get("BillableTimeInSeconds"), integer),
    )


# -- CreateHyperParameterTuningJob's request --------------------------------------------

_INTEGER_RANGES = [("max_depth", "3", "10", "Auto"), ("num_round", "50", "500", "Linear")]
_CONTINUOUS_RANGES = [
    ("eta", "0.01", "0.3", "Logarithmic"),
    ("subsample", "0.5", "1.0", "Linear"),
    ("colsample_bytree", "0.5", "1.0", "Linear"),
    ("alpha", "0.0001", "10", "Logarithmic"),
    ("lambda", "0.0001", "10", "Logarithmic"),
]
_CATEGORICAL_RANGES = [("booster", ["gbtree", "dart"]), ("tree_method", ["auto", "hist", "approx"])]


def create_tuning_job_wire() -> dict[str, Any]:
    """A full CreateHyperParameterTuningJob request, as a user sends it: Bayesian search
    over 9 ranges with completion criteria, a training job definition (10 static
    hyper-parameters, 5 metric definitions, 2 channels, VPC, spot training with
    checkpoints, retries, environment), a warm start from 2 parents and 3 tags."""
    return {
        "HyperParameterTuningJobName": "xgb-churn-tuning-1101",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Maximize",
                "MetricName": "validation:auc",
            },
            "ResourceLimits": {
                "MaxNumberOfTrainingJobs": 50,
                "MaxParallelTrainingJobs": 5,
                "MaxRuntimeInSeconds": 36000,
            },
            "ParameterRanges": {
                "IntegerParameterRanges": [
                    {"Name": name, "MinValue": low, "MaxValue": high, "ScalingType": scaling}
                    for name, low, high, scaling in _INTEGER_RANGES
                ],
                "ContinuousParameterRanges": [
                    {"Name": name, "MinValue": low, "MaxValue": high, "ScalingType": scaling}
                    for name, low, high, scaling in _CONTINUOUS_RANGES
                ],
                "CategoricalParameterRanges": [
                    {"Name": name, "Values": values} for name, values in _CATEGORICAL_RANGES
                ],
            },
            "TrainingJobEarlyStoppingType": "Auto",
            "TuningJobCompletionCriteria": {
                "TargetObjectiveMetricValue": 0.95,
                "BestObjectiveNotImproving": {"MaxNumberOfTrainingJobsNotImproving": 10},
                "ConvergenceDetected": {"CompleteOnConvergence": "Enabled"},
            },
            "RandomSeed": 42,
        },
        "TrainingJobDefinition": {
            "StaticHyperParameters": {
                "objective": "binary:logistic",
                "eval_metric": "auc",
                "num_class": "1",
                "verbosity": "1",
                "max_bin": "256",
                "grow_policy": "depthwise",
                "scale_pos_weight": "3.5",
                "sampling_method": "uniform",
                "early_stopping_rounds": "10",
                "csv_weights": "0",
            },
            "AlgorithmSpecification": {
                "TrainingImage": _XGBOOST_IMAGE,
                "TrainingInputMode": "File",
                "MetricDefinitions": [
                    {"Name": f"validation:metric{n}", "Regex": f"metric{n}=([0-9\\.]+)"}
                    for n in range(5)
                ],
            },
            "RoleArn": _ROLE_ARN,
            "InputDataConfig": [_channel_wire(channel) for channel in ("train", "validation")],
            "VpcConfig": {
                "SecurityGroupIds": ["sg-0123456789abcdef0"],
                "Subnets": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
            },
            "OutputDataConfig": {
                "KmsKeyId": "alias/sagemaker-output",
                "S3OutputPath": "s3://bucket/tuning-output",
            },
            "ResourceConfig": {
                "InstanceType": "ml.m5.xlarge",
                "InstanceCount": 1,
                "VolumeSizeInGB": 30,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
            "EnableNetworkIsolation": False,
            "EnableInterContainerTrafficEncryption": True,
            "EnableManagedSpotTraining": True,
            "CheckpointConfig": {
                "S3Uri": "s3://bucket/checkpoints",
                "LocalPath": "/opt/ml/checkpoints",
            },
            "RetryStrategy": {"MaximumRetryAttempts": 2},
            "Environment": {"LOG_LEVEL": "info", "OMP_NUM_THREADS": "4"},
        },
        "WarmStartConfig": {
            "ParentHyperParameterTuningJobs": [
                {"HyperParameterTuningJobName": "xgb-churn-tuning-1001"},
                {"HyperParameterTuningJobName": "xgb-churn-tuning-1015"},
            ],
            "WarmStartType": "IdenticalDataAndAlgorithm",
        },
        "Tags": [
            {"Key": "team", "Value": "growth"},
            {"Key": "project", "Value": "churn"},
            {"Key": "cost-center", "Value": "ml-1234"},
        ],
    }


def create_tuning_job_by_hand(d: dict[str, Any]) -> models.CreateHyperParameterTuningJobRequest:
    """The floor for :func:`create_tuning_job_wire`: direct constructor calls."""
    config = d["HyperParameterTuningJobConfig"]
    objective = config["HyperParameterTuningJobObjective"]
    limits = config["ResourceLimits"]
    ranges = config["ParameterRanges"]
    criteria = config["TuningJobCompletionCriteria"]
    definition = d["TrainingJobDefinition"]
    algo = definition["AlgorithmSpecification"]
    vpc = definition["VpcConfig"]
    out = definition["OutputDataConfig"]
    res = definition["ResourceConfig"]
    stopping = definition["StoppingCondition"]
    checkpoint = definition["CheckpointConfig"]
    warm_start = d["WarmStartConfig"]
    return models.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=string(d["HyperParameterTuningJobName"]),
        hyper_parameter_tuning_job_config=models.HyperParameterTuningJobConfig(
            strategy=enum(config["Strategy"]),
            hyper_parameter_tuning_job_objective=models.HyperParameterTuningJobObjective(
                type=enum(objective["Type"]), metric_name=string(objective["MetricName"])
            ),
            resource_limits=models.ResourceLimits(
                max_number_of_training_jobs=integer(limits["MaxNumberOfTrainingJobs"]),
                max_parallel_training_jobs=integer(limits["MaxParallelTrainingJobs"]),
                max_runtime_in_seconds=integer(limits["MaxRuntimeInSeconds"]),
            ),
            parameter_ranges=models.ParameterRanges(
                integer_parameter_ranges=[
                    models.IntegerParameterRange(
                        name=string(r["Name"]),
                        min_value=string(r["MinValue"]),
                        max_value=string(r["MaxValue"]),
                        scaling_type=enum(r["ScalingType"]),
                    )
                    for r in ranges["IntegerParameterRanges"]
                ],
                continuous_parameter_ranges=[
                    models.ContinuousParameterRange(
                        name=string(r["Name"]),
                        min_value=string(r["MinValue"]),
                        max_value=string(r["MaxValue"]),
                        scaling_type=enum(r["ScalingType"]),
                    )
                    for r in ranges["ContinuousParameterRanges"]
                ],
                categorical_parameter_ranges=[
                    models.CategoricalParameterRange(
                        name=string(r["Name"]), values=[string(v) for v in r["Values"]]
                    )
                    for r in ranges["CategoricalParameterRanges"]
                ],
            ),
            training_job_early_stopping_type=enum(config["TrainingJobEarlyStoppingType"]),
            tuning_job_completion_criteria=models.TuningJobCompletionCriteria(
                target_objective_metric_value=real(criteria["TargetObjectiveMetricValue"]),
                best_objective_not_improving=models.BestObjectiveNotImproving(
                    max_number_of_training_jobs_not_improving=integer(
                        criteria["BestObjectiveNotImproving"]["MaxNumberOfTrainingJobsNotImproving"]
                    )
                ),
                convergence_detected=models.ConvergenceDetected(
                    complete_on_convergence=enum(
                        criteria["ConvergenceDetected"]["CompleteOnConvergence"]
                    )
                ),
            ),
            random_seed=integer(config["RandomSeed"]),
        ),
        training_job_definition=models.HyperParameterTrainingJobDefinition(
            static_hyper_parameters={
                string(k): string(v) for k, v in definition["StaticHyperParameters"].items()
            },
            algorithm_specification=models.HyperParameterAlgorithmSpecification(
                training_image=string(algo["TrainingImage"]),
                training_input_mode=enum(algo["TrainingInputMode"]),
                metric_definitions=[
                    models.MetricDefinition(name=string(m["Name"]), regex=string(m["Regex"]))
                    for m in algo["MetricDefinitions"]
                ],
            ),
            role_arn=string(definition["RoleArn"]),
            input_data_config=[_channel_by_hand(c) for c in definition["InputDataConfig"]],
            vpc_config=models.VpcConfig(
                security_group_ids=[string(v) for v in vpc["SecurityGroupIds"]],
                subnets=[string(v) for v in vpc["Subnets"]],
            ),
            output_data_config=models.OutputDataConfig(
                kms_key_id=string(out["KmsKeyId"]), s3_output_path=string(out["S3OutputPath"])
            ),
            resource_config=models.ResourceConfig(
                instance_type=enum(res["InstanceType"]),
                instance_count=integer(res["InstanceCount"]),
                volume_size_in_gb=integer(res["VolumeSizeInGB"]),
            ),
            stopping_condition=models.StoppingCondition(
                max_runtime_in_seconds=integer(stopping["MaxRuntimeInSeconds"]),
                max_wait_time_in_seconds=integer(stopping["MaxWaitTimeInSeconds"]),
            ),
            enable_network_isolation=boolean(definition["EnableNetworkIsolation"]),
            enable_inter_container_traffic_encryption=boolean(
                definition["EnableInterContainerTrafficEncryption"]
            ),
            enable_managed_spot_training=boolean(definition["EnableManagedSpotTraining"]),
            checkpoint_config=models.CheckpointConfig(
                s3_uri=string(checkpoint["S3Uri"]), local_path=string(checkpoint["LocalPath"])
            ),
            retry_strategy=models.RetryStrategy(
                maximum_retry_attempts=integer(definition["RetryStrategy"]["MaximumRetryAttempts"])
            ),
            environment={string(k): string(v) for k, v in definition["Environment"].items()},
        ),
        warm_start_config=models.HyperParameterTuningJobWarmStartConfig(
            parent_hyper_parameter_tuning_jobs=[
                models.ParentHyperParameterTuningJob(
                    hyper_parameter_tuning_job_name=string(p["HyperParameterTuningJobName"])
                )
                for p in warm_start["ParentHyperParameterTuningJobs"]
            ],
            warm_start_type=enum(warm_start["WarmStartType"]),
        ),
        tags=[models.Tag(key=string(tag["Key"]), value=string(tag["Value"])) for tag in d["Tags"]],
    )


def create_tuning_job_checked(d: dict[str, Any]) -> models.CreateHyperParameterTuningJobRequest:
    """The floor of a strict ``from_boto`` of the request, which also checks the model's
    constraints: :func:`create_tuning_job_by_hand`, then ``validate``."""
    request = create_tuning_job_by_hand(d)
    validate(request)
    return request
