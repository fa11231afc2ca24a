"""Realistic payloads for the benchmarks, and the same objects built by hand (the floor)."""

from __future__ import annotations

import datetime
from typing import Any

from sagemaker_typed import models

_T0 = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
_ARN = "arn:aws:sagemaker:us-east-1:123456789012"
_STATUSES = ["Starting", "Downloading", "Training", "Uploading", "Completed"]


def _at(minutes: int) -> datetime.datetime:
    return _T0 + datetime.timedelta(minutes=minutes)


def describe_training_job_wire() -> dict[str, Any]:
    """A full DescribeTrainingJob answer: 20 hyper-parameters, 2 channels, 5 metric
    definitions, 5 status transitions, 5 final metrics."""
    return {
        "TrainingJobName": "xgboost-churn-2026-11-01",
        "TrainingJobArn": f"{_ARN}:training-job/xgboost-churn-2026-11-01",
        "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/output/model.tar.gz"},
        "TrainingJobStatus": "Completed",
        "SecondaryStatus": "Completed",
        "HyperParameters": {f"param_{i}": str(i * 0.5) for i in range(20)},
        "AlgorithmSpecification": {
            "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1",
            "TrainingInputMode": "File",
            "MetricDefinitions": [
                {"Name": f"validation:metric{i}", "Regex": f"metric{i}=([0-9\\.]+)"}
                for i in range(5)
            ],
            "EnableSageMakerMetricsTimeSeries": False,
        },
        "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
        "InputDataConfig": [
            {
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
            for channel in ("train", "validation")
        ],
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
                "StartTime": _at(i * 10),
                "EndTime": _at(i * 10 + 10),
                "StatusMessage": f"{status} the training job",
            }
            for i, status in enumerate(_STATUSES)
        ],
        "FinalMetricDataList": [
            {"MetricName": f"validation:metric{i}", "Value": 0.1 * i, "Timestamp": _at(60)}
            for i in range(5)
        ],
        "EnableNetworkIsolation": False,
        "EnableInterContainerTrafficEncryption": False,
        "EnableManagedSpotTraining": False,
        "TrainingTimeInSeconds": 3480,
        "BillableTimeInSeconds": 3480,
    }


def describe_training_job_by_hand(d: dict[str, Any]) -> models.DescribeTrainingJobResponse:
    """The floor: the same object built by direct constructor calls from the same dict.

    Reads every value once and checks its exact type, as any correct converter must;
    nothing more.
    """

    def s(v: Any) -> str:
        if v.__class__ is not str:
            raise TypeError
        return v

    def i(v: Any) -> int:
        if v.__class__ is not int:
            raise TypeError
        return v

    def f(v: Any) -> float:
        if v.__class__ is not float:
            raise TypeError
        return v

    def b(v: Any) -> bool:
        if v.__class__ is not bool:
            raise TypeError
        return v

    def t(v: Any) -> datetime.datetime:
        if v.__class__ is not datetime.datetime or v.tzinfo is None:
            raise TypeError
        return v

    algo = d["AlgorithmSpecification"]
    res = d["ResourceConfig"]
    out = d["OutputDataConfig"]
    return models.DescribeTrainingJobResponse(
        training_job_name=s(d["TrainingJobName"]),
        training_job_arn=s(d["TrainingJobArn"]),
        model_artifacts=models.ModelArtifacts(
            s3_model_artifacts=s(d["ModelArtifacts"]["S3ModelArtifacts"])
        ),
        training_job_status=s(d["TrainingJobStatus"]),  # type: ignore[arg-type]
        secondary_status=s(d["SecondaryStatus"]),  # type: ignore[arg-type]
        hyper_parameters={s(k): s(v) for k, v in d["HyperParameters"].items()},
        algorithm_specification=models.AlgorithmSpecification(
            training_image=s(algo["TrainingImage"]),
            training_input_mode=s(algo["TrainingInputMode"]),  # type: ignore[arg-type]
            metric_definitions=[
                models.MetricDefinition(name=s(m["Name"]), regex=s(m["Regex"]))
                for m in algo["MetricDefinitions"]
            ],
            enable_sage_maker_metrics_time_series=b(algo["EnableSageMakerMetricsTimeSeries"]),
        ),
        role_arn=s(d["RoleArn"]),
        input_data_config=[
            models.Channel(
                channel_name=s(c["ChannelName"]),
                data_source=models.DataSource(
                    s3_data_source=models.S3DataSource(
                        s3_data_type=s(c["DataSource"]["S3DataSource"]["S3DataType"]),  # type: ignore[arg-type]
                        s3_uri=s(c["DataSource"]["S3DataSource"]["S3Uri"]),
                        s3_data_distribution_type=s(  # type: ignore[arg-type]
                            c["DataSource"]["S3DataSource"]["S3DataDistributionType"]
                        ),
                    )
                ),
                content_type=s(c["ContentType"]),
                compression_type=s(c["CompressionType"]),  # type: ignore[arg-type]
                record_wrapper_type=s(c["RecordWrapperType"]),  # type: ignore[arg-type]
                input_mode=s(c["InputMode"]),  # type: ignore[arg-type]
            )
            for c in d["InputDataConfig"]
        ],
        output_data_config=models.OutputDataConfig(
            kms_key_id=s(out["KmsKeyId"]), s3_output_path=s(out["S3OutputPath"])
        ),
        resource_config=models.ResourceConfig(
            instance_type=s(res["InstanceType"]),  # type: ignore[arg-type]
            instance_count=i(res["InstanceCount"]),
            volume_size_in_gb=i(res["VolumeSizeInGB"]),
        ),
        stopping_condition=models.StoppingCondition(
            max_runtime_in_seconds=i(d["StoppingCondition"]["MaxRuntimeInSeconds"])
        ),
        creation_time=t(d["CreationTime"]),
        training_start_time=t(d["TrainingStartTime"]),
        training_end_time=t(d["TrainingEndTime"]),
        last_modified_time=t(d["LastModifiedTime"]),
        secondary_status_transitions=[
            models.SecondaryStatusTransition(
                status=s(x["Status"]),  # type: ignore[arg-type]
                start_time=t(x["StartTime"]),
                end_time=t(x["EndTime"]),
                status_message=s(x["StatusMessage"]),
            )
            for x in d["SecondaryStatusTransitions"]
        ],
        final_metric_data_list=[
            models.MetricData(
                metric_name=s(m["MetricName"]), value=f(m["Value"]), timestamp=t(m["Timestamp"])
            )
            for m in d["FinalMetricDataList"]
        ],
        enable_network_isolation=b(d["EnableNetworkIsolation"]),
        enable_inter_container_traffic_encryption=b(d["EnableInterContainerTrafficEncryption"]),
        enable_managed_spot_training=b(d["EnableManagedSpotTraining"]),
        training_time_in_seconds=i(d["TrainingTimeInSeconds"]),
        billable_time_in_seconds=i(d["BillableTimeInSeconds"]),
    )
