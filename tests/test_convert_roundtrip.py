"""Exactness of to_boto/from_boto: seed payloads and every member of every covered shape."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sagemaker_typed import _convert, from_boto, models, to_boto
from sagemaker_typed._model_support import Model
from tests.conftest import seed_payloads
from tests.shapes import MEMBERS, OPERATIONS
from tests.wire import full_wire_dict


def _with_timestamps(value: Any) -> Any:
    """Seed payloads write a timestamp as "__DT__y-m-d"."""
    if isinstance(value, dict):
        return {k: _with_timestamps(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_timestamps(v) for v in value]
    if isinstance(value, str) and value.startswith("__DT__"):
        year, month, day = map(int, value.removeprefix("__DT__").split("-"))
        return datetime.datetime(year, month, day, tzinfo=datetime.UTC)
    return value


def _seed_class(operation: str, kind: str) -> type[Model]:
    name = "".join(part.title() for part in operation.split("_"))
    request, response = OPERATIONS[name]
    class_name = request if kind == "request" else response
    assert class_name is not None
    cls: type[Model] = getattr(models, class_name)
    return cls


SEEDS = seed_payloads()


def test_there_are_210_seed_payloads() -> None:
    assert len(SEEDS) == 210


@pytest.mark.parametrize(
    "seed", SEEDS, ids=[f"{s['operation']}-{s['kind']}-{s['variant']}" for s in SEEDS]
)
def test_seed_payload_round_trips_exactly(seed: dict[str, Any]) -> None:
    payload = _with_timestamps(seed["payload"])
    cls = _seed_class(seed["operation"], seed["kind"])
    # The seed pages' requests hold placeholders ("string") that break the patterns.
    assert to_boto(from_boto(payload, cls, validate=False)) == payload


def test_seed_payloads_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fallback(*args: object, **kwargs: object) -> None:
        raise AssertionError("the checked path was used for a well-formed payload")

    monkeypatch.setattr(_convert, "_report", no_fallback)
    for seed in SEEDS:
        payload = _with_timestamps(seed["payload"])
        from_boto(payload, _seed_class(seed["operation"], seed["kind"]), validate=False)


OPERATION_CLASSES = sorted(
    name for classes in OPERATIONS.values() for name in classes if name is not None
)
ALL_CLASSES = sorted(MEMBERS)


@pytest.mark.parametrize("falsy", [False, True], ids=["truthy", "falsy"])
@pytest.mark.parametrize("class_name", ALL_CLASSES)
def test_every_member_round_trips(class_name: str, falsy: bool) -> None:
    wire = full_wire_dict(class_name, falsy=falsy)
    cls = getattr(models, class_name)
    # Placeholder values ("RoleArn-value"): the types are strict, the constraints not here.
    obj = from_boto(wire, cls, strict=True, validate=False)
    assert to_boto(obj) == wire
    assert from_boto(to_boto(obj), cls, strict=True, validate=False) == obj


@pytest.mark.parametrize("class_name", OPERATION_CLASSES)
def test_operation_shapes_have_every_member_and_nothing_more(class_name: str) -> None:
    wire = full_wire_dict(class_name)
    assert set(to_boto(from_boto(wire, getattr(models, class_name), validate=False))) == {
        member.wire for member in MEMBERS[class_name]
    }


@pytest.mark.parametrize(
    ("class_name", "attribute", "wire_name"),
    [
        ("ResourceConfig", "volume_size_in_gb", "VolumeSizeInGB"),
        ("S3DataSource", "s3_uri", "S3Uri"),
        ("S3DataSource", "s3_data_distribution_type", "S3DataDistributionType"),
        ("OutputDataConfig", "kms_key_id", "KmsKeyId"),
        ("ResourceConfig", "volume_kms_key_id", "VolumeKmsKeyId"),
        ("ModelArtifacts", "s3_model_artifacts", "S3ModelArtifacts"),
        ("DescribeTrainingJobResponse", "auto_ml_job_arn", "AutoMLJobArn"),
        ("CreateNotebookInstanceRequest", "volume_size_in_gb", "VolumeSizeInGB"),
        ("CreateNotebookInstanceRequest", "kms_key_id", "KmsKeyId"),
    ],
)
def test_acronym_members_keep_their_wire_names(
    class_name: str, attribute: str, wire_name: str
) -> None:
    wire = full_wire_dict(class_name)
    obj = from_boto(wire, getattr(models, class_name), strict=False)
    assert getattr(obj, attribute) == wire[wire_name]
    assert to_boto(obj)[wire_name] == wire[wire_name]


def test_falsy_values_are_kept_and_none_is_omitted() -> None:
    config = models.ResourceConfig(
        instance_type="ml.m5.large", instance_count=0, volume_size_in_gb=0, volume_kms_key_id=""
    )
    assert to_boto(config) == {
        "InstanceType": "ml.m5.large",
        "InstanceCount": 0,
        "VolumeSizeInGB": 0,
        "VolumeKmsKeyId": "",
    }
    flags = models.AlgorithmSpecification(
        training_input_mode="File",
        enable_sage_maker_metrics_time_series=False,
        metric_definitions=[],
    )
    assert to_boto(flags) == {
        "TrainingInputMode": "File",
        "EnableSageMakerMetricsTimeSeries": False,
        "MetricDefinitions": [],
    }


def test_timestamps_pass_through_as_aware_datetimes() -> None:
    when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    metric = from_boto({"MetricName": "loss", "Value": 1.0, "Timestamp": when}, models.MetricData)
    assert metric.timestamp is when
    assert to_boto(metric)["Timestamp"] is when


def test_response_metadata_is_not_sent_back() -> None:
    response = models.CreateTrainingJobResponse(
        training_job_arn="arn",
        response_metadata=models.ResponseMetadata(
            request_id="r", http_status_code=200, retry_attempts=0
        ),
    )
    assert to_boto(response) == {"TrainingJobArn": "arn"}


def test_to_boto_rejects_what_is_not_a_model() -> None:
    with pytest.raises(TypeError, match="model object"):
        to_boto({"TrainingJobArn": "arn"})  # type: ignore[arg-type]


def test_from_boto_rejects_what_is_not_a_model_class() -> None:
    with pytest.raises(TypeError, match="model class"):
        from_boto({}, dict)  # type: ignore[type-var]
