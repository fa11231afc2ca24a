"""The models load by family on first use, and are complete attrs classes once loaded.

Each check that depends on what is loaded runs in a fresh interpreter.
"""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import textwrap
import typing

import attrs
import pytest

from sagemaker_typed import models
from sagemaker_typed._model_support import Model
from tests.shapes import MEMBERS, SHAPES


def run(code: str) -> None:
    subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True)


def closure(class_name: str) -> set[str]:
    """The classes and enum aliases that ``class_name``'s annotations reach, itself included."""
    seen: set[str] = set()
    pending = [class_name]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for member in MEMBERS[name]:
            shapes = [member.shape]
            while shapes:
                shape_name = shapes.pop()
                shape = SHAPES[shape_name]
                if shape.cls is not None:
                    pending.append(shape.cls)
                if shape.enum is not None:
                    seen.add(shape_name)
                shapes += [part for part in (shape.member, shape.key) if part is not None]
    return seen


def test_importing_the_package_loads_no_model_family_and_no_converter() -> None:
    run(
        """
        import sys
        import sagemaker_typed, sagemaker_typed.models
        loaded = [m for m in sys.modules if m.startswith(
            ("sagemaker_typed.models.", "sagemaker_typed._converters"))]
        assert not loaded, loaded
        """
    )


def test_neither_the_import_nor_the_first_typed_call_loads_attrs_or_cattrs() -> None:
    # The import and first-call targets depend on it: importing attrs costs more CPU
    # than the rest of the package. The models are attrs classes without it (attrs
    # loads for attrs.evolve, attrs.fields and the like), the effects and
    # ResponseMetadata are dataclasses, and PollPolicy and the results load when used.
    from benchmarks import payloads

    answer = payloads.describe_training_job_wire()
    answer["ResponseMetadata"] = {"RequestId": "r-1", "HTTPStatusCode": 200, "RetryAttempts": 0}
    run(
        f"""
        import datetime, sys
        import boto3
        from botocore.stub import Stubber
        import sagemaker_typed
        from sagemaker_typed.models import CreateTrainingJobRequest

        def loaded():
            return sorted(m for m in sys.modules if m.split(".")[0] in ("attr", "attrs", "cattrs"))

        assert not loaded(), loaded()
        client = boto3.client(
            "sagemaker", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
        )
        stubber = Stubber(client)
        answer = {answer!r}
        name = answer["TrainingJobName"]
        stubber.add_response("describe_training_job", answer, {{"TrainingJobName": name}})
        stubber.activate()
        job = sagemaker_typed.SageMakerClient(boto_client=client).describe_training_job(name)
        assert job.training_job_name == name and job.response_metadata is not None
        repr(job), job == job
        assert not loaded(), loaded()
        """
    )


@pytest.mark.parametrize(
    "class_name", ["CreateTrainingJobRequest", "DescribeNotebookInstanceResponse", "Tag"]
)
def test_importing_a_class_loads_the_families_of_its_closure_only(class_name: str) -> None:
    family = models._FAMILY  # public name -> family module
    families = sorted({f"sagemaker_typed.models.{family[name]}" for name in closure(class_name)})
    run(
        f"""
        import sys
        from sagemaker_typed.models import {class_name}
        loaded = sorted(m for m in sys.modules if m.startswith("sagemaker_typed.models."))
        assert loaded == {families!r}, loaded
        """
    )


def test_get_type_hints_works_on_every_class_right_after_import() -> None:
    run(
        f"""
        import typing
        from sagemaker_typed import models
        for name in {sorted(MEMBERS)!r}:
            hints = typing.get_type_hints(getattr(models, name))
            assert hints, name
        """
    )


def test_a_name_the_models_do_not_have_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="ResourceConfg"):
        models.ResourceConfg  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(ImportError):
        exec("from sagemaker_typed.models import ResourceConfg", {})


def test_dir_and_all_list_every_name() -> None:
    assert set(MEMBERS) <= set(models.__all__)
    assert set(models.__all__) <= set(dir(models))
    namespace: dict[str, object] = {}
    exec("from sagemaker_typed.models import *", namespace)
    assert set(models.__all__) <= set(namespace)


@pytest.mark.parametrize("class_name", sorted(MEMBERS))
def test_each_class_is_the_attrs_class_its_annotations_declare(class_name: str) -> None:
    cls = getattr(models, class_name)
    assert attrs.has(cls)
    hints = typing.get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.name != "_corrected"]
    assert [f.name for f in fields] == list(hints)
    assert all(f.kw_only and f.init for f in fields)
    required = {m.attr for m in MEMBERS[class_name] if m.required}
    for f in fields:
        expected = attrs.NOTHING if f.name in required else None
        assert f.default is expected, f.name
        assert f.eq == (f.name != "response_metadata")
        assert getattr(attrs.fields(cls), f.name) is f
    assert "__dict__" not in dir(cls)  # slotted
    assert cls.__dict__["__match_args__"] == ()


def resource_config() -> models.ResourceConfig:
    return models.ResourceConfig(instance_type="ml.m5.large", instance_count=1)


def test_frozen_copyable_picklable_and_evolvable() -> None:
    config = resource_config()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.instance_count = 2  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del config.instance_count
    for copied in (copy.copy(config), copy.deepcopy(config), pickle.loads(pickle.dumps(config))):
        assert copied == config
        assert copied is not config
    assert attrs.evolve(config, instance_count=2).instance_count == 2
    assert attrs.asdict(config)["instance_type"] == "ml.m5.large"
    with pytest.raises(TypeError):
        models.ResourceConfig(volume_size_in_gb=1, nonsense=1)  # type: ignore[call-arg]


def test_a_model_is_a_model() -> None:
    assert issubclass(models.ResourceConfig, Model)
    assert models.ResourceConfig.__module__.startswith("sagemaker_typed.models._")
