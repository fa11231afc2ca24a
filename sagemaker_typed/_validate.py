"""Client-side validation of a request against the service model: ``validate``.

``validate(request)`` walks the object by the shape tables (``_schema``) and reports every
problem at once, as ``(path, message)`` in a ``RequestValidationError``:

- a required member that is ``None``, or that ``from_boto`` filled because a response
  lacked it (``corrected_fields``): nobody set it;
- a value of the wrong Python type, smuggled past mypy: ``"1"`` or ``True`` for an
  ``int``, a dict or another class where a model class belongs, a non-list for a list,
  a non-``str`` map key;
- string length, list and map size, integer and float range (the model's min and max);
- a string pattern, matched against the whole value with Java's semantics
  (``re.fullmatch`` of ``Shape.regex`` compiled with ``re.ASCII``; for an ASCII value,
  of ``Shape.ascii_regex`` where the pattern has one: the same verdict);
- enum membership (a long enum, such as the instance types, names the closest values).

Paths use attribute names, ``[i]`` for list items and ``['key']`` for map entries; a
problem with a map *key* is reported on the map's path with the entry's position, so
that no message shows the offending content. Messages name the constraint, never the
value.

It runs before every call, so each shape gets one checker closure, built on first use
and cached; a pattern is compiled when a value first needs it (a request's closure has
dozens that a call does not use, and each costs a compilation). A valid request, the
usual case, builds no path string: a checker passes its members a ``Path`` (its own
and one step), spelt out only for a problem found. Calls repeat their values (each job
of a sweep names the same role, image, URIs, instance type and counts), so a string or
number shape remembers the values of exactly its type that passed, and the structure,
list and map checkers let those through without calling it.
"""

from __future__ import annotations

import datetime
import math
import re
import sys
import threading
from collections.abc import Callable, MutableSet
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, cast

from sagemaker_typed._errors import RequestValidationError, map_entry_path
from sagemaker_typed._model_support import Model, corrected

if TYPE_CHECKING:  # the shape records load with the shape tables, on first use
    from collections.abc import Mapping

    from sagemaker_typed._schema import Shape

__all__ = ["validate"]

# A member's path is its parent's and a step: an attribute (or wire) name, a list index,
# or a 1-tuple holding a map key. A map key's own checker gets the entry's position.
Step = str | int | tuple[object]
Path = str | int | tuple["Path", Step]
Errors = list[tuple[Path, str]]
Checker = Callable[[Any, Path, Errors], None]


# A shape's checker, the class ``exact`` of the values it remembers, and the values of
# exactly that class known to pass it (a string or number shape's; empty for others).
# (A plain tuple: a NamedTuple class would add 0.3 ms to importing the package.)
Node = tuple[Checker, type | None, AbstractSet[object]]
_REMEMBERS_NOTHING: AbstractSet[object] = frozenset()


# Python types of the scalar kinds other than string, and how a type error names them.
_SCALAR_TYPES: dict[str, tuple[Any, str]] = {
    "integer": ((int,), "int"),
    "float": ((float, int), "float"),
    "boolean": ((bool,), "bool"),
    "timestamp": ((datetime.datetime,), "datetime"),
    "blob": ((bytes, bytearray), "bytes"),
}

# (shape name, paths in wire names) -> node; only complete ones.
_checkers: dict[tuple[str, bool], Node] = {}
_build_lock = threading.RLock()
# Model class -> the checker of its shape, for validate().
_request_checkers: dict[type, Checker] = {}


def validate(request: Model) -> None:
    """Check ``request`` against the service model's constraints.

    Raises ``RequestValidationError`` listing every problem; returns ``None`` if
    there is none.
    """
    check = _request_checkers.get(type(request)) or _request_checker(request)
    errors: Errors = []
    check(request, "", errors)
    if errors:
        raise RequestValidationError(_spelt_out(errors), subject=type(request).__name__)


