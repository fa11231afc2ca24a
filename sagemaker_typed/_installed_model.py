"""Members the installed botocore does not know, found before anything is sent.

The models are generated from one botocore (``_converters.BOTOCORE_VERSION``); the package
runs on any botocore from the oldest that has every covered operation. An older one
lacks members added since (``WarmPoolStatusEquals``, ``InfraCheckConfig``, ...), and
its serializer fails on such a member with a bare ``KeyError`` (or, with its parameter
validation on, a report that does not say why). :func:`check_known` names each such
member by its path, in a ``RequestValidationError``, instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import botocore
from botocore.model import OperationModel

from sagemaker_typed._converters import BOTOCORE_VERSION, OPERATIONS
from sagemaker_typed._errors import RequestValidationError
from sagemaker_typed._schema import shape_of_class, table

if TYPE_CHECKING:
    from sagemaker_typed._schema import Shape

__all__ = ["check_known"]


def check_known(operation: OperationModel, params: dict[str, Any]) -> None:
    """Raise ``RequestValidationError`` if ``params`` (a wire dict of ``operation``'s
    request) holds a member the installed botocore's model lacks."""
    problems: list[tuple[str, str]] = []
    input_shape = operation.input_shape
    assert input_shape is not None
    request_cls = OPERATIONS[operation.name][0]
    shape_name = shape_of_class(request_cls)
    assert shape_name is not None, request_cls
    _walk(params, shape_name, table(request_cls)[0], input_shape, "", problems)
    if problems:
        raise RequestValidationError(problems)


def _walk(
    value: Any,
    shape_name: str,
    shapes: Mapping[str, Shape],
    installed: Any,
    path: str,
    problems: list[tuple[str, str]],
) -> None:
    """Check ``value`` (of our shape ``shape_name``, in the table ``shapes``) against the
    installed botocore's shape of the same place (a ``botocore.model.Shape``)."""
    ours = shapes[shape_name]
    if ours.kind == "structure" and isinstance(value, dict):
        assert ours.cls is not None
        known: dict[str, Any] = getattr(installed, "members", {})
        member_shapes, members = table(ours.cls)
        for member in members:
            if member.wire not in value:
                continue
            where = f"{path}.{member.attr}" if path else member.attr
            if member.wire in known:
                _walk(
                    value[member.wire],
                    member.shape,
                    member_shapes,
                    known[member.wire],
                    where,
                    problems,
                )
            else:
                problems.append(
                    (
                        where,
                        f"unknown to the installed botocore {botocore.__version__} (this"
                        f" SDK's models come from botocore {BOTOCORE_VERSION}): upgrade"
                        " botocore to send it",
                    )
                )
    elif ours.kind == "list" and isinstance(value, list):
        assert ours.member is not None
        for index, item in enumerate(value):
            _walk(item, ours.member, shapes, installed.member, f"{path}[{index}]", problems)
    elif ours.kind == "map" and isinstance(value, dict):
        assert ours.member is not None
        for key, item in value.items():
            _walk(item, ours.member, shapes, installed.value, f"{path}[{key!r}]", problems)
