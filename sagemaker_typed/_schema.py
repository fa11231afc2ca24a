"""The vocabulary of the generated shape tables, and where to find them.

The generator writes each model family's shape table at the end of the family's
conversion module (``_converters/<family>.py``, beside ``models/<family>.py``), so that
it loads with the conversion functions, no module of its own to find and open: the
members of the family's classes, and every shape those members reach up to the next
structure. The rows that several families reach are written once
(``_converters/__init__.py``, ``SHARED_SHAPES``) and named in each of their tables
(``SHARED``). So a class's members are in its family's ``table()``, and so is every
shape named there: the validator, the converter's checked path and the
installed-model check look a shape up in the table of the class they came from, and a
call loads only the tables of the classes it touches.

A family's table is three constants: ``SHAPES``, shape name -> the arguments of its
``Shape`` in their order, up to the last that is not its default (a structure's row
is its kind and class); ``SHARED``, the names of the rows it reaches in
``SHARED_SHAPES``; ``MEMBERS``, class name -> its members' rows (attribute, wire name,
required, shape: trailing defaults left out, the shape where it is the wire name), in the
model's order.

The tables are constant rows; the records are made here, once per family.
``Shape`` and ``Member`` are plain slotted classes: a ``NamedTuple`` class costs more
to build than the rows of a family's table.
"""

from __future__ import annotations

import functools
import importlib
import typing
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: a Literal costs its construction at run time
    from typing import Literal, TypeAlias

    from sagemaker_typed._model_support import Model

    ShapeKind: TypeAlias = Literal[
        "string", "integer", "float", "boolean", "timestamp", "blob", "list", "map", "structure"
    ]


class Shape:
    """One named shape of the service model, with its constraints."""

    __slots__ = (
        "_enum",
        "_regex",
        "ascii_regex",
        "cls",
        "hint",
        "key",
        "kind",
        "max",
        "member",
        "min",
        "pattern",
        "sensitive",
    )

    def __init__(
        self,
        kind: ShapeKind,
        cls: str | None = None,
        min: int | float | None = None,
        max: int | float | None = None,
        pattern: str | None = None,
        regex: str | int | None = None,
        enum: tuple[str, ...] | str | None = None,
        member: str | None = None,
        key: str | None = None,
        sensitive: bool = False,
        hint: str | None = None,
        ascii_regex: str | None = None,
    ) -> None:
        self.kind = kind
        self.cls = cls  # class name of a structure (first: a structure's row is two items)
        # Minimum and maximum length (string), size (list, map) or value (number).
        self.min = min
        self.max = max
        # The service's pattern as written in the model (anchors stripped, Java syntax),
        # and translated to Python ``re`` syntax with Java's semantics (``fullmatch``).
        self.pattern = pattern
        self._regex = regex
        self._enum = enum
        self.member = member  # item shape of a list, value shape of a map
        self.key = key  # key shape of a map
        self.sensitive = sensitive  # the model marks values of this shape secret
        # What ``pattern`` asks for, in words (``tools/_pattern_hints.py``).
        self.hint = hint
        # ``regex`` for a value of ASCII characters only, where ``regex`` spells out a
        # Unicode class: thousands of ranges, milliseconds to compile.
        self.ascii_regex = ascii_regex

    @property
    def regex(self) -> str | None:
        """``pattern`` in Python's syntax. A long one that several rows share (a
        spelled-out Unicode class) is written once: the row gives its position in
        ``SHARED_REGEXES``."""
        regex = self._regex
        if regex.__class__ is int:
            shared = importlib.import_module("sagemaker_typed._converters").SHARED_REGEXES
            regex = self._regex = shared[regex]
        return regex  # type: ignore[return-value]

    @property
    def enum(self) -> tuple[str, ...] | None:
        """The allowed values of an enum string. A SageMaker row names its ``Literal``
        alias in ``models`` instead (the instance types are hundreds of values: written
        once, there)."""
        values = self._enum
        if values.__class__ is str:
            from sagemaker_typed import models

            values = self._enum = typing.get_args(getattr(models, values))
        return values  # type: ignore[return-value]


class Member:
    """One member of a structure: its Python attribute and its wire name."""

    __slots__ = ("attr", "required", "shape", "wire")

    def __init__(
        self, attr: str, wire: str, required: bool = False, shape: str | None = None
    ) -> None:
        self.attr = attr
        self.wire = wire
        self.required = required
        self.shape = wire if shape is None else shape  # a row leaves out a shape named so


# A class's table: its family's shapes by name (where its members' shapes are), and
# its members.
Table = tuple[Mapping[str, Shape], tuple[Member, ...]]
Rows = Mapping[str, tuple[Any, ...]]

_NO_TABLE: Table = ({}, ())
_tables: dict[str, Table] = {}  # by class name
_shared: dict[str, Shape] = {}  # the records of the shared rows made so far


def table(cls_name: str) -> Table:
    """The members of the generated class ``cls_name`` and its family's shapes, where
    theirs are (empty for a name that is none). Member records are made per class:
    a call reads a few of a family's classes."""
    found = _tables.get(cls_name)
    if found is None:
        cls = model_class(cls_name)
        if cls is None:
            return _NO_TABLE
        # The family of models._x (or of the private _logs_models) converts in _converters._x.
        module, shapes = _family(cls.__module__.rpartition(".")[2])
        members = member_records(module.MEMBERS[cls_name])
        found = _tables[cls_name] = (shapes, members)
    return found


@functools.cache
def _family(family: str) -> tuple[Any, dict[str, Shape]]:
    """The conversion module of ``family``, which ends with its table, and the records
    of the table's shapes."""
    module: Any = importlib.import_module(f"sagemaker_typed._converters.{family}")
    shapes = shape_records(module.SHAPES)
    if module.SHARED:
        rows: Rows = importlib.import_module("sagemaker_typed._converters").SHARED_SHAPES
        for name in module.SHARED:  # one record per row, whichever family asks first
            shapes[name] = _shared.get(name) or _shared.setdefault(name, Shape(*rows[name]))
    return module, shapes


def shape_records(rows: Rows) -> dict[str, Shape]:
    """The records of a table's constant ``SHAPES`` rows."""
    return {name: Shape(*row) for name, row in rows.items()}


def member_records(rows: Iterable[tuple[Any, ...]]) -> tuple[Member, ...]:
    """The records of one class's constant ``MEMBERS`` rows."""
    return tuple([Member(*row) for row in rows])


@functools.cache
def shape_of_class(cls_name: str) -> str | None:
    """The shape name of the generated class ``cls_name``, or ``None``."""
    shapes, _ = table(cls_name)
    return next((name for name, shape in shapes.items() if shape.cls == cls_name), None)


def model_class(name: str) -> type[Model] | None:
    """The generated class named ``name``, or ``None``: public (``models``) or private
    (the models of CloudWatch Logs and CloudWatch, loaded only for their own names)."""
    from sagemaker_typed import models

    cls: Any = getattr(models, name, None)
    if cls is None:
        from sagemaker_typed import _logs_models

        cls = getattr(_logs_models, name, None)
    if cls is None:
        from sagemaker_typed import _cloudwatch_models

        cls = getattr(_cloudwatch_models, name, None)
    return cls  # type: ignore[no-any-return]