def _request_checker(request: Model) -> Checker:
    """The checker of ``request``'s class, found once per class (finding a class's shape
    reads its family's table)."""
    from sagemaker_typed._schema import shape_of_class, table

    cls_name = type(request).__name__
    shape_name = shape_of_class(cls_name) if isinstance(request, Model) else None
    if shape_name is None:
        raise RequestValidationError([("", f"expected a request model object, got {cls_name}")])
    check = _request_checkers[type(request)] = _checker(shape_name, table(cls_name)[0])
    return check


def wire_problems(obj: Model) -> list[tuple[str, str]]:
    """What ``validate`` finds in ``obj``, with paths in wire names (``ResourceConfig.
    InstanceCount``): for an object read from a dict, in the names the user wrote."""
    from sagemaker_typed._schema import shape_of_class, table

    cls_name = type(obj).__name__
    shape_name = shape_of_class(cls_name)
    assert shape_name is not None, type(obj)
    errors: Errors = []
    _checker(shape_name, table(cls_name)[0], wire=True)(obj, "", errors)
    return _spelt_out(errors)


def _spelt_out(errors: Errors) -> list[tuple[str, str]]:
    return [(_path_string(path), message) for path, message in errors]


def _path_string(path: Path) -> str:
    """``resource_config.instance_count``, ``channels[0]``, ``hyper_parameters['eta']``."""
    if not isinstance(path, tuple):
        return str(path)
    parent, step = path
    head = _path_string(parent)
    if isinstance(step, str):
        return f"{head}.{step}" if head else step
    if isinstance(step, int):
        return f"{head}[{step}]"
    return map_entry_path(head, step[0])


def check_scalar(
    shape_name: str,
    shapes: Mapping[str, Shape],
    value: Any,
    path: str,
    errors: list[tuple[str, str]],
) -> None:
    """The constraints of a string, number, boolean, timestamp or blob shape on ``value``
    (``shapes``: the table that holds it)."""
    # A scalar's checker reports on the path it is given, a string here.
    _checker(shape_name, shapes)(value, path, cast(Errors, errors))


def check_size(shape: Shape, size: int, path: str, errors: list[tuple[str, str]]) -> None:
    """The size constraints of a list or map shape."""
    noun, plural = ("item", "items") if shape.kind == "list" else ("entry", "entries")
    _size_checker(shape.min, shape.max, noun, plural)(size, path, cast(Errors, errors))


def _checker(shape_name: str, shapes: Mapping[str, Shape], wire: bool = False) -> Checker:
    """The checker of ``shape_name``, a shape of the table ``shapes``: built once (shape
    names are unique across the tables)."""
    try:
        return _checkers[shape_name, wire][0]
    except KeyError:
        with _build_lock:
            pending: dict[str, Node] = {}
            node = _build(shape_name, shapes, pending, wire)
            # Published only once every member checker exists.
            _checkers.update(((name, wire), built) for name, built in pending.items())
            return node[0]


def _build(
    shape_name: str, shapes: Mapping[str, Shape], pending: dict[str, Node], wire: bool
) -> Node:
    existing = _checkers.get((shape_name, wire)) or pending.get(shape_name)
    if existing is not None:
        return existing
    shape = shapes[shape_name]
    if shape.kind == "structure":
        assert shape.cls is not None
        return _structure_checker(shape_name, shape.cls, pending, wire)
    node: Node
    if shape.kind == "list":
        assert shape.member is not None
        item = _build(shape.member, shapes, pending, wire)
        node = (_list_checker(item, shape.min, shape.max), None, _REMEMBERS_NOTHING)
    elif shape.kind == "map":
        assert shape.member is not None
        assert shape.key is not None
        key = _build(shape.key, shapes, pending, wire)
        value = _build(shape.member, shapes, pending, wire)
        node = (_map_checker(key, value, shape.min, shape.max), None, _REMEMBERS_NOTHING)
    elif shape.kind == "string":
        passed: set[object] = set()
        node = (_string_checker(shape, passed), str, passed)
    elif shape.kind in ("integer", "float"):
        passed = set()
        exact = int if shape.kind == "integer" else float
        node = (_number_checker(shape, exact, passed), exact, passed)
    elif shape.kind == "boolean":
        node = (_type_checker(*_SCALAR_TYPES["boolean"]), bool, frozenset((True, False)))
    else:
        node = (_type_checker(*_SCALAR_TYPES[shape.kind]), None, _REMEMBERS_NOTHING)
    pending[shape_name] = node
    return node


