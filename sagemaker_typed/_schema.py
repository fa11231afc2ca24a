"""The vocabulary of the generated shape table (``_shapes.py``).

The generator writes the service model's shapes as these records; the converter's
checked path and the validator read them. Kept apart from the attrs models so that
importing the models stays cheap.

No ``from __future__ import annotations`` here: ``NamedTuple`` compiles every string
annotation of its fields (``typing.ForwardRef``), which costs more than the rest of this
module; real annotations cost nothing.
"""

import functools
import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

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


V = TypeVar("V")

# The generated tables of each service, SageMaker's first. The others are private:
# CloudWatch Logs' (the log reader; shape names start with ``logs.``) and CloudWatch's
# (metric curves; ``cloudwatch.``).
_SERVICES = (
    "sagemaker_typed._shapes",
    "sagemaker_typed._logs_shapes",
    "sagemaker_typed._cloudwatch_shapes",
)


class _Services(Mapping[str, V]):
    """One table (``SHAPES`` or ``MEMBERS``) of every service, read through, not copied.
    The others' load only when a name is not SageMaker's: SageMaker's calls never pay
    for them."""

    def __init__(self, table: str) -> None:
        self._table = table

    def _service(self, index: int) -> Mapping[str, V]:
        table: Mapping[str, V] = getattr(importlib.import_module(_SERVICES[index]), self._table)
        return table

    def __getitem__(self, name: str) -> V:
        for index in range(len(_SERVICES) - 1):
            table = self._service(index)
            if name in table:
                return table[name]
        return self._service(len(_SERVICES) - 1)[name]

    def __iter__(self) -> Iterator[str]:
        for index in range(len(_SERVICES)):
            yield from self._service(index)

    def __len__(self) -> int:
        return sum(len(self._service(index)) for index in range(len(_SERVICES)))


@functools.cache
def tables() -> tuple[Mapping[str, Shape], Mapping[str, tuple[Member, ...]]]:
    """Every shape by name and every class's members by class name, of every service."""
    return _Services("SHAPES"), _Services("MEMBERS")


@functools.cache
def _class_shapes(service: str) -> dict[str, str]:
    shapes: Mapping[str, Shape] = importlib.import_module(service).SHAPES
    return {shape.cls: name for name, shape in shapes.items() if shape.cls is not None}


def shape_of_class(cls_name: str) -> str | None:
    """The shape name of the generated class ``cls_name``, or ``None``."""
    for service in _SERVICES:
        name = _class_shapes(service).get(cls_name)
        if name is not None:
            return name
    return None


def model_class(name: str) -> "type[Model]":
    """The generated class named ``name``: public (``models``) or private (the models of
    CloudWatch Logs and CloudWatch, loaded only for their own names)."""
    from sagemaker_typed import models

    cls: Any = getattr(models, name, None)
    if cls is None:
        from sagemaker_typed import _logs_models

        cls = getattr(_logs_models, name, None)
    if cls is None:
        from sagemaker_typed import _cloudwatch_models

        cls = getattr(_cloudwatch_models, name)
    return cls  # type: ignore[no-any-return]
