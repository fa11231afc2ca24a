"""Conversion between the models and boto3's wire dicts: ``to_boto`` and ``from_boto``.

Two paths. The fast path is a cattrs ``Converter`` per mode (tolerant, strict) with
generated structure functions and exact type checks; it handles every well-formed
dict. Anything it rejects (a missing required member, a ``None``, a wrong type, an
unknown key in strict mode) is re-read by the checked path, which walks the shape
table: it applies the tolerant corrections or reports every problem with its path.
"""

from __future__ import annotations

import datetime
import logging
import sys
import threading
import types
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from sagemaker_typed._errors import RequestValidationError, ResponseParseError, echoed
from sagemaker_typed._model_support import Model

if TYPE_CHECKING:
    import cattrs

__all__ = ["from_boto", "to_boto"]

M = TypeVar("M", bound=Model)

logger = logging.getLogger("sagemaker_typed")

_UTC = datetime.UTC
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)


class _Rejected(Exception):
    """Raised by the fast path's type checks; the checked path then says why."""


# -- the fast path: cattrs ---------------------------------------------------------------


def _exact_class(annotation: Any) -> type | None:
    """The class a scalar value must have exactly, or ``None`` for other types."""
    if typing.get_origin(annotation) is typing.Literal:
        return str
    return annotation if annotation in (str, int, bool, bytes) else None


def _structure_float(value: Any, _: Any) -> float:
    if value.__class__ is float:
        return value
    if value.__class__ is int:
        return float(value)
    raise _Rejected


def _structure_timestamp(value: Any, _: Any) -> datetime.datetime:
    if value.__class__ is not datetime.datetime or value.tzinfo is None:
        raise _Rejected
    return value


def _exact_hook(expected: type) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if value.__class__ is not expected:
            raise _Rejected
        return value

    return structure