def _remember(passed: MutableSet[object], value: object) -> None:
    """Remember that ``value`` passed: up to ``_REMEMBERED_VALUES`` per shape (then it
    starts over; a string checker remembers short strings only)."""
    if len(passed) >= _REMEMBERED_VALUES:
        passed.clear()
    passed.add(value)


def _structure_checker(
    shape_name: str, cls_name: str, pending: dict[str, Node], wire: bool
) -> Node:
    from sagemaker_typed._schema import model_class, table

    cls = model_class(cls_name)
    assert cls is not None, cls_name
    shapes, declared = table(cls_name)
    # attribute, name in paths, required, and the member's node
    members: list[tuple[str, str, bool, Checker, type | None, AbstractSet[object]]] = []

    def check(value: Any, path: Path, errors: Errors) -> None:
        if not isinstance(value, cls):
            errors.append((path, f"expected {cls_name}, got {type(value).__name__}"))
            return
        filled = corrected(value)  # members from_boto filled: nobody set them
        for attr, name, required, check_member, exact, passed in members:
            item = getattr(value, attr)
            if item is None or (filled is not None and filled.get(attr) is item):
                if required:
                    errors.append(((path, name), "is required"))
            elif item.__class__ is not exact or item not in passed:
                check_member(item, (path, name), errors)

    # Registered before its members: a shape may contain itself.
    node: Node = (check, None, _REMEMBERS_NOTHING)
    pending[shape_name] = node
    for member in declared:
        member_node = _build(member.shape, shapes, pending, wire)
        name = member.wire if wire else member.attr
        members.append((member.attr, name, member.required, *member_node))
    return node


def _list_checker(item_node: Node, low: float | None, high: float | None) -> Checker:
    check_size = _size_checker(low, high, "item", "items")
    check_item, exact, passed = item_node

    def check(value: Any, path: Path, errors: Errors) -> None:
        if not isinstance(value, list):
            errors.append((path, f"expected list, got {type(value).__name__}"))
            return
        check_size(len(value), path, errors)
        for index, item in enumerate(value):
            if item.__class__ is not exact or item not in passed:
                check_item(item, (path, index), errors)

    return check


def _map_checker(
    key_node: Node, value_node: Node, low: float | None, high: float | None
) -> Checker:
    check_size = _size_checker(low, high, "entry", "entries")
    check_key, exact_key, passed_keys = key_node
    check_value, exact_value, passed_values = value_node

    def check(value: Any, path: Path, errors: Errors) -> None:
        if not isinstance(value, dict):
            errors.append((path, f"expected dict, got {type(value).__name__}"))
            return
        check_size(len(value), path, errors)
        key_errors: Errors = []
        for index, (key, item) in enumerate(value.items()):
            if key.__class__ is not exact_key or key not in passed_keys:
                # The key checker's "path" is the entry's position: the key is suspect.
                check_key(key, index, key_errors)
            if item.__class__ is not exact_value or item not in passed_values:
                check_value(item, (path, (key,)), errors)
        errors.extend((path, f"key of entry {entry}: {message}") for entry, message in key_errors)

    return check


def _type_checker(types: Any, type_name: str) -> Checker:
    def check(value: Any, path: Path, errors: Errors) -> None:
        if not isinstance(value, types):
            errors.append((path, f"expected {type_name}, got {type(value).__name__}"))

    return check


