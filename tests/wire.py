"""Wire dicts built by walking the service model: every member set, truthy or falsy."""

from __future__ import annotations

import datetime
from typing import Any

from tests.shapes import MEMBERS, SHAPES

TRUTHY_TIME = datetime.datetime(2026, 11, 25, 12, 30, 5, 123000, tzinfo=datetime.UTC)
FALSY_TIME = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def full_wire_dict(class_name: str, *, falsy: bool = False) -> dict[str, Any]:
    """A wire dict of ``class_name`` with every member present.

    ``falsy`` uses ``""``, ``0``, ``0.0``, ``False``, ``[]`` and ``{}``, the values that
    converters which test truthiness drop.
    """
    return {member.wire: _value(member.shape, falsy, depth=0) for member in MEMBERS[class_name]}


def _value(shape_name: str, falsy: bool, depth: int) -> Any:
    shape = SHAPES[shape_name]
    kind = shape.kind
    if kind == "structure":
        assert shape.cls is not None
        assert depth < 12, "recursive shapes need a bound here"
        return {m.wire: _value(m.shape, falsy, depth + 1) for m in MEMBERS[shape.cls]}
    if kind == "list":
        assert shape.member is not None
        return [] if falsy else [_value(shape.member, falsy, depth + 1)]
    if kind == "map":
        assert shape.key is not None
        assert shape.member is not None
        if falsy:
            return {}
        return {_value(shape.key, falsy, depth + 1): _value(shape.member, falsy, depth + 1)}
    if kind == "string":
        if falsy:
            return ""
        return shape.enum[-1] if shape.enum else f"{shape_name}-value"
    scalars: dict[str, tuple[Any, Any]] = {
        "integer": (0, 7),
        "float": (0.0, 2.5),
        "boolean": (False, True),
        "timestamp": (FALSY_TIME, TRUTHY_TIME),
        "blob": (b"", b"\x00\x01"),
    }
    return scalars[kind][0 if falsy else 1]