def _non_optional(annotation: Any) -> Any:
    """``X`` of ``X | None``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return inner
    return annotation


def _model_structure_source(
    cls: type[Model], field_types: dict[str, Any], hook_for: Callable[[Any], Any], strict: bool
) -> tuple[str, dict[str, Any]]:
    """Source of one model's structure function, and the names it refers to.

    Scalars are checked inline; nested types call their hook. A required member reads
    ``o[key]`` (``KeyError`` when missing); an optional one ``o.get(key)``, so a
    ``None`` on the wire counts as absent.
    """
    from sagemaker_typed._schema import tables

    members = tables()[1][cls.__name__]
    namespace: dict[str, Any] = {
        "_Rejected": _Rejected,
        "_cls": cls,
        "_datetime": datetime.datetime,
        "_known": frozenset(member.wire for member in members),
    }
    lines = [f"def structure_{cls.__name__}(o, _=None):"]
    lines.append("    if o.__class__ is not dict: raise _Rejected")
    if strict:
        lines.append("    if not o.keys() <= _known: raise _Rejected")
    arguments = []
    for index, member in enumerate(members):
        var = f"v{index}"
        annotation = field_types[member.attr]
        present = "" if member.required else f"{var} is not None and "
        read = f"o[{member.wire!r}]" if member.required else f"o.get({member.wire!r})"
        lines.append(f"    {var} = {read}")
        exact = _exact_class(annotation)
        if exact is not None:
            lines.append(
                f"    if {present}{var}.__class__ is not {exact.__name__}: raise _Rejected"
            )
        elif annotation is float:
            lines.append(f"    if {present}{var}.__class__ is not float:")
            lines.append(f"        if {var}.__class__ is not int: raise _Rejected")
            lines.append(f"        {var} = float({var})")
        elif annotation is datetime.datetime:
            lines.append(
                f"    if {present}({var}.__class__ is not _datetime or {var}.tzinfo is None):"
                " raise _Rejected"
            )
        else:
            namespace[f"h{index}"] = hook_for(annotation)
            namespace[f"t{index}"] = annotation
            guard = "" if member.required else f"if {var} is not None: "
            lines.append(f"    {guard}{var} = h{index}({var}, t{index})")
        arguments.append(f"{member.attr}={var}")
    lines.append(f"    return _cls({', '.join(arguments)})")
    return "\n".join(lines) + "\n", namespace


def _model_unstructure_source(
    cls: type[Model], field_types: dict[str, Any], hook_for: Callable[[Any], Any]
) -> tuple[str, dict[str, Any]]:
    """Source of one model's unstructure function, and the names it refers to.

    Scalars (strings, enums, numbers, booleans, timestamps, bytes) are copied as they
    are; lists and dicts are copied into new ones; nested models call their hook. A
    required member is always written; an optional one only when it is not ``None``.
    ``response_metadata`` is not a member of the shape table, so it is never written.
    """
    from sagemaker_typed._schema import tables

    namespace: dict[str, Any] = {}
    lines = [f"def unstructure_{cls.__name__}(o):", "    res = {}"]
    for index, member in enumerate(tables()[1][cls.__name__]):
        var = f"v{index}"
        annotation = field_types[member.attr]
        value = _unstructure_expression(annotation, var, f"h{index}", namespace, hook_for)
        lines.append(f"    {var} = o.{member.attr}")
        if member.required:
            lines.append(f"    res[{member.wire!r}] = {value}")
        else:
            lines.append(f"    if {var} is not None: res[{member.wire!r}] = {value}")
    lines.append("    return res")
    return "\n".join(lines) + "\n", namespace


def _unstructure_expression(
    annotation: Any,
    var: str,
    hook: str,
    namespace: dict[str, Any],
    hook_for: Callable[[Any], Any],
) -> str:
    """The expression that unstructures ``var``, of type ``annotation``.

    Puts the function it calls, if any, in ``namespace`` as ``hook``.
    """
    origin = typing.get_origin(annotation)
    if origin is list or origin is dict:
        item_type = typing.get_args(annotation)[-1]
        if _passes_through(item_type):
            return f"{origin.__name__}({var})"
        namespace[hook] = hook_for(item_type)
        if origin is list:
            return f"[{hook}(item) for item in {var}]"
        return f"{{key: {hook}(item) for key, item in {var}.items()}}"
    if _passes_through(annotation):
        return var
    namespace[hook] = hook_for(annotation)
    return f"{hook}({var})"


def _passes_through(annotation: Any) -> bool:
    """Whether values of ``annotation`` go to the wire as they are (scalars)."""
    return _exact_class(annotation) is not None or annotation in (float, datetime.datetime)


def make_converter(*, strict: bool) -> cattrs.Converter:
    """The package's own cattrs converter for one mode (never cattrs' global one).

    Structure hooks (all exact: nothing is coerced; a mismatch raises ``_Rejected``
    and sends the whole input to the checked path):

    - ``str``, ``int``, ``bool``, ``bytes``: the value's class must be exactly that
      (``True`` is not an ``int``, ``"1"`` is not an ``int``, ``1.9`` is not an ``int``);
    - ``float``: a ``float``, or an ``int`` (converted);
    - ``datetime``: a tz-aware ``datetime`` (naive ones and strings go the checked way);
    - ``Literal`` enum aliases: any ``str`` (a newer service may send new values;
      membership is ``validate()``'s business);
    - ``list[T]``, ``dict[K, V]``: exactly ``list`` / ``dict``, items checked by T, K, V;
    - model classes: a function generated from the shape table's wire names
      (``_model_structure_source``): the input must be exactly a ``dict``, scalars are
      checked inline, each present member is structured as ``X`` rather than through
      an ``X | None`` union hook, ``response_metadata`` is not read, unknown keys are
      ignored (tolerant) or rejected (strict).

    Unstructure hooks (``to_boto``): model classes by a function generated from the
    shape table's wire names (``_model_unstructure_source``): ``None`` members omitted,
    ``response_metadata`` left out, scalars and datetimes as they are, lists and dicts
    copied, nested models through their own function. Unlike cattrs'
    ``make_dict_unstructure_fn``, it tests ``is not None`` inline instead of calling an
    ``X | None`` hook and ``!=`` on every member.
    """
    import cattrs

    converter = cattrs.Converter(detailed_validation=False)
    for scalar in (str, int, bool, bytes):
        converter.register_structure_hook(scalar, _exact_hook(scalar))
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(datetime.datetime, _structure_timestamp)
    converter.register_structure_hook_func(_is_literal, _exact_hook(str))

    def list_hook(list_type: Any) -> Callable[[Any, Any], list[Any]]:
        (item_type,) = typing.get_args(list_type)
        exact = _exact_class(item_type)
        item = converter.get_structure_hook(item_type)

        def structure(value: Any, _: Any) -> list[Any]:
            if value.__class__ is not list:
                raise _Rejected
            if exact is None:
                return [item(entry, item_type) for entry in value]
            for entry in value:
                if entry.__class__ is not exact:
                    raise _Rejected
            return value.copy()

        return structure

    def dict_hook(dict_type: Any) -> Callable[[Any, Any], dict[Any, Any]]:
        key_type, value_type = typing.get_args(dict_type)
        key = converter.get_structure_hook(key_type)
        item = converter.get_structure_hook(value_type)
        exact_key, exact_item = _exact_class(key_type), _exact_class(value_type)

        def structure(value: Any, _: Any) -> dict[Any, Any]:
            if value.__class__ is not dict:
                raise _Rejected
            if exact_key is None or exact_item is None:
                return {key(k, key_type): item(v, value_type) for k, v in value.items()}
            # Scalars both sides (hyper-parameters, environment): check inline, copy.
            for k, v in value.items():
                if k.__class__ is not exact_key or v.__class__ is not exact_item:
                    raise _Rejected
            return value.copy()

        return structure

    def model_structure_hook(cls: type[Model]) -> Callable[[Any, Any], Model]:
        source, namespace = _model_structure_source(
            cls, _field_types(cls), converter.get_structure_hook, strict
        )
        return typing.cast(
            Callable[[Any, Any], Model], _compiled(source, namespace, f"structure_{cls.__name__}")
        )

    def model_unstructure_hook(cls: type[Model]) -> Callable[[Any], dict[str, Any]]:
        source, namespace = _model_unstructure_source(
            cls, _field_types(cls), converter.get_unstructure_hook
        )
        return typing.cast(
            Callable[[Any], dict[str, Any]],
            _compiled(source, namespace, f"unstructure_{cls.__name__}"),
        )

    converter.register_structure_hook_factory(_is_list, list_hook)
    converter.register_structure_hook_factory(_is_dict, dict_hook)
    converter.register_structure_hook_factory(_is_model, model_structure_hook)
    converter.register_unstructure_hook_factory(_is_model, model_unstructure_hook)
    return converter


def _field_types(cls: type[Model]) -> dict[str, Any]:
    """Each attribute's type, ``X`` for ``X | None``."""
    attrs.resolve_types(cls)  # the annotations are strings until now
    return {field.name: _non_optional(field.type) for field in attrs.fields(cls)}


def _compiled(source: str, namespace: dict[str, Any], name: str) -> Any:
    """The function ``name`` that ``source`` defines, run in ``namespace``."""
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


def _is_literal(annotation: Any) -> bool:
    return typing.get_origin(annotation) is typing.Literal


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list


def _is_dict(annotation: Any) -> bool:
    return typing.get_origin(annotation) is dict


def _is_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Model)


