"""Conversion between the models and boto3's wire dicts: ``to_boto`` and ``from_boto``.

The conversion functions are generated with the models (``sagemaker_typed/_converters``,
one module per model family, see ``tools/_converters.py``): nothing is compiled in the
user's process, and a family's functions load with its first conversion. They check
exact classes inline and hand anything else to the helpers below, which take what the
tolerant or strict mode takes (an ``int`` for a ``float``, a naive or ISO-8601
timestamp, ``None`` as absent, a missing required member corrected) at the cost of
one call for that value. Only input that is wrong raises ``Rejected``; the dict is then
read again by ``_Reader`` to report every problem with its path.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import logging
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from sagemaker_typed._errors import (
    RequestValidationError,
    ResponseParseError,
    echoed,
    map_entry_path,
)
from sagemaker_typed._model_support import CORRECTED, Model, corrected
from sagemaker_typed._validate import check_scalar, check_size, wire_problems

if TYPE_CHECKING:  # the shape records load with the shape tables, on first use
    from sagemaker_typed._schema import Shape

__all__ = ["from_boto", "to_boto"]

M = TypeVar("M", bound=Model)

logger = logging.getLogger("sagemaker_typed")

_UTC = datetime.UTC
# The largest finite double: an int beyond it is no float the wire can carry.
_FLOAT_MAX = sys.float_info.max
_CONVERTERS = "sagemaker_typed._converters"


class Rejected(Exception):
    """Raised by the generated functions: the input is wrong somewhere; ``_Reader`` says where."""


# -- helpers of the generated functions: the values that are not exactly of their class --


def as_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise Rejected


def as_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise Rejected


def as_float(value: Any) -> float:
    """A ``float``, or an ``int`` within the finite doubles, kept as the ``int`` it was."""
    if isinstance(value, float) or (
        isinstance(value, int)
        and not isinstance(value, bool)
        and -_FLOAT_MAX <= value <= _FLOAT_MAX
    ):
        return value
    raise Rejected


def as_bool(value: Any) -> bool:
    if value.__class__ is bool:  # bool has no subclasses
        return bool(value)
    raise Rejected


def as_blob(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    raise Rejected


def as_list(value: Any) -> list[Any] | tuple[Any, ...]:
    if isinstance(value, list | tuple):
        return value
    raise Rejected


def as_dict(value: Any) -> Mapping[Any, Any]:
    if isinstance(value, Mapping):
        return value if isinstance(value, dict) else dict(value)
    raise Rejected


def as_list_of(value: Any, exact: type, convert: Callable[[Any], Any]) -> list[Any]:
    """A list of scalars: each item of exactly the class ``exact`` as it is, any other
    as ``convert`` (``as_str``, ...) takes it."""
    if value.__class__ is not list:
        value = as_list(value)
    return [item if item.__class__ is exact else convert(item) for item in value]


def as_map_of(value: Any, exact: type, convert: Callable[[Any], Any]) -> dict[str, Any]:
    """A map of strings to scalars, its values taken as ``as_list_of`` takes items."""
    if value.__class__ is not dict:
        value = as_dict(value)
    return {
        (key if key.__class__ is str else as_str(key)): (
            item if item.__class__ is exact else convert(item)
        )
        for key, item in value.items()
    }


def as_timestamp(value: Any, strict: bool) -> datetime.datetime:
    """A timestamp from a naive ``datetime`` (UTC) and, in tolerant mode, an ISO-8601
    string or an epoch number (seconds)."""
    parsed = _timestamp(value, strict)
    if parsed is None:
        raise Rejected
    return parsed


def _timestamp(value: Any, strict: bool) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=_UTC)
    if strict:
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.datetime.fromtimestamp(value, tz=_UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def zero_timestamp() -> datetime.datetime:
    """The epoch, a new object each time (a corrected member is known by identity)."""
    return datetime.datetime(1970, 1, 1, tzinfo=_UTC)


def correct(
    record: dict[str, Any] | None, strict: bool, cls: str, attr: str, value: Any
) -> tuple[Any, dict[str, Any]]:
    """A missing required member: ``Rejected`` in strict mode, else ``value`` (its zero)
    and the record of corrections with ``attr`` added (Smithy's error correction)."""
    if strict:
        raise Rejected
    logger.debug("%s.%s: required member missing, set to its zero value", cls, attr)
    if record is None:
        return value, {attr: value}
    record[attr] = value
    return value, record


def drop_corrected(wire: dict[str, Any], obj: Model) -> None:
    """Leave corrected members out of ``wire``: they were not in the input."""
    names = _wire_names(obj.__class__.__name__)
    for attr, value in (corrected(obj) or {}).items():
        if getattr(obj, attr) is value:  # still the filled object (see ``corrected``)
            del wire[names[attr]]


@functools.cache
def _wire_names(cls_name: str) -> dict[str, str]:
    """Attribute -> wire name of a class's members, from its shape table (a corrected
    object is rare: no table of its own in each conversion module)."""
    from sagemaker_typed._schema import table

    return {member.attr: member.wire for member in table(cls_name)[1]}


# -- the generated functions, by class ---------------------------------------------------

_structure: dict[type, Callable[[Any, bool], Any]] = {}
_unstructure: dict[type, Callable[[Any], dict[str, Any]]] = {}


def _functions(cls: type) -> types.ModuleType:
    """The generated conversion module of ``cls``'s family (imported on first use)."""
    family = cls.__module__.rpartition(".")[2]
    return importlib.import_module(f"{_CONVERTERS}.{family}")


def _structure_fn(cls: type) -> Callable[[Any, bool], Any]:
    fn = _structure.get(cls)
    if fn is None:  # the import lock makes the first load safe across threads
        fn = _structure[cls] = getattr(_functions(cls), f"structure_{cls.__name__}")
    return fn


def _unstructure_fn(cls: type) -> Callable[[Any], dict[str, Any]]:
    fn = _unstructure.get(cls)
    if fn is None:
        fn = _unstructure[cls] = getattr(_functions(cls), f"unstructure_{cls.__name__}")
    return fn


# -- public API --------------------------------------------------------------------------


def to_boto(obj: Model) -> dict[str, Any]:
    """The boto3 (wire) dict of a model object.

    Wire names, ``None`` members omitted, falsy values kept, nested objects and lists
    converted, timestamps left as ``datetime``; ``response_metadata`` is not included,
    nor are members that ``from_boto`` filled because the input lacked them
    (``corrected_fields``), so ``to_boto(from_boto(d, C)) == d``.
    """
    if not isinstance(obj, Model):
        raise TypeError(f"to_boto() takes a model object, not {type(obj).__name__}")
    return _unstructure_fn(obj.__class__)(obj)


def from_boto(
    data: Mapping[str, Any], cls: type[M], *, strict: bool | None = None, validate: bool = True
) -> M:
    """The model object of class ``cls`` for a boto3 (wire) dict.

    ``strict`` defaults to ``True`` for ``<Operation>Request`` classes and ``False``
    for all others.

    Tolerant (what the client uses for responses): ``ResponseMetadata`` and unknown
    keys are ignored, unknown enum values kept, a missing required member is filled
    with its type's zero value (logged at debug level, recorded: see
    ``corrected_fields``), ``None`` counts as absent, an ``int`` is taken (and kept)
    for a ``float``, a naive ``datetime`` is read as UTC and an ISO-8601 string or an
    epoch number (seconds) as a timestamp. Any other wrong type raises
    ``ResponseParseError`` with the path of the field.

    Strict: an unknown key, a missing required member, a wrong type or (unless
    ``validate=False``, the escape hatch for a model older than the service) a value
    outside the model's constraints raises one ``RequestValidationError`` listing every
    problem, with paths in the dict's own (wire) names.

    Types are checked exactly and never coerced: ``"123"``, ``1.9`` and ``True`` are
    not ``int``.
    """
    if not _is_model(cls):
        raise TypeError(f"from_boto() needs a model class, not {cls!r}")
    if strict is None:
        # The generator names operation inputs, and only those, "<Operation>Request".
        strict = cls.__name__.endswith("Request")
    try:
        obj = _structure_fn(cls)(data, strict)
    except (Rejected, RecursionError):
        _report(data, cls, strict=strict, validate=validate)
        raise AssertionError(f"from_boto rejected a {cls.__name__} dict without a reason") from None
    if strict and validate and not cls.__name__.endswith("Response"):
        # One report: the constraints too, so the user sees every problem at once.
        problems = wire_problems(obj)
        if problems:
            raise RequestValidationError(problems, subject=cls.__name__)
    return typing.cast(M, obj)


def _is_model(cls: Any) -> bool:
    """Whether ``cls`` is a generated model class (``Model`` itself is not)."""
    return isinstance(cls, type) and issubclass(cls, Model) and CORRECTED in cls.__dict__


# -- reporting what is wrong -------------------------------------------------------------


class _Reader:
    """Reads a dict the generated functions rejected, collecting every problem.

    It takes exactly what they take (the same helpers decide each value) and says
    where and why the rest is wrong. In strict mode (a user's request dict) it names
    paths by the dict's own keys (``ResourceConfig.InstanceCount``) and, with
    ``constraints``, checks each well-typed value against the model's constraints as
    ``validate()`` does; in tolerant mode (responses) it names attributes.
    """

    def __init__(self, strict: bool, *, constraints: bool = False) -> None:
        self.strict = strict
        self.constraints = constraints
        self.errors: list[tuple[str, str]] = []

    def structure(self, data: Any, cls_name: str, path: str) -> None:
        from sagemaker_typed._schema import table

        if not isinstance(data, Mapping):
            self._wrong(path, data, f"dict (a {cls_name})")
            return
        shapes, members = table(cls_name)
        if self.strict:
            known = {member.wire for member in members}
            for key in data:
                if key not in known:
                    self.errors.append((_join(path, echoed(str(key))), "unknown key"))
        for member in members:
            member_path = _join(path, member.wire if self.strict else member.attr)
            value = data.get(member.wire)
            if value is not None:
                self.value(value, member.shape, shapes, member_path)
            elif member.required and self.strict:
                self.errors.append((member_path, "is required"))

    def value(self, value: Any, shape_name: str, shapes: Mapping[str, Shape], path: str) -> None:
        """Read ``value`` as the shape ``shape_name`` of the table ``shapes``."""
        shape = shapes[shape_name]
        kind = shape.kind
        if kind == "structure":
            assert shape.cls is not None
            self.structure(value, shape.cls, path)
        elif kind == "list":
            assert shape.member is not None
            if not isinstance(value, list | tuple):
                self._wrong(path, value, "list")
                return
            if self.constraints:
                check_size(shape, len(value), path, self.errors)
            for index, item in enumerate(value):
                self.value(item, shape.member, shapes, f"{path}[{index}]")
        elif kind == "map":
            assert shape.member is not None
            assert shape.key is not None
            if not isinstance(value, Mapping):
                self._wrong(path, value, "dict")
                return
            if self.constraints:
                check_size(shape, len(value), path, self.errors)
            for key, item in value.items():
                item_path = map_entry_path(path, key)
                self.value(key, shape.key, shapes, item_path)
                self.value(item, shape.member, shapes, item_path)
        elif kind == "timestamp":
            if _timestamp(value, self.strict) is None:
                self._wrong(path, value, "datetime" if self.strict else "a timestamp")
        else:
            check, expected = _SCALARS[kind]
            try:
                check(value)
            except Rejected:
                self._wrong(path, value, expected)
                return
            if self.constraints:
                check_scalar(shape_name, shapes, value, path, self.errors)

    def _wrong(self, path: str, value: Any, expected: str) -> None:
        """Record a wrong type (in ``validate()``'s words), never the value itself."""
        self.errors.append((path, f"expected {expected}, got {type(value).__name__}"))


_SCALARS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "string": (as_str, "str"),
    "integer": (as_int, "int"),
    "float": (as_float, "float"),
    "boolean": (as_bool, "bool"),
    "blob": (as_blob, "bytes"),
}


def _report(data: Any, cls: type, *, strict: bool, validate: bool) -> None:
    """Raise the error that lists every problem of ``data`` as a ``cls``."""
    reader = _Reader(strict, constraints=strict and validate)
    try:
        reader.structure(data, cls.__name__, "")
    except RecursionError:
        reader.errors.append(("", "nested too deeply"))
    if reader.errors:
        if strict:
            raise RequestValidationError(reader.errors, subject=cls.__name__)
        raise ResponseParseError(reader.errors, operation=_operation_of(cls))


def _operation_of(cls: type) -> str | None:
    name = cls.__name__
    return name.removesuffix("Response") if name.endswith("Response") else None


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
