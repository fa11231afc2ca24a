"""``validate()``: every problem at once, with its path, never the offending value."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import attrs
import botocore.session
import botocore.validate
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sagemaker_typed import RequestValidationError, models, to_boto
from sagemaker_typed._converters import OPERATIONS
from sagemaker_typed._model_support import Model
from sagemaker_typed._validate import validate
from tests.strategies import broken_requests, request_objects

REQUESTS = {operation: request for operation, (request, _) in OPERATIONS.items()}


def training_job(**changes: Any) -> models.CreateTrainingJobRequest:
    """A valid, realistic CreateTrainingJobRequest, with ``changes`` applied."""
    request = models.CreateTrainingJobRequest(
        training_job_name="xgboost-2024-05-01",
        role_arn="arn:aws:iam::123456789012:role/SageMakerRole",
        algorithm_specification=models.AlgorithmSpecification(
            training_image="123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1",
            training_input_mode="File",
        ),
        hyper_parameters={"max_depth": "5", "eta": "0.2", "objective": "binary:logistic"},
        input_data_config=[
            models.Channel(
                channel_name=name,
                data_source=models.DataSource(
                    s3_data_source=models.S3DataSource(
                        s3_data_type="S3Prefix", s3_uri=f"s3://my-bucket/{name}/"
                    )
                ),
            )
            for name in ("train", "validation")
        ],
        output_data_config=models.OutputDataConfig(s3_output_path="s3://my-bucket/output/"),
        resource_config=models.ResourceConfig(
            instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=10
        ),
        stopping_condition=models.StoppingCondition(max_runtime_in_seconds=3600),
        tags=[models.Tag(key="team", value="ml")],
    )
    return attrs.evolve(request, **changes)


def problems(request: Any) -> dict[str, list[str]]:
    """The messages ``validate`` reports, by path (empty if the request is valid)."""
    try:
        validate(request)
    except RequestValidationError as error:
        reported: dict[str, list[str]] = {}
        for path, message in error.errors:
            reported.setdefault(path, []).append(message)
        return reported
    return {}


def test_a_valid_request_passes() -> None:
    assert problems(training_job()) == {}


def test_a_misspelt_instance_type_names_the_closest_values_not_hundreds() -> None:
    request = attrs.evolve(
        training_job(),
        resource_config=models.ResourceConfig(
            instance_type="ml.m5.larg",  # type: ignore[arg-type]
            instance_count=1,
            volume_size_in_gb=30,
        ),
    )
    [message] = problems(request)["resource_config.instance_type"]
    assert message.startswith("must be one of ")
    assert "allowed values; closest: ml.m5.large" in message
    assert len(message) < 120


def test_four_problems_are_reported_at_once_without_their_values() -> None:
    request = training_job(
        training_job_name="bad_name!",
        stopping_condition=models.StoppingCondition(max_runtime_in_seconds=0),
        algorithm_specification=models.AlgorithmSpecification(
            training_image="img",
            training_input_mode="Files",  # type: ignore[arg-type]
        ),
        tags=[models.Tag(key="k" * 129, value="v")],
    )
    with pytest.raises(RequestValidationError) as caught:
        validate(request)
    reported = dict(caught.value.errors)
    assert reported == {
        "training_job_name": (
            "must be a name of letters, digits and hyphens, starting and ending with a letter"
            " or digit; pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"
        ),
        "stopping_condition.max_runtime_in_seconds": "must be at least 1",
        "algorithm_specification.training_input_mode": "must be one of: Pipe, File, FastFile",
        "tags[0].key": "length must be at most 128",
    }
    message = str(caught.value)
    for path in reported:
        assert path in message
    for value in ("bad_name!", "Files", "k" * 129):
        assert value not in message
    assert isinstance(caught.value, ValueError)


def test_unicode_tag_keys_follow_java_classes() -> None:
    # \p{L} and \p{N} are Unicode letters and numbers; a control character is neither.
    assert problems(training_job(tags=[models.Tag(key="Équipe", value="données")])) == {}
    assert problems(training_job(tags=[models.Tag(key="٣", value="")])) == {}
    control = training_job(tags=[models.Tag(key="a\x07b", value="v")])
    assert list(problems(control)) == ["tags[0].key"]
    # An ASCII value is checked with the pattern's short ASCII translation, to the
    # same verdict: a space is a separator, a tab is not.
    assert problems(training_job(tags=[models.Tag(key="team a", value="x:y/z=1+2-3@4")])) == {}
    tab = training_job(tags=[models.Tag(key="a\tb", value="v")])
    assert list(problems(tab)) == ["tags[0].key"]


def test_digit_classes_are_ascii() -> None:
    # RoleArn uses \d{12}, TrainingJobName [a-zA-Z0-9]: Arabic-Indic digits match neither.
    arabic_account = "".join(chr(0x0660 + int(digit)) for digit in "123456789012")
    assert list(problems(training_job(role_arn=f"arn:aws:iam::{arabic_account}:role/R"))) == [
        "role_arn"
    ]
    assert list(problems(training_job(training_job_name="job-٣"))) == ["training_job_name"]


def test_wrong_runtime_types_are_reported_with_their_paths() -> None:
    resources = models.ResourceConfig(instance_type="ml.m5.xlarge", volume_size_in_gb=10)
    cases: list[tuple[dict[str, Any], str, str]] = [
        (
            {"resource_config": attrs.evolve(resources, instance_count="1")},  # type: ignore[arg-type]
            "resource_config.instance_count",
            "expected int, got str",
        ),
        (
            {"resource_config": attrs.evolve(resources, instance_count=True)},
            "resource_config.instance_count",
            "expected int, got bool",
        ),
        (
            {"resource_config": {"InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 10}},
            "resource_config",
            "expected ResourceConfig, got dict",
        ),
        (
            {"resource_config": models.StoppingCondition(max_runtime_in_seconds=1)},
            "resource_config",
            "expected ResourceConfig, got StoppingCondition",
        ),
        ({"tags": models.Tag(key="k", value="v")}, "tags", "expected list, got Tag"),
        ({"tags": ({"Key": "k"},)}, "tags", "expected list, got tuple"),
        ({"hyper_parameters": [("eta", "1")]}, "hyper_parameters", "expected dict, got list"),
        ({"hyper_parameters": {"eta": 0.2}}, "hyper_parameters['eta']", "expected str, got float"),
        ({"training_job_name": b"job"}, "training_job_name", "expected str, got bytes"),
        ({"enable_network_isolation": 1}, "enable_network_isolation", "expected bool, got int"),
    ]
    for changes, path, message in cases:
        assert problems(training_job(**changes)) == {path: [message]}, changes


def test_map_keys_are_checked_and_reported_on_the_map() -> None:
    environment = {"GOOD": "1", "9bad": "2", 7: "3"}
    assert problems(training_job(environment=environment)) == {
        "environment": [
            "key of entry 1: must be an identifier of letters, digits and underscores, not"
            " starting with a digit; pattern ^[a-zA-Z_][a-zA-Z0-9_]*$",
            "key of entry 2: expected str, got int",
        ]
    }


def test_missing_required_members_and_sizes() -> None:
    channel = models.Channel(channel_name="train", data_source=None)  # type: ignore[arg-type]
    request = training_job(role_arn=None, input_data_config=[channel], tags=[])
    assert problems(request) == {
        "role_arn": ["is required"],
        "input_data_config[0].data_source": ["is required"],
    }
    assert problems(training_job(input_data_config=[])) == {
        "input_data_config": ["must have at least 1 item"]
    }
    many_tags = [models.Tag(key=f"k{i}", value="v") for i in range(51)]
    assert problems(training_job(tags=many_tags)) == {"tags": ["must have at most 50 items"]}


def test_a_string_shorter_than_its_minimum_is_a_length_problem() -> None:
    # These shapes' patterns accept "", so only the length check can object.
    debug = models.DebugHookConfig(
        s3_output_path="s3://my-bucket/debug/",
        collection_configurations=[models.CollectionConfiguration(collection_name="")],
    )
    assert problems(training_job(debug_hook_config=debug)) == {
        "debug_hook_config.collection_configurations[0].collection_name": [
            "length must be at least 1"
        ]
    }
    parameters = models.CollectionConfiguration(
        collection_name="c", collection_parameters={"": "1"}
    )
    debug = attrs.evolve(debug, collection_configurations=[parameters])
    assert problems(training_job(debug_hook_config=debug)) == {
        "debug_hook_config.collection_configurations[0].collection_parameters": [
            "key of entry 0: length must be at least 1"
        ]
    }


def test_a_string_of_exactly_its_minimum_length_passes() -> None:
    named = models.CollectionConfiguration(collection_name="c", collection_parameters={"k": ""})
    debug = models.DebugHookConfig(
        s3_output_path="s3://my-bucket/debug/", collection_configurations=[named]
    )
    assert problems(training_job(debug_hook_config=debug)) == {}
    assert problems(training_job(tags=[models.Tag(key="k", value="")])) == {}


def test_a_non_model_root_is_reported_at_the_root() -> None:
    with pytest.raises(RequestValidationError) as caught:
        validate({"TrainingJobName": "x"})  # type: ignore[arg-type]
    assert caught.value.errors == [("", "expected a request model object, got dict")]
    assert "<root>" in str(caught.value)


def test_importing_the_package_does_not_load_the_shape_tables() -> None:
    # The tables are at the end of the conversion modules.
    tables = "sagemaker_typed._converters"
    code = f"import sys, sagemaker_typed._validate\nassert {tables!r} not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# -- properties --------------------------------------------------------------------------

_SERVICE = botocore.session.get_session().get_service_model("sagemaker")


def _request_class(operation: str) -> type[Model]:
    cls: type[Model] = getattr(models, REQUESTS[operation])
    return cls


@pytest.mark.parametrize("operation", sorted(REQUESTS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_generated_requests_pass_validate_and_botocore(operation: str, data: st.DataObject) -> None:
    request = data.draw(request_objects(_request_class(operation)))
    validate(request)
    input_shape = _SERVICE.operation_model(operation).input_shape
    assert input_shape is not None
    report = botocore.validate.ParamValidator().validate(to_boto(request), input_shape)
    assert not report.has_errors(), report.generate_report()


@pytest.mark.parametrize("operation", sorted(REQUESTS))
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_one_broken_constraint_is_reported_at_its_path(operation: str, data: st.DataObject) -> None:
    broken = data.draw(broken_requests(_request_class(operation)))
    with pytest.raises(RequestValidationError) as caught:
        validate(broken.request)
    messages = [message for path, message in caught.value.errors if path == broken.path]
    expected = EXPECTED_MESSAGE[broken.what.removeprefix("key: ")]
    assert any(expected in message for message in messages), (broken.what, caught.value.errors)


# What ``validate()`` says of each kind of break that tests.strategies makes.
EXPECTED_MESSAGE = {
    "wrong type": "expected ",
    "missing": "is required",
    "too few items": "must have at least",
    "too many items": "must have at most",
    "too few entries": "must have at least",
    "too many entries": "must have at most",
    "below minimum": "must be at least",
    "above maximum": "must be at most",
    "not in enum": "must be one of",
    "too short": "length must be at least",
    "too long": "length must be at most",
    # "must match the pattern ^...$", or "must be <hint>; pattern ^...$"
    "pattern mismatch": "pattern ^",
}


# The values that passed a string or number shape are remembered: calls repeat them.


def test_a_str_subclass_equal_to_a_matched_value_is_still_matched() -> None:
    class ClaimsEquality(str):
        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return hash("xgboost-2024-05-01")

    assert problems(training_job()) == {}  # "xgboost-2024-05-01" matched: remembered
    pretender = ClaimsEquality("not a valid name!")
    assert list(problems(training_job(training_job_name=pretender))) == ["training_job_name"]


def test_a_value_that_fails_its_pattern_fails_every_time() -> None:
    for _ in range(3):
        assert list(problems(training_job(training_job_name="bad_name"))) == ["training_job_name"]
        assert problems(training_job(training_job_name="good-name")) == {}


def test_a_remembered_value_passes_only_the_shape_it_passed() -> None:
    # "ml.m5.xlarge" passed the instance type and "1" the hyper-parameter values; as a
    # channel name "ml.m5.xlarge" is fine, but not as an input mode.
    assert problems(training_job()) == {}
    spec = models.AlgorithmSpecification(training_input_mode="ml.m5.xlarge")  # type: ignore[arg-type]
    assert list(problems(training_job(algorithm_specification=spec))) == [
        "algorithm_specification.training_input_mode"
    ]


def test_a_remembered_number_lets_no_other_type_or_value_through() -> None:
    config = models.ResourceConfig(instance_type="ml.m5.xlarge", instance_count=1)
    assert problems(training_job(resource_config=config)) == {}  # 1 passed: remembered
    wrongs: tuple[Any, ...] = (True, 1.0, "1", -1)  # equal or hashed alike, or out of range
    for wrong in wrongs:
        changed = attrs.evolve(config, instance_count=wrong)
        assert list(problems(training_job(resource_config=changed))) == [
            "resource_config.instance_count"
        ], wrong


def test_remembered_values_pass_in_lists_and_maps_and_others_are_checked() -> None:
    assert problems(training_job()) == {}  # the tags and hyper-parameters remembered
    assert problems(training_job(hyper_parameters={"eta": "0.2", "x" * 257: "1"})) == {
        "hyper_parameters": ["key of entry 1: length must be at most 256"]
    }
    subnets = ["subnet-0abc", "bad subnet"]
    vpc = models.VpcConfig(security_group_ids=["sg-0abc"], subnets=subnets)
    for _ in range(2):  # "subnet-0abc" passed the first time; "bad subnet" fails again
        assert list(problems(training_job(vpc_config=vpc))) == ["vpc_config.subnets[1]"]


def test_remembered_matches_are_bounded_in_number_and_length() -> None:
    import tracemalloc

    validate(training_job())  # checkers built outside the measurement
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for i in range(5000):  # distinct names of the maximum length, 63 characters
            validate(training_job(training_job_name=f"{i:063d}"))
        for i in range(250):  # long hyper-parameter values
            validate(training_job(hyper_parameters={"eta": f"{i:02000d}"}))
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Unbounded, the names alone would keep about 600 KB, and the long values 500 KB.
    assert after - before < 200_000