def _string_checker(shape: Shape, passed: MutableSet[object]) -> Checker:
    """The checker of a string shape; the ``str`` values that pass it join ``passed``."""
    low, high = int(shape.min or 0), sys.maxsize if shape.max is None else int(shape.max)
    too_short, too_long = f"length must be at least {low}", f"length must be at most {high}"
    allowed = frozenset(shape.enum) if shape.enum is not None else None
    # Each compiled when a value first needs it; the ASCII one, if any, for ASCII values.
    source, ascii_source = shape.regex, shape.ascii_regex
    regex: re.Pattern[str] | None = None
    ascii_regex: re.Pattern[str] | None = None
    mismatch = f"must match the pattern ^{shape.pattern}$"
    if shape.hint is not None:  # the words first; the pattern stays for the details
        mismatch = f"must be {shape.hint}; pattern ^{shape.pattern}$"

    def check(value: Any, path: Path, errors: Errors) -> None:
        nonlocal regex, ascii_regex
        if not isinstance(value, str):
            errors.append((path, f"expected str, got {type(value).__name__}"))
            return
        failed = len(errors)
        if allowed is not None and value not in allowed:
            errors.append((path, _not_one_of(shape.enum or (), value)))
        if not low <= len(value) <= high:
            errors.append((path, too_short if len(value) < low else too_long))
        if source is not None:
            if ascii_source is not None and value.isascii():
                if ascii_regex is None:
                    ascii_regex = re.compile(ascii_source, re.ASCII)
                matched = ascii_regex.fullmatch(value)
            else:
                if regex is None:
                    regex = re.compile(source, re.ASCII)
                matched = regex.fullmatch(value)
            if matched is None:
                errors.append((path, mismatch))
        # Only an exact str: a subclass may redefine equality (it is checked every time).
        if len(errors) == failed and type(value) is str and len(value) <= _REMEMBERED_LENGTH:
            _remember(passed, value)

    return check


# What a string or number shape remembers of the values that passed it: how many, and
# strings up to what length (a long value is rare in a request, and not worth keeping
# alive).
_REMEMBERED_VALUES = 256
_REMEMBERED_LENGTH = 256


# Enums longer than this (instance types: hundreds) are summarised, not listed.
_LISTED_ENUM_VALUES = 12


def _not_one_of(values: tuple[str, ...], value: str) -> str:
    """The message for a value outside an enum: the allowed values, or the closest ones."""
    if len(values) <= _LISTED_ENUM_VALUES:
        return f"must be one of: {', '.join(values)}"
    import difflib  # only for a message: not worth its import with the package

    closest = difflib.get_close_matches(value, values, n=3)
    hint = f"; closest: {', '.join(closest)}" if closest else ""
    return f"must be one of {len(values)} allowed values{hint}"


def _number_checker(shape: Shape, exact: type, passed: MutableSet[object]) -> Checker:
    """The checker of an integer or float shape; the values of exactly the class
    ``exact`` that pass it join ``passed``."""
    types, type_name = _SCALAR_TYPES[shape.kind]
    low = -math.inf if shape.min is None else shape.min
    high = math.inf if shape.max is None else shape.max
    too_small, too_large = f"must be at least {low}", f"must be at most {high}"

    def check(value: Any, path: Path, errors: Errors) -> None:
        if not isinstance(value, types) or isinstance(value, bool):  # bool is an int subclass
            errors.append((path, f"expected {type_name}, got {type(value).__name__}"))
        elif isinstance(value, float) and not math.isfinite(value):  # JSON has no inf, NaN
            errors.append((path, "must be a finite number"))
        elif not low <= value <= high:
            errors.append((path, too_small if value < low else too_large))
        elif value.__class__ is exact:
            _remember(passed, value)

    return check


def _size_checker(
    low: float | None, high: float | None, noun: str, plural: str
) -> Callable[[int, Path, Errors], None]:
    low, high = low or 0, sys.maxsize if high is None else high
    too_few = f"must have at least {low} {noun if low == 1 else plural}"
    too_many = f"must have at most {high} {noun if high == 1 else plural}"

    def check_size(size: int, path: Path, errors: Errors) -> None:
        if not low <= size <= high:
            errors.append((path, too_few if size < low else too_many))

    return check_size
