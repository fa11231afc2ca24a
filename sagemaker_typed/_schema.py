"""The vocabulary of the generated shape table (``_shapes.py``).

The generator writes the service model's shapes as these records; the converter's
checked path and the validator read them. Kept apart from the attrs models so that
importing the models stays cheap.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

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
