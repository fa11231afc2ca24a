"""The hand-written base of the generated models: shared ``repr`` and ``ResponseMetadata``."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

if TYPE_CHECKING:
    from sagemaker_typed._schema import Shape

__all__ = ["Model", "ResponseMetadata"]

_HIDDEN = "<sensitive>"


_sensitive_cache: dict[type, frozenset[str]] = {}
_compared_cache: dict[type, Callable[[object], tuple[Any, ...]]] = {}


def _sensitive_attributes(cls: type) -> frozenset[str]:
    """Attributes of ``cls`` whose shape the service model marks sensitive, or whose
    list items or map keys or values it does."""
    hidden = _sensitive_cache.get(cls)
    if hidden is None:
        from sagemaker_typed._shapes import MEMBERS, SHAPES

        members = MEMBERS.get(cls.__name__, ())
        hidden = frozenset(m.attr for m in members if _holds_sensitive(m.shape, SHAPES))
        _sensitive_cache[cls] = hidden
    return hidden


def _holds_sensitive(shape_name: str, shapes: Mapping[str, Shape]) -> bool:
    """Whether values of the shape are sensitive, or lists or maps holding such values
    as items or keys. A structure is not looked into: its own repr hides its members."""
    shape = shapes[shape_name]
    if shape.sensitive:
        return True
    parts = (shape.member, shape.key) if shape.kind in ("list", "map") else ()
    return any(_holds_sensitive(part, shapes) for part in parts if part is not None)


def _compared_fields(cls: type) -> Callable[[object], tuple[Any, ...]]:
    """A getter of the fields that take part in equality (all but ``response_metadata``)."""
    getter = _compared_cache.get(cls)
    if getter is None:
        names = [f.name for f in getattr(cls, "__attrs_attrs__", ()) if f.eq]
        if len(names) > 1:
            getter = operator.attrgetter(*names)
        else:
            getter = lambda obj: tuple(getattr(obj, name) for name in names)  # noqa: E731
        _compared_cache[cls] = getter
    return getter


class Model:
    """Base of every generated class: equality of fields, a ``repr`` of those that are set.

    Both are shared rather than generated per class: generating them for ~90 classes
    would cost more import time than the classes themselves.
    """

    __slots__ = ()
    if TYPE_CHECKING:  # not at run time, where attrs.resolve_types would evaluate it
        # Every generated subclass is an attrs class.
        __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        fields = _compared_fields(self.__class__)
        return bool(fields(self) == fields(other))

    __hash__ = None  # type: ignore[assignment]  # instances hold lists and dicts

    def __repr__(self) -> str:
        hidden = _sensitive_attributes(type(self))
        parts = []
        for field in getattr(self, "__attrs_attrs__", ()):
            value = getattr(self, field.name)
            if value is None or field.name == "response_metadata":
                continue
            parts.append(f"{field.name}={_HIDDEN if field.name in hidden else repr(value)}")
        return f"{type(self).__name__}({', '.join(parts)})"


@attrs.frozen(kw_only=True)
class ResponseMetadata:
    """What boto3 reports about the HTTP exchange that produced a response."""

    request_id: str
    """The service's request id: quote it in a support case."""
    http_status_code: int
    """The HTTP status of the final attempt."""
    retry_attempts: int
    """How many times botocore retried the call before this answer."""
    host_id: str | None = None
    """The host id, where the service sends one."""
    http_headers: dict[str, str] = attrs.field(factory=dict, repr=False)
    """The response's HTTP headers."""

    @classmethod
    def from_boto(cls, metadata: dict[str, Any]) -> ResponseMetadata:
        """Build from boto3's ``ResponseMetadata`` dict, tolerating missing keys."""
        return cls(
            request_id=str(metadata.get("RequestId", "")),
            http_status_code=int(metadata.get("HTTPStatusCode", 0)),
            retry_attempts=int(metadata.get("RetryAttempts", 0)),
            host_id=metadata.get("HostId"),
            http_headers=dict(metadata.get("HTTPHeaders", {})),
        )
