"""The generated classes behave as DESIGN.md says: frozen, keyword-only, typed, documented."""

from __future__ import annotations

import inspect
import pydoc
import re
import sys
import typing
from unittest import mock

import attrs
import pytest
from botocore import xform_name

from sagemaker_typed import models
from sagemaker_typed._model_support import Model
from tests.shapes import MEMBERS, SHAPES, marked_sensitive

CLASSES = [getattr(models, name) for name in sorted(MEMBERS)]


def resource_config() -> models.ResourceConfig:
    return models.ResourceConfig(instance_type="ml.m5.large", instance_count=1, volume_size_in_gb=5)


def test_instances_are_frozen_and_evolve_makes_a_changed_copy() -> None:
    config = resource_config()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.instance_count = 2  # type: ignore[misc]
    bigger = attrs.evolve(config, instance_count=2)
    assert bigger.instance_count == 2
    assert config.instance_count == 1


def test_constructors_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        models.ModelArtifacts("s3://bucket/model.tar.gz")  # type: ignore[call-arg]


def test_required_members_have_no_default_and_others_default_to_none() -> None:
    for cls in CLASSES:
        fields = attrs.fields_dict(cls)
        for member in MEMBERS[cls.__name__]:
            field = fields[member.attr]
            if member.required:
                assert field.default is attrs.NOTHING, (cls, member.attr)
            else:
                assert field.default is None, (cls, member.attr)


def test_equality_is_by_value_and_ignores_response_metadata() -> None:
    assert resource_config() == resource_config()
    assert resource_config() != attrs.evolve(resource_config(), volume_size_in_gb=6)
    assert resource_config() != models.ModelArtifacts(s3_model_artifacts="x")
    metadata = models.ResponseMetadata(request_id="r", http_status_code=200, retry_attempts=0)
    assert models.CreateTrainingJobResponse(
        training_job_arn="a", response_metadata=metadata
    ) == models.CreateTrainingJobResponse(training_job_arn="a")


def test_instances_are_not_hashable() -> None:
    with pytest.raises(TypeError, match="unhashable"):
        hash(resource_config())


def test_repr_shows_only_what_is_set_and_no_response_metadata() -> None:
    metadata = models.ResponseMetadata(request_id="req-1", http_status_code=200, retry_attempts=0)
    response = models.CreateTrainingJobResponse(
        training_job_arn="arn:x", response_metadata=metadata
    )
    assert repr(response) == "CreateTrainingJobResponse(training_job_arn='arn:x')"
    assert repr(resource_config()) == (
        "ResourceConfig(instance_type='ml.m5.large', instance_count=1, volume_size_in_gb=5)"
    )


def test_repr_hides_members_whose_shape_is_sensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    from sagemaker_typed import _model_support

    # No shape of these operations is sensitive today: mark one to prove the mechanism.
    monkeypatch.setattr(_model_support, "_redactions_cache", {})
    config = models.OutputDataConfig(kms_key_id="super-secret-key", s3_output_path="s3://b/o")
    with marked_sensitive("KmsKeyId"):
        assert "super-secret-key" not in repr(config)
        assert "kms_key_id=<sensitive>" in repr(config)


def test_every_response_has_response_metadata_and_nothing_else_does() -> None:
    for cls in CLASSES:
        has_metadata = "response_metadata" in attrs.fields_dict(cls)
        assert has_metadata == cls.__name__.endswith("Response"), cls


def test_aliases_are_the_generated_classes() -> None:
    assert models.TrainingJobDefinition is models.HyperParameterTrainingJobDefinition
    assert models.WarmStartConfig is models.HyperParameterTuningJobWarmStartConfig


def test_enum_aliases_are_literals_of_the_model_values() -> None:
    enum_shapes = {name: shape for name, shape in SHAPES.items() if shape.enum}
    assert enum_shapes, "the model has enums"
    for name, shape in enum_shapes.items():
        alias = getattr(models, name)
        assert typing.get_origin(alias) is typing.Literal
        assert typing.get_args(alias) == shape.enum


def test_all_lists_every_class_enum_alias_and_enum_guard() -> None:
    defined = {
        name
        for name, value in vars(models).items()
        if not name.startswith("_")
        and (
            (inspect.isclass(value) and issubclass(value, Model))
            or typing.get_origin(value) is typing.Literal
            # The guards live in the family modules, with their enums.
            or (inspect.isfunction(value) and value.__module__.startswith(models.__name__))
        )
    }
    assert set(models.__all__) == defined | {"ResponseMetadata"}


def test_every_enum_alias_has_a_guard_that_narrows_to_it() -> None:
    enums = [name for name in models.__all__ if typing.get_origin(getattr(models, name))]
    assert len(enums) > 30
    for name in enums:
        guard = getattr(models, "is_" + xform_name(name))
        # TypeIs is imported for type checkers only (importing the models loads no
        # typing_extensions), so the annotation is read as written.
        assert guard.__annotations__["return"] == f"TypeIs[{name}]", name


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_help_shows_each_field_with_its_documentation(cls: type) -> None:
    """The class docstring ends with a Google-style Attributes section, one entry a field."""
    doc = inspect.getdoc(cls) or ""
    section = doc.partition("\n\nAttributes:\n")[2]
    # Not response_metadata, nor _corrected (the record of corrected members): no API fields.
    fields = [
        f.name
        for f in attrs.fields(cls)
        if f.name != "response_metadata" and not f.name.startswith("_")
    ]
    assert bool(section) == bool(fields), "an Attributes section exactly when there are fields"
    entries = re.findall(r"^    (\w+):\n        \S", section, re.M)
    assert entries == fields
    shown = pydoc.render_doc(cls, renderer=pydoc.TextDoc())
    assert all(f" |      {name}:\n" in shown for name in fields)


def test_the_attributes_section_is_made_from_the_field_docstrings_stored_once() -> None:
    """The generated source carries each field's text once, as its attribute docstring;
    without the source (a bytecode-only install) help() still shows the class's own text."""
    from sagemaker_typed import _model_support

    source = inspect.getsource(sys.modules[models.CheckpointConfig.__module__])
    assert "Attributes:" not in source
    doc = inspect.getdoc(models.CheckpointConfig) or ""
    assert "    s3_uri:\n        Identifies the S3 path" in doc
    own = models.CheckpointConfig.__dict__["__doc__"]
    _model_support._field_docs.cache_clear()
    try:
        with mock.patch.object(inspect, "getsource", side_effect=OSError("no source")):
            assert models.CheckpointConfig.__doc__ == own
    finally:
        _model_support._field_docs.cache_clear()
    assert inspect.getdoc(models.CheckpointConfig) == doc


def test_classes_and_members_carry_the_service_documentation() -> None:
    assert models.ResourceConfig.__doc__
    assert "ML compute instances" in models.ResourceConfig.__doc__
    assert models.CreateTrainingJobRequest.__doc__
    assert "training job" in models.CreateTrainingJobRequest.__doc__
    source = inspect.getsource(models.ResourceConfig)
    # A docstring under each field, as IDEs and mkdocstrings read them.
    assert 'volume_size_in_gb: int | None = None\n    """' in source
