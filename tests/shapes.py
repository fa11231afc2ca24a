"""SageMaker's whole shape table, joined from the family tables (``_schema``), for the
tests that walk every shape or class; and a shape marked sensitive in every table."""

from __future__ import annotations

import contextlib
import copy
import pkgutil
from collections.abc import Iterator
from typing import Any

from sagemaker_typed import _converters
from sagemaker_typed._converters import OPERATIONS
from sagemaker_typed._schema import Member, Shape, _family, member_records

__all__ = ["MEMBERS", "OPERATIONS", "SHAPES", "marked_sensitive"]

# The families of the private services, CloudWatch Logs and CloudWatch.
_PRIVATE = {"_logs_models", "_cloudwatch_models"}
_FAMILIES = sorted(
    info.name for info in pkgutil.iter_modules(_converters.__path__) if info.name not in _PRIVATE
)

SHAPES: dict[str, Shape] = {}
MEMBERS: dict[str, tuple[Member, ...]] = {}
for _name in _FAMILIES:
    _module, _shapes_of = _family(_name)
    SHAPES.update(_shapes_of)
    MEMBERS.update((cls, member_records(rows)) for cls, rows in _module.MEMBERS.items())


@contextlib.contextmanager
def marked_sensitive(shape_name: str) -> Iterator[None]:
    """The shape marked sensitive in every table, as the service model would mark it
    (callers clear the caches built from the tables, such as the redactions)."""
    original = SHAPES[shape_name]
    marked = copy.copy(original)
    marked.sensitive = True
    tables: list[Any] = [SHAPES, *(_family(name)[1] for name in _FAMILIES)]
    holding = [shapes for shapes in tables if shapes.get(shape_name) is original]
    for shapes in holding:
        shapes[shape_name] = marked
    try:
        yield
    finally:
        for shapes in holding:
            shapes[shape_name] = original
