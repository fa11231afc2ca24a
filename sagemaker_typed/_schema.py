"""The vocabulary of the generated shape table (``_shapes.py``).

The generator writes the service model's shapes as these records; the converter's
checked path and the validator read them. Kept apart from the attrs models so that
importing the models stays cheap.
"""

from __future__ import annotations

import functools
from collections import ChainMap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from sagemaker_typed._model_support import Model

ShapeKind = Literal[
    "string", "integer", "float", "boolean", "timestamp", "blob", "list", "map", "structure"
]


class Shape(NamedTuple):
    """One named shape of the service model, with its constraints."""

    kind: ShapeKind
    min: int | float | None = None
    """Minimum length (string), size (list, map) or value (integer, float)."""
    max: int | float | None = None
    """Maximum length (string), size (list, map) or value (integer, float)."""
    pattern: str | None = None
    """The service's pattern as written in the model (anchors stripped, Java syntax)."""
    regex: str | None = None
    """``pattern`` translated to Python ``re`` syntax with Java's semantics; use ``fullmatch``."""
    enum: tuple[str, ...] | None = None
    """The allowed values of an enum string."""
    member: str | None = None
    """Item shape of a list, value shape of a map."""
    key: str | None = None
    """Key shape of a map."""
    cls: str | None = None
    """Class name of a structure in ``sagemaker_typed.models``."""
    sensitive: bool = False
    """The model marks values of this shape sensitive: never show them."""
    hint: str | None = None
    """What ``pattern`` asks for, in words (``tools/_pattern_hints.py``), where a rule reads it."""


class Member(NamedTuple):
    """One member of a structure: its Python attribute and its wire name."""

    attr: str
    wire: str
    required: bool
    shape: str


@functools.cache
def tables() -> tuple[Mapping[str, Shape], Mapping[str, tuple[Member, ...]]]:
    """Every shape by name and every class's members by class name: SageMaker's
    (``_shapes``, public models) and those of the private models of CloudWatch Logs
    (``_logs_shapes``, for the log reader; shape names start with ``logs.``) and of
    CloudWatch (``_cloudwatch_shapes``, for metric curves; ``cloudwatch.``). Views, not
    copies: they read through to the generated tables."""
    from sagemaker_typed import _cloudwatch_shapes, _logs_shapes, _shapes

    tables = (_shapes, _logs_shapes, _cloudwatch_shapes)
    return (
        ChainMap(*(table.SHAPES for table in tables)),
        ChainMap(*(table.MEMBERS for table in tables)),
    )


def model_class(name: str) -> type[Model]:
    """The generated class named ``name``: public (``models``) or private (the models of
    CloudWatch Logs and CloudWatch)."""
    from sagemaker_typed import _cloudwatch_models, _logs_models, models

    cls: type[Model] = (
        getattr(models, name, None)
        or getattr(_logs_models, name, None)
        or getattr(_cloudwatch_models, name)
    )
    return cls
