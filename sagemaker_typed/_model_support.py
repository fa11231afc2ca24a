"""The hand-written base of the generated models: shared ``repr`` (plain, IPython and
Jupyter HTML) and ``ResponseMetadata``."""

from __future__ import annotations

import datetime
import operator
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

if TYPE_CHECKING:
    from sagemaker_typed._schema import Shape

__all__ = ["Model", "ResponseMetadata"]

_HIDDEN = "<sensitive>"


_redactions_cache: dict[type, dict[str, Callable[[Any], Any]]] = {}
_enum_values_cache: dict[object, frozenset[str]] = {}
_compared_cache: dict[type, Callable[[object], tuple[Any, ...]]] = {}

# Keys of a hyper-parameter map whose values are hidden: they look like secrets.
_SECRET_KEY = re.compile(r"pass|pwd|secret|token|key|credential|auth", re.IGNORECASE)
# The user-info of a URL, where credentials go (https://user:token@host/...).
_URL_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@")


def is_value_of(value: object, enum: object) -> bool:
    """Whether ``value`` is a ``str`` among the values of ``enum``, a ``Literal`` alias.

    The body of the generated ``models.is_<enum>`` narrowing functions.
    """
    if not isinstance(value, str):
        return False
    values = _enum_values_cache.get(enum)
    if values is None:
        values = _enum_values_cache[enum] = frozenset(typing.get_args(enum))
    return value in values


def _redactions(cls: type) -> dict[str, Callable[[Any], Any]]:
    """Attribute -> how ``repr`` and the notebook displays show its value, for each
    attribute of ``cls`` that holds a secret: one whose shape the service model marks
    sensitive (or whose list items or map keys or values it does), and those that the
    generator's own rules name (``_sensitive.SENSITIVE``), which botocore leaves unmarked."""
    redactions = _redactions_cache.get(cls)
    if redactions is None:
        from sagemaker_typed._schema import tables
        from sagemaker_typed._sensitive import SENSITIVE

        SHAPES, MEMBERS = tables()
        members = MEMBERS.get(cls.__name__, ())
        redactions = {m.attr: _hidden for m in members if _holds_sensitive(m.shape, SHAPES)}
        for attr, what in SENSITIVE.get(cls.__name__, {}).items():
            redactions.setdefault(attr, _REDACTORS[what])
        _redactions_cache[cls] = redactions
    return redactions


def _hidden(value: Any) -> Any:
    return SENSITIVE


def _map_values_hidden(value: Any) -> Any:
    return dict.fromkeys(value, SENSITIVE) if isinstance(value, dict) else SENSITIVE


def _secret_keyed_values_hidden(value: Any) -> Any:
    if not isinstance(value, dict):
        return SENSITIVE
    return {
        key: SENSITIVE if not isinstance(key, str) or _SECRET_KEY.search(key) else item
        for key, item in value.items()
    }


def _url_userinfo_hidden(value: Any) -> Any:
    if isinstance(value, list):
        return [_url_userinfo_hidden(item) for item in value]
    if isinstance(value, str):
        return _URL_USERINFO.sub(rf"\1{_HIDDEN}@", value)
    return SENSITIVE


_REDACTORS: dict[str, Callable[[Any], Any]] = {
    "value": _hidden,
    "map-values": _map_values_hidden,
    "secret-keyed-values": _secret_keyed_values_hidden,
    "url-userinfo": _url_userinfo_hidden,
}


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
        parts = [f"{name}={value!r}" for name, value in _shown_fields(self)]
        return f"{type(self).__name__}({', '.join(parts)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's pretty printer: the ``repr`` fields, one per line when long."""
        name = type(self).__name__
        if cycle:  # cannot happen with frozen models, but the protocol asks for it
            printer.text(f"{name}(...)")
            return
        printer.begin_group(4, f"{name}(")
        for index, (field, value) in enumerate(_shown_fields(self)):
            if index:
                printer.text(",")
                printer.breakable()
            else:
                printer.breakable("")
            printer.text(f"{field}=")
            printer.pretty(value)
        printer.end_group(4, ")")

    def _repr_html_(self) -> str:
        """Jupyter's rich display: a compact table of the ``repr`` fields."""
        return _html_table(self, caption=True)


class _Sensitive:
    """Stands for the value of a sensitive field wherever a model is shown."""

    __slots__ = ()

    def __repr__(self) -> str:
        return _HIDDEN


SENSITIVE = _Sensitive()


def _shown_fields(model: Model) -> Iterator[tuple[str, Any]]:
    """The fields that ``repr`` and the notebook displays show, with their values.

    Only the set ones, never ``response_metadata``, and secrets hidden (``_redactions``):
    ``SENSITIVE`` in place of a secret value, or of the secret part of one.
    """
    redactions = _redactions(type(model))
    for field in getattr(model, "__attrs_attrs__", ()):
        value = getattr(model, field.name)
        if value is None or field.name == "response_metadata":
            continue
        redact = redactions.get(field.name)
        yield field.name, value if redact is None else redact(value)


# -- Jupyter HTML ------------------------------------------------------------------------

_TABLE = '<table style="border-collapse:collapse;text-align:left;margin:0">'
_CELL = 'style="padding:1px 8px;vertical-align:top;text-align:left"'


def _html_table(model: Model, *, caption: bool) -> str:
    """A two-column table, field | value; nested models and maps become nested tables."""
    from html import escape

    rows = "".join(
        _html_row(f"<code>{escape(name)}</code>", _html_value(value))
        for name, value in _shown_fields(model)
    )
    title = f'<caption style="text-align:left"><b>{escape(type(model).__name__)}</b></caption>'
    return f"{_TABLE}{title if caption else ''}{rows}</table>"


def _html_row(header: str, cell: str) -> str:
    return f"<tr><th {_CELL}>{header}</th><td {_CELL}>{cell}</td></tr>"


def _html_value(value: Any) -> str:
    """One value, escaped: models and maps as tables, lists of models as numbered items."""
    from html import escape

    if isinstance(value, Model):
        return _html_table(value, caption=False)
    if isinstance(value, dict) and value:
        rows = "".join(
            _html_row(escape(str(key)), _html_value(item)) for key, item in value.items()
        )
        return f"{_TABLE}{rows}</table>"
    if isinstance(value, list) and any(isinstance(item, Model) for item in value):
        items = "".join(f"<li>{_html_value(item)}</li>" for item in value)
        return f'<ol start="0" style="margin:0;padding-left:2em">{items}</ol>'
    if isinstance(value, list):
        return escape(", ".join(_plain_text(item) for item in value) or "[]")
    return escape(_plain_text(value))


def _plain_text(value: Any) -> str:
    """A scalar as a person reads it: strings bare, timestamps in ISO 8601."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return repr(value)


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
