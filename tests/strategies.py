"""Hypothesis strategies derived from the shape table: valid wire dicts and request objects.

- ``wire_value(shape_name)``: a valid wire value of one shape;
- ``wire_dict(class_name)``: a valid wire dict of one generated class;
- ``request_objects(cls)``: ``wire_dict`` mapped through ``from_boto``;
- ``broken_requests(cls)``: a valid object with exactly one constraint broken at one
  random place, and the path where ``validate()`` must report it.

Every value is within the model's constraints: string length and pattern (generated
from ``Shape.regex`` with ``re.ASCII``, then filtered by length), integer and float
range, list and map size, enum values; timestamps are tz-aware UTC. Optional members
appear or not at random. Sizes are kept small for speed (strings without a pattern at
most 20 characters beyond their minimum, lists and maps at most 3 items, but never fewer
than the model's minimum). Strategies are built once per shape and cached.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple, TypeVar

import attrs
from hypothesis import strategies as st

from sagemaker_typed import from_boto, to_boto
from sagemaker_typed._model_support import Model
from sagemaker_typed._schema import Shape
from tests.shapes import MEMBERS, SHAPES

__all__ = [
    "Broken",
    "broken_requests",
    "request_objects",
    "shape_of_class",
    "wire_dict",
    "wire_value",
]

M = TypeVar("M", bound=Model)

MAX_ITEMS = 3
EXTRA_STRING_LENGTH = 20
# Java's int range, for integer shapes without their own bounds.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

_SHAPE_OF_CLASS = {shape.cls: name for name, shape in SHAPES.items() if shape.cls is not None}


@functools.cache
def wire_value(shape_name: str) -> st.SearchStrategy[Any]:
    """Valid wire values of the shape ``shape_name``."""
    shape = SHAPES[shape_name]
    kind = shape.kind
    if kind == "structure":
        class_name = shape.cls
        assert class_name is not None
        # Deferred: a structure may (one day) contain itself.
        return st.deferred(lambda: wire_dict(class_name))
    if kind == "list":
        assert shape.member is not None
        low, high = _sizes(shape)
        return st.lists(wire_value(shape.member), min_size=low, max_size=high)
    if kind == "map":
        assert shape.member is not None
        assert shape.key is not None
        low, high = _sizes(shape)
        return st.dictionaries(
            wire_value(shape.key), wire_value(shape.member), min_size=low, max_size=high
        )
    if kind == "string":
        return _strings(shape)
    if kind == "integer":
        low = INT_MIN if shape.min is None else int(shape.min)
        high = INT_MAX if shape.max is None else int(shape.max)
        return st.integers(min_value=low, max_value=high)
    if kind == "float":
        return st.floats(
            min_value=shape.min, max_value=shape.max, allow_nan=False, allow_infinity=False
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.datetimes(timezones=st.just(datetime.UTC))
    if kind == "blob":
        return st.binary(max_size=EXTRA_STRING_LENGTH)
    raise AssertionError(f"unknown shape kind {kind}")


@functools.cache
def wire_dict(class_name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Valid wire dicts of the generated class ``class_name``."""
    members = MEMBERS[class_name]
    return st.fixed_dictionaries(
        {member.wire: wire_value(member.shape) for member in members if member.required},
        optional={
            member.wire: wire_value(member.shape) for member in members if not member.required
        },
    )


def request_objects(cls: type[M]) -> st.SearchStrategy[M]:
    """Valid objects of the generated class ``cls`` (requests or any other structure)."""
    return wire_dict(cls.__name__).map(lambda data: from_boto(data, cls))


def shape_of_class(class_name: str) -> str:
    """The shape name of a generated class (operation inputs and outputs are renamed)."""
    return _SHAPE_OF_CLASS[class_name]


def _sizes(shape: Shape) -> tuple[int, int]:
    low = int(shape.min or 0)
    high = MAX_ITEMS if shape.max is None else int(min(shape.max, MAX_ITEMS))
    return low, max(low, high)


def _strings(shape: Shape) -> st.SearchStrategy[str]:
    if shape.enum is not None:
        return st.sampled_from(shape.enum)
    low = int(shape.min or 0)
    high = None if shape.max is None else int(shape.max)
    if shape.regex is None:
        capped = low + EXTRA_STRING_LENGTH
        return st.text(min_size=low, max_size=capped if high is None else min(high, capped))
    regex = re.compile(shape.regex, re.ASCII)
    return st.from_regex(regex, fullmatch=True).filter(
        lambda value: low <= len(value) and (high is None or len(value) <= high)
    )


# -- one broken constraint ---------------------------------------------------------------


class Broken(NamedTuple):
    """A request with one constraint broken, and where ``validate()`` must say so."""

    request: Any
    """Usually a model object; a dict when the break is the root's own type."""
    path: str
    what: str


Step = str | int
"""One step from an object into its parts: an attribute name, a list index or a map key."""


