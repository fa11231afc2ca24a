"""Round trip of random valid wire dicts, for every generated class.

For every structure (requests, responses and everything nested) and every valid wire
dict ``d``: ``to_boto(from_boto(d, C)) == d``; the generated function accepts ``d``
without falling back; and the reader that reports problems finds none.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sagemaker_typed import from_boto, models, to_boto
from sagemaker_typed._convert import _Reader, _structure_fn
from sagemaker_typed._model_support import Model
from tests.shapes import MEMBERS, OPERATIONS
from tests.strategies import wire_dict


def _fast_path(data: dict[str, Any], cls: type[Model]) -> Any:
    """``from_boto``'s generated function alone: raises where ``from_boto`` would report."""
    return _structure_fn(cls)(data, cls.__name__.endswith("Request"))


OPERATION_CLASSES = sorted(
    {name for pair in OPERATIONS.values() for name in pair if name is not None}
)
OTHER_CLASSES = sorted(set(MEMBERS) - set(OPERATION_CLASSES))


def check_round_trip(class_name: str, data: st.DataObject) -> None:
    cls: type[Model] = getattr(models, class_name)
    wire = data.draw(wire_dict(class_name), label="wire")
    obj = from_boto(wire, cls)
    assert to_boto(obj) == wire
    assert _fast_path(wire, cls) == obj
    for strict in (False, True):
        reader = _Reader(strict)
        reader.structure(wire, class_name, "")
        assert reader.errors == []


# The operations' requests and responses hold every other class: most examples go there.
@pytest.mark.parametrize("class_name", OPERATION_CLASSES)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_operation_wire_dicts_round_trip(class_name: str, data: st.DataObject) -> None:
    check_round_trip(class_name, data)


@pytest.mark.parametrize("class_name", OTHER_CLASSES)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_nested_wire_dicts_round_trip(class_name: str, data: st.DataObject) -> None:
    check_round_trip(class_name, data)
