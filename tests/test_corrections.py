"""Lossless error correction: what a partial response lacked is filled, recorded, and
never sent back.

The property: for random subsets of a full response's members (at every depth),
``to_boto(from_boto(d)) == d`` and ``corrected_fields`` names exactly the required
members that were removed (outermost only).
"""

from __future__ import annotations

import copy
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sagemaker_typed import (
    RequestValidationError,
    corrected_fields,
    from_boto,
    models,
    to_boto,
    validate,
)
from tests.shapes import MEMBERS, OPERATIONS, SHAPES
from tests.wire import full_wire_dict

RESPONSES = sorted({response for _, response in OPERATIONS.values() if response is not None})


def drop_members(
    data: st.DataObject, wire: dict[str, Any], class_name: str, path: str
) -> list[str]:
    """Remove a random subset of ``wire``'s members, at every depth, in place; return the
    paths of the removed required members (outermost: nothing is removed below them)."""
    removed: list[str] = []
    prefix = f"{path}." if path else ""
    for member in MEMBERS[class_name]:
        if member.wire not in wire:
            continue
        member_path = prefix + member.attr
        if data.draw(st.booleans(), label=f"drop {member_path}"):
            del wire[member.wire]
            if member.required:
                removed.append(member_path)
            continue
        removed += _drop_within(data, wire[member.wire], member.shape, member_path)
    return removed


def _drop_within(data: st.DataObject, value: Any, shape_name: str, path: str) -> list[str]:
    shape = SHAPES[shape_name]
    if shape.kind == "structure":
        assert shape.cls is not None
        return drop_members(data, value, shape.cls, path)
    removed: list[str] = []
    if shape.kind == "list":
        assert shape.member is not None
        for index, item in enumerate(value):
            removed += _drop_within(data, item, shape.member, f"{path}[{index}]")
    elif shape.kind == "map":
        assert shape.member is not None
        for key, item in value.items():
            removed += _drop_within(data, item, shape.member, f"{path}[{key!r}]")
    return removed


@pytest.mark.parametrize("class_name", RESPONSES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_partial_responses_round_trip_and_name_what_was_filled(
    class_name: str, data: st.DataObject
) -> None:
    cls = getattr(models, class_name)
    wire = full_wire_dict(class_name)
    removed = drop_members(data, wire, class_name, "")
    obj = from_boto(wire, cls)
    assert to_boto(obj) == wire
    assert sorted(corrected_fields(obj)) == sorted(removed)


def partial_job() -> tuple[dict[str, Any], models.DescribeTrainingJobResponse]:
    wire = full_wire_dict("DescribeTrainingJobResponse")
    del wire["CreationTime"]
    del wire["ModelArtifacts"]
    del wire["ResourceConfig"]["InstanceGroups"][0]["InstanceCount"]
    return wire, from_boto(wire, models.DescribeTrainingJobResponse)


def test_corrected_fields_lists_outermost_paths() -> None:
    _, job = partial_job()
    assert corrected_fields(job) == [
        "model_artifacts",
        "resource_config.instance_groups[0].instance_count",
        "creation_time",
    ]
    # The filled structure records its own members, for validate() when it is reused.
    assert job.model_artifacts is not None
    assert corrected_fields(job.model_artifacts) == ["s3_model_artifacts"]


def test_repr_marks_corrected_members() -> None:
    _, job = partial_job()
    text = repr(job)
    assert "creation_time=<corrected: datetime.datetime(1970, 1, 1, 0, 0" in text
    assert "instance_count=<corrected: 0>" in text
    complete = from_boto(full_wire_dict("ModelArtifacts"), models.ModelArtifacts)
    assert "<corrected" not in repr(complete)


def test_the_record_survives_copy_deepcopy_pickle_and_evolve_of_other_fields() -> None:
    wire, job = partial_job()
    evolved = attrs.evolve(job, training_job_name="renamed")
    for other in (copy.copy(job), copy.deepcopy(job), pickle.loads(pickle.dumps(job)), evolved):
        assert corrected_fields(other) == corrected_fields(job)
        assert to_boto(other) == {**wire, "TrainingJobName": other.training_job_name}
    assert evolved == attrs.evolve(job, training_job_name="renamed")
    assert job == from_boto(wire, models.DescribeTrainingJobResponse)


def test_setting_a_corrected_member_anew_makes_it_the_users_value() -> None:
    _, job = partial_job()
    now = job.training_start_time
    assert now is not None
    fixed = attrs.evolve(job, creation_time=now)
    assert "creation_time" not in corrected_fields(fixed)
    assert to_boto(fixed)["CreationTime"] == now


def test_equality_ignores_the_record() -> None:
    filled = from_boto({"S3ModelArtifacts": None}, models.ModelArtifacts)
    assert filled == models.ModelArtifacts(s3_model_artifacts="")
    assert corrected_fields(filled) == ["s3_model_artifacts"]
    assert corrected_fields(models.ModelArtifacts(s3_model_artifacts="")) == []


def test_validate_reports_a_reused_corrected_member_as_required() -> None:
    wire = full_wire_dict("DescribeHyperParameterTuningJobResponse")
    del wire["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"]
    del wire["HyperParameterTuningJobConfig"]["Strategy"]
    tuning = from_boto(wire, models.DescribeHyperParameterTuningJobResponse)
    request = models.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="again",
        hyper_parameter_tuning_job_config=tuning.hyper_parameter_tuning_job_config,
    )
    with pytest.raises(RequestValidationError) as caught:
        validate(request)
    problems = dict(caught.value.errors)
    assert problems["hyper_parameter_tuning_job_config.strategy"] == "is required"
    assert (
        problems["hyper_parameter_tuning_job_config.resource_limits.max_parallel_training_jobs"]
        == "is required"
    )