class _Conversions:
    """Lazily built, cached conversion functions of one mode; safe across threads."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self._lock = threading.Lock()
        self._converter: cattrs.Converter | None = None
        self._structure: dict[type, Callable[[Any, Any], Any]] = {}
        self._unstructure: dict[type, Callable[[Any], dict[str, Any]]] = {}

    def structure_fn(self, cls: type) -> Callable[[Any, Any], Any]:
        fn = self._structure.get(cls)
        if fn is None:
            with self._lock:  # cattrs builds hooks on first use: once, for all threads
                fn = self._structure[cls] = self._converter_built().get_structure_hook(cls)
        return fn

    def unstructure_fn(self, cls: type) -> Callable[[Any], dict[str, Any]]:
        fn = self._unstructure.get(cls)
        if fn is None:
            with self._lock:
                fn = self._unstructure[cls] = self._converter_built().get_unstructure_hook(cls)
        return fn

    def _converter_built(self) -> cattrs.Converter:
        if self._converter is None:
            self._converter = make_converter(strict=self.strict)
        return self._converter


_TOLERANT = _Conversions(strict=False)
_STRICT = _Conversions(strict=True)


# -- public API --------------------------------------------------------------------------


def to_boto(obj: Model) -> dict[str, Any]:
    """The boto3 (wire) dict of a model object.

    Wire names, ``None`` members omitted, falsy values kept, nested objects and lists
    converted, timestamps left as ``datetime``; ``response_metadata`` is not included.
    """
    if not isinstance(obj, Model):
        raise TypeError(f"to_boto() takes a model object, not {type(obj).__name__}")
    return _TOLERANT.unstructure_fn(obj.__class__)(obj)


def from_boto(data: Mapping[str, Any], cls: type[M], *, strict: bool | None = None) -> M:
    """The model object of class ``cls`` for a boto3 (wire) dict.

    ``strict`` defaults to ``True`` for ``<Operation>Request`` classes and ``False``
    for all others.

    Tolerant (what the client uses for responses): ``ResponseMetadata`` and unknown
    keys are ignored, unknown enum values kept, a missing required member is filled
    with its type's zero value (logged at debug level), ``None`` counts as absent, an
    ``int`` is taken for a ``float``, a naive ``datetime`` as UTC and an ISO-8601
    string or epoch number as a timestamp. Any other wrong type raises
    ``ResponseParseError`` with the path of the field.

    Strict: an unknown key, a missing required member or a wrong type raises
    ``RequestValidationError`` listing every path.

    Types are checked exactly and never coerced: ``"123"``, ``1.9`` and ``True`` are
    not ``int``.
    """
    if not _is_model(cls):
        raise TypeError(f"from_boto() needs a model class, not {cls!r}")
    if strict is None:
        # The generator names operation inputs, and only those, "<Operation>Request".
        strict = cls.__name__.endswith("Request")
    conversions = _STRICT if strict else _TOLERANT
    try:
        return typing.cast(M, conversions.structure_fn(cls)(data, cls))
    except Exception:  # the fast path rejects; the checked path explains or corrects
        pass
    return _checked(data, cls, strict=strict)


# -- the checked path --------------------------------------------------------------------


class _Reader:
    """One checked read of a dict: collects problems instead of stopping at the first."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.errors: list[tuple[str, str]] = []

    def structure(self, data: Any, cls_name: str, path: str) -> Any:
        from sagemaker_typed._schema import model_class, tables

        if not isinstance(data, Mapping):
            return self._wrong(path, data, f"dict (a {cls_name})")
        members = tables()[1][cls_name]
        if self.strict:
            known = {member.wire for member in members}
            for key in data:
                if key not in known:
                    self.errors.append((_join(path, echoed(str(key))), "unknown key"))
        kwargs: dict[str, Any] = {}
        for member in members:
            member_path = _join(path, member.attr)
            value = data.get(member.wire)
            if value is not None:
                kwargs[member.attr] = self.value(value, member.shape, member_path)
            elif member.required:
                if self.strict:
                    self.errors.append((member_path, "is required"))
                else:
                    logger.debug("%s: required member missing, set to its zero value", member_path)
                    kwargs[member.attr] = zero_value(member.shape)
        if self.errors:
            return None
        return model_class(cls_name)(**kwargs)

    def value(self, value: Any, shape_name: str, path: str) -> Any:
        from sagemaker_typed._schema import tables

        shape = tables()[0][shape_name]
        kind = shape.kind
        if kind == "structure":
            assert shape.cls is not None
            return self.structure(value, shape.cls, path)
        if kind == "list":
            assert shape.member is not None
            if not isinstance(value, list | tuple):
                return self._wrong(path, value, "list")
            return [self.value(item, shape.member, f"{path}[{i}]") for i, item in enumerate(value)]
        if kind == "map":
            assert shape.member is not None
            assert shape.key is not None
            if not isinstance(value, Mapping):
                return self._wrong(path, value, "dict")
            result = {}
            for key, item in value.items():
                item_path = f"{path}[{echoed(key)!r}]" if isinstance(key, str) else f"{path}[?]"
                result[self.value(key, shape.key, item_path)] = self.value(
                    item, shape.member, item_path
                )
            return result
        if kind == "string":
            return value if isinstance(value, str) else self._wrong(path, value, "str")
        if kind == "integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
            return value if ok else self._wrong(path, value, "int")
        if kind == "float":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            if ok and isinstance(value, int) and abs(value) > sys.float_info.max:
                self.errors.append((path, "is beyond the range of a double"))  # OverflowError
                return None
            return float(value) if ok else self._wrong(path, value, "float")
        if kind == "boolean":
            return value if isinstance(value, bool) else self._wrong(path, value, "bool")
        if kind == "timestamp":
            return self._timestamp(value, path)
        if kind == "blob":
            return (
                bytes(value)
                if isinstance(value, bytes | bytearray)
                else self._wrong(path, value, "bytes")
            )
        raise AssertionError(f"unknown shape kind {kind}")

    def _timestamp(self, value: Any, path: str) -> Any:
        if isinstance(value, datetime.datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=_UTC)
        if not self.strict:
            if isinstance(value, str):
                try:
                    parsed = datetime.datetime.fromisoformat(value)
                except ValueError:
                    return self._wrong(path, value, "an ISO-8601 timestamp")
                return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)
            if isinstance(value, int | float) and not isinstance(value, bool):
                try:
                    return datetime.datetime.fromtimestamp(value, tz=_UTC)
                except (OverflowError, OSError, ValueError):
                    return self._wrong(path, value, "a timestamp in range")
        return self._wrong(path, value, "datetime")

    def _wrong(self, path: str, value: Any, expected: str) -> Any:
        """Record a wrong type (in ``validate()``'s words); ``None`` stands in for the value."""
        self.errors.append((path, f"expected {expected}, got {type(value).__name__}"))
        return None