@st.composite
def broken_requests(draw: st.DrawFn, cls: type[Model]) -> Broken:
    """A valid ``cls`` object with one constraint broken at one random place.

    Breaks: a required member set to ``None``, a value of the wrong Python type, a
    string too short, too long, not matching its pattern or not in its enum, a number
    out of range, a list or map with too few or too many items, a bad map key.
    """
    request = draw(request_objects(cls))
    breaks = list(_breaks(request, shape_of_class(cls.__name__), "", ()))
    path, steps, what, replacement = draw(st.sampled_from(breaks))
    return Broken(_replace(request, steps, replacement), path, what)


def _breaks(
    value: Any, shape_name: str, path: str, steps: tuple[Step, ...]
) -> Iterator[tuple[str, tuple[Step, ...], str, Any]]:
    """Every way to break ``value`` or its parts: (path, steps, what, replacement)."""
    shape = SHAPES[shape_name]
    yield path, steps, "wrong type", _wrong_type(shape.kind, value)
    if shape.kind == "structure":
        assert shape.cls is not None
        for member in MEMBERS[shape.cls]:
            item = getattr(value, member.attr)
            if item is None:
                continue
            member_path = f"{path}.{member.attr}" if path else member.attr
            member_steps = (*steps, member.attr)
            if member.required:
                yield member_path, member_steps, "missing", None
            yield from _breaks(item, member.shape, member_path, member_steps)
    elif shape.kind == "list":
        assert shape.member is not None
        if shape.min:
            yield path, steps, "too few items", value[: int(shape.min) - 1]
        if shape.max is not None and value:
            yield path, steps, "too many items", [value[0]] * (int(shape.max) + 1)
        for index, item in enumerate(value):
            yield from _breaks(item, shape.member, f"{path}[{index}]", (*steps, index))
    elif shape.kind == "map":
        assert shape.member is not None
        assert shape.key is not None
        if shape.min:
            yield path, steps, "too few entries", dict(list(value.items())[: int(shape.min) - 1])
        if shape.max is not None and value:
            filler = next(iter(value.values()))
            too_many = {f"k{i}": filler for i in range(int(shape.max) + 1)}
            yield path, steps, "too many entries", too_many
        for key, item in value.items():
            # A bad key is reported on the map's own path (the key itself is suspect).
            bad_keys = [("wrong type", 1), *_scalar_breaks(SHAPES[shape.key], key)]
            for what, bad_key in bad_keys:
                if bad_key not in value:
                    renamed = {bad_key if k == key else k: v for k, v in value.items()}
                    yield path, steps, f"key: {what}", renamed
            yield from _breaks(item, shape.member, f"{path}[{key!r}]", (*steps, key))
    else:
        for what, replacement in _scalar_breaks(shape, value):
            yield path, steps, what, replacement


def _scalar_breaks(shape: Shape, value: Any) -> Iterator[tuple[str, Any]]:
    if shape.kind in ("integer", "float"):
        if shape.min is not None:
            yield "below minimum", shape.min - 1
        if shape.max is not None:
            yield "above maximum", shape.max + 1
    if shape.kind != "string":
        return
    if shape.enum is not None:
        yield "not in enum", "NotAnEnumValue"
    if shape.min:
        yield "too short", value[: int(shape.min) - 1]
    if shape.max is not None:
        yield "too long", "a" * (int(shape.max) + 1)
    if shape.regex is not None:
        regex = re.compile(shape.regex, re.ASCII)
        # A control character fits most patterns' Java ".", a line break does not; some
        # patterns accept anything (``[\S\s]*``): those cannot be broken.
        candidates = (value + "\x07", value + "\n", "\n" + value)
        mismatching = [bad for bad in candidates if regex.fullmatch(bad) is None]
        if mismatching:
            yield "pattern mismatch", mismatching[0]


def _wrong_type(kind: str, value: Any) -> Any:
    """A value of a Python type that mypy would reject for ``kind``."""
    if kind == "structure":
        return to_boto(value)  # a dict where a model class belongs
    if kind == "list":
        return tuple(value)
    if kind == "map":
        return list(value.items())
    wrong = {
        "string": 1,
        "integer": True,
        "float": "1.5",
        "boolean": "true",
        "timestamp": "2020-01-01T00:00:00Z",
        "blob": "x",
    }
    return wrong[kind]


def _replace(value: Any, steps: tuple[Step, ...], replacement: Any) -> Any:
    """``value`` with the part at ``steps`` replaced (copies along the way, ``attrs.evolve``)."""
    if not steps:
        return replacement
    step, rest = steps[0], steps[1:]
    if attrs.has(type(value)):
        assert isinstance(step, str)
        return attrs.evolve(value, **{step: _replace(getattr(value, step), rest, replacement)})
    copy: Any = value.copy()  # a list (step: index) or a dict (step: key)
    copy[step] = _replace(copy[step], rest, replacement)
    return copy
