"""Quickstart (placeholder until the client lands): build a typed request and round-trip it."""

from __future__ import annotations

from sagemaker_typed import from_boto, to_boto
from sagemaker_typed.models import (
    AlgorithmSpecification,
    CreateTrainingJobRequest,
    OutputDataConfig,
    ResourceConfig,
    StoppingCondition,
)


def main() -> None:
    request = CreateTrainingJobRequest(
        training_job_name="demo-job",
        role_arn="arn:aws:iam::123456789012:role/SageMakerRole",
        algorithm_specification=AlgorithmSpecification(
            training_image="123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1",
            training_input_mode="File",
        ),
        output_data_config=OutputDataConfig(s3_output_path="s3://bucket/output"),
        resource_config=ResourceConfig(
            instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=30
        ),
        stopping_condition=StoppingCondition(max_runtime_in_seconds=3600),
    )
    wire = to_boto(request)
    assert from_boto(wire, CreateTrainingJobRequest) == request
    print(request)
    print(wire)


if __name__ == "__main__":
    main()
