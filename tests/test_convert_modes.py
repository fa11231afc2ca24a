"""from_boto's two modes: tolerant for responses, strict for user-written request dicts."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import attrs
import pytest

from sagemaker_typed import (
    RequestValidationError,
    ResponseParseError,
    from_boto,
    models,
    to_boto,
    validate,
)
from tests.wire import full_wire_dict

UTC = datetime.UTC


def describe_training_job() -> dict[str, Any]:
    return full_wire_dict("DescribeTrainingJobResponse")


def create_training_job() -> dict[str, Any]:
    return {
        "TrainingJobName": "job",
        "RoleArn": "arn:aws:iam::123456789012:role/R",
        "AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File"},
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
        "StoppingCondition": {"MaxRuntimeInSeconds": 60},
    }


# -- tolerant ---------------------------------------------------------------------------


def test_unknown_keys_and_response_metadata_are_ignored() -> None:
    wire = describe_training_job()
    expected = from_boto(wire, models.DescribeTrainingJobResponse)
    wire["BrandNewField"] = {"Nested": [1, 2]}
    wire["ResourceConfig"]["FutureKnob"] = True
    wire["ResponseMetadata"] = {"RequestId": "abc", "HTTPStatusCode": 200}
    assert from_boto(wire, models.DescribeTrainingJobResponse) == expected


def test_unknown_enum_values_are_kept() -> None:
    wire = full_wire_dict("DescribeNotebookInstanceResponse")
    wire["NotebookInstanceStatus"] = "Hibernating"
    response = from_boto(wire, models.DescribeNotebookInstanceResponse)
    # Literal types promise request values only: a response may hold newer ones.
    assert str(response.notebook_instance_status) == "Hibernating"


def test_missing_required_members_get_zero_values_and_a_debug_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    wire = describe_training_job()
    del wire["ModelArtifacts"]
    del wire["TrainingJobStatus"]
    del wire["CreationTime"]
    with caplog.at_level(logging.DEBUG, logger="sagemaker_typed"):
        response = from_boto(wire, models.DescribeTrainingJobResponse)
    assert response.model_artifacts == models.ModelArtifacts(s3_model_artifacts="")
    assert str(response.training_job_status) == ""
    assert response.creation_time == datetime.datetime(1970, 1, 1, tzinfo=UTC)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "model_artifacts" in logged
    assert "creation_time" in logged


def test_missing_required_nested_members_are_corrected_at_their_depth() -> None:
    wire = describe_training_job()
    del wire["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"]
    response = from_boto(wire, models.DescribeTrainingJobResponse)
    assert response.input_data_config is not None
    data_source = response.input_data_config[0].data_source.s3_data_source
    assert data_source is not None
    assert data_source.s3_uri == ""


def test_none_counts_as_absent() -> None:
    wire = describe_training_job()
    wire["FailureReason"] = None
    wire["ModelArtifacts"] = None
    response = from_boto(wire, models.DescribeTrainingJobResponse)
    assert response.failure_reason is None
    assert response.model_artifacts == models.ModelArtifacts(s3_model_artifacts="")


def test_int_is_taken_for_float_and_stays_int_in_both_modes() -> None:
    metric = from_boto({"MetricName": "m", "Value": 3}, models.MetricData)
    assert type(metric.value) is int
    assert to_boto(metric) == {"MetricName": "m", "Value": 3}
    wire = {"TargetObjectiveMetricValue": 123}
    config = from_boto(wire, models.TuningJobCompletionCriteria, strict=True)
    assert type(config.target_objective_metric_value) is int
    assert to_boto(config) == wire


@pytest.mark.parametrize("big", [2**1024, -(2**1024), 10**400])
def test_an_int_beyond_the_finite_doubles_is_a_typed_error_not_an_overflow(big: int) -> None:
    with pytest.raises(ResponseParseError, match=r"value: expected float, got int"):
        from_boto({"MetricName": "m", "Value": big}, models.MetricData)
    wire = {"TargetObjectiveMetricValue": big}
    with pytest.raises(RequestValidationError, match="TargetObjectiveMetricValue"):
        from_boto(wire, models.TuningJobCompletionCriteria, strict=True)


@pytest.mark.usefixtures("local_time_not_utc")
def test_naive_datetimes_are_utc_and_iso_strings_and_epochs_are_parsed() -> None:
    naive = datetime.datetime(2026, 5, 1, 12, 0)
    aware = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    for value in (naive, "2026-05-01T12:00:00Z", "2026-05-01T12:00:00+00:00", aware.timestamp()):
        metric = from_boto({"MetricName": "m", "Value": 1.0, "Timestamp": value}, models.MetricData)
        assert metric.timestamp == aware
        assert metric.timestamp is not None
        assert metric.timestamp.tzinfo is not None


@pytest.mark.parametrize("bad", [1.9, "1", True, None, [1], {"n": 1}])
def test_wrong_typed_values_raise_with_the_path(bad: object) -> None:
    wire = describe_training_job()
    wire["ResourceConfig"]["InstanceCount"] = bad
    if bad is None:  # None is absent: the optional member is simply unset
        response = from_boto(wire, models.DescribeTrainingJobResponse)
        assert response.resource_config is not None
        assert response.resource_config.instance_count is None
        return
    with pytest.raises(ResponseParseError) as caught:
        from_boto(wire, models.DescribeTrainingJobResponse)
    assert caught.value.path == "resource_config.instance_count"
    assert caught.value.operation == "DescribeTrainingJob"
    assert "resource_config.instance_count" in str(caught.value)
    assert "DescribeTrainingJob" in str(caught.value)


def test_paths_name_list_items_and_map_entries() -> None:
    wire = describe_training_job()
    wire["InputDataConfig"][0]["ChannelName"] = 7
    wire["HyperParameters"] = {"eta": 0.3}
    with pytest.raises(ResponseParseError) as caught:
        from_boto(wire, models.DescribeTrainingJobResponse)
    paths = [path for path, _ in caught.value.errors]
    assert "input_data_config[0].channel_name" in paths
    assert "hyper_parameters['eta']" in paths


def test_structure_where_a_scalar_belongs_and_back() -> None:
    wire = describe_training_job()
    wire["ResourceConfig"] = "ml.m5.large"
    wire["TrainingJobName"] = {"Name": "x"}
    with pytest.raises(ResponseParseError) as caught:
        from_boto(wire, models.DescribeTrainingJobResponse)
    assert {path for path, _ in caught.value.errors} == {"resource_config", "training_job_name"}


def test_message_names_paths_not_values() -> None:
    wire = describe_training_job()
    wire["HyperParameters"] = {"secret_key": 123456789}
    with pytest.raises(ResponseParseError) as caught:
        from_boto(wire, models.DescribeTrainingJobResponse)
    assert "123456789" not in str(caught.value)


def test_not_a_dict_at_all() -> None:
    with pytest.raises(ResponseParseError):
        from_boto(["not", "a", "dict"], models.DescribeTrainingJobResponse)  # type: ignore[arg-type]


# -- strict -----------------------------------------------------------------------------


def test_requests_are_strict_by_default() -> None:
    wire = create_training_job()
    wire["TrainingJobNmae"] = "typo"
    with pytest.raises(RequestValidationError) as caught:
        from_boto(wire, models.CreateTrainingJobRequest)
    assert caught.value.errors == [("TrainingJobNmae", "unknown key")]
    assert isinstance(caught.value, ValueError)


def test_strict_lists_every_problem() -> None:
    wire = create_training_job()
    del wire["RoleArn"]
    wire["ResourceConfig"]["InstanceCount"] = "1"
    wire["ResourceConfig"]["Bogus"] = 1
    wire["StoppingCondition"]["MaxRuntimeInSeconds"] = 60.0
    with pytest.raises(RequestValidationError) as caught:
        from_boto(wire, models.CreateTrainingJobRequest)
    # Paths in the names the user wrote: the dict's own keys.
    assert {path for path, _ in caught.value.errors} == {
        "RoleArn",
        "ResourceConfig.InstanceCount",
        "ResourceConfig.Bogus",
        "StoppingCondition.MaxRuntimeInSeconds",
    }


def test_strict_reports_types_and_constraints_at_once_under_one_header() -> None:
    wire = create_training_job()
    wire["TrainingJobName"] = "no spaces allowed"
    wire["RoleArn"] = "arn:aws:iam::1234567890:role/R"  # a 10-digit account
    wire["AlgorithmSpecification"]["TrainingInputMode"] = "Fil"
    wire["OutputDataConfig"]["S3OutputPath"] = "bucket/out"
    wire["ResourceConfig"]["InstanceCount"] = "1"
    wire["Unknown"] = 1
    with pytest.raises(RequestValidationError) as caught:
        from_boto(wire, models.CreateTrainingJobRequest)
    message = str(caught.value)
    assert message.startswith("invalid CreateTrainingJobRequest, 6 problems:\n")
    problems = dict(caught.value.errors)
    assert problems["Unknown"] == "unknown key"
    assert problems["ResourceConfig.InstanceCount"] == "expected int, got str"
    assert problems["AlgorithmSpecification.TrainingInputMode"].startswith("must be one of")
    assert problems["TrainingJobName"].startswith("must be a name of letters, digits and hyphens")
    assert problems["RoleArn"].startswith(
        "must be an ARN of iam: arn:aws:iam::<12-digit account>:role"
    )
    assert problems["OutputDataConfig.S3OutputPath"].startswith("must be an S3 URI")
    # The pattern always stays; the values never show.
    assert "; pattern ^arn:aws" in problems["RoleArn"]
    for value in ("no spaces allowed", "1234567890", "bucket/out", "'Fil'"):
        assert value not in message


def test_one_header_style_for_objects_and_dicts() -> None:
    request = from_boto(create_training_job(), models.CreateTrainingJobRequest)
    broken = attrs.evolve(request, training_job_name="no spaces")
    with pytest.raises(RequestValidationError) as from_object:
        validate(broken)
    with pytest.raises(RequestValidationError) as from_dict:
        from_boto({**create_training_job(), "TrainingJobName": "no spaces"}, type(request))
    assert str(from_object.value).replace("training_job_name", "TrainingJobName") == str(
        from_dict.value
    )


def test_validate_false_skips_the_constraints_not_the_types() -> None:
    wire = {**create_training_job(), "TrainingJobName": "no spaces"}
    request = from_boto(wire, models.CreateTrainingJobRequest, validate=False)
    assert request.training_job_name == "no spaces"
    wire["EnableNetworkIsolation"] = "yes"
    with pytest.raises(RequestValidationError, match="EnableNetworkIsolation: expected bool"):
        from_boto(wire, models.CreateTrainingJobRequest, validate=False)


@pytest.mark.parametrize(("value", "got"), [("false", "str"), (0, "int"), (1, "int")])
def test_strict_never_coerces_booleans(value: object, got: str) -> None:
    wire = create_training_job()
    wire["EnableNetworkIsolation"] = value
    with pytest.raises(RequestValidationError) as caught:
        from_boto(wire, models.CreateTrainingJobRequest)
    # The same words as validate() uses.
    assert caught.value.errors == [("EnableNetworkIsolation", f"expected bool, got {got}")]


def test_strict_can_be_chosen_for_any_class_and_tolerant_for_requests() -> None:
    with pytest.raises(RequestValidationError):
        from_boto({"S3ModelArtifacts": "s3://x", "Extra": 1}, models.ModelArtifacts, strict=True)
    wire = create_training_job()
    wire["FutureParameter"] = 1
    request = from_boto(wire, models.CreateTrainingJobRequest, strict=False)
    assert request.training_job_name == "job"


def test_strict_accepts_a_valid_request_and_keeps_every_value() -> None:
    wire = create_training_job()
    request = from_boto(wire, models.CreateTrainingJobRequest)
    assert request.resource_config == models.ResourceConfig(
        instance_type="ml.m5.large", instance_count=1, volume_size_in_gb=5
    )
    assert request.algorithm_specification == models.AlgorithmSpecification(
        training_image="img", training_input_mode="File"
    )