def _checked(data: Mapping[str, Any], cls: type[M], *, strict: bool) -> M:
    reader = _Reader(strict)
    result = reader.structure(data, cls.__name__, "")
    if reader.errors:
        if strict:
            raise RequestValidationError(reader.errors, subject=f"{cls.__name__} dict")
        raise ResponseParseError(reader.errors, operation=_operation_of(cls))
    return typing.cast(M, result)


def _operation_of(cls: type) -> str | None:
    name = cls.__name__
    return name.removesuffix("Response") if name.endswith("Response") else None


def zero_value(shape_name: str) -> Any:
    """The zero value of a shape (Smithy's client error correction)."""
    from sagemaker_typed._schema import model_class, tables

    shapes, members = tables()
    shape = shapes[shape_name]
    kind = shape.kind
    if kind == "structure":
        assert shape.cls is not None
        required = {
            member.attr: zero_value(member.shape)
            for member in members[shape.cls]
            if member.required
        }
        return model_class(shape.cls)(**required)
    zeros: dict[str, Any] = {
        "string": "",
        "integer": 0,
        "float": 0.0,
        "boolean": False,
        "timestamp": _EPOCH,
        "blob": b"",
    }
    if kind == "list":
        return []
    if kind == "map":
        return {}
    return zeros[kind]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
