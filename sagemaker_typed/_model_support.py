"""The hand-written base of the generated models: shared ``repr`` (plain, IPython and
Jupyter HTML), the record of corrected members, ``ResponseMetadata``, and the builder
that makes the generated classes at run time (``frozen``, ``field``).

Type checkers read each generated class as ``@attrs.frozen(kw_only=True, repr=False,
eq=False)``. At run time ``Model``'s metaclass builds the same attrs class from what the
generator wrote (and ``frozen`` checks it did): the slots, the ``__init__`` generated
with the models (no code is compiled in the user's process), and ``__attrs_attrs__``
(``attrs.Attribute`` records, made on first access), so ``attrs.fields``,
``attrs.evolve``, ``attrs.asdict``, ``copy``, ``pickle`` and ``typing.get_type_hints``
work as on any attrs class. Building a class costs a few microseconds instead of
attrs' ~0.3 ms, which is what keeps importing the models cheap however many
operations are covered.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import operator
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:  # at run time attrs loads only where it is used (evolve, fields)
    import attrs

    from sagemaker_typed._schema import Shape

__all__ = ["Model", "ResponseMetadata", "corrected_fields", "field", "frozen", "object_setattr"]

T = TypeVar("T", bound=type)

object_setattr = object.__setattr__  # what the generated __init__ sets fields with

# The slot of each model object that records its corrected members (see ``corrected``).
CORRECTED = "_corrected"

_HIDDEN = "<sensitive>"


_redactions_cache: dict[type, dict[str, Callable[[Any], Any]]] = {}
_enum_values_cache: dict[object, frozenset[str]] = {}
_compared_cache: dict[type, Callable[[object], tuple[Any, ...]]] = {}

# Keys of a hyper-parameter map whose values are hidden: they look like secrets.
# (Patterns, compiled by ``re`` on first use and cached there: not with the package.)
_SECRET_KEY = r"(?i)pass|pwd|secret|token|key|credential|auth"
# The user-info of a URL, where credentials go (https://user:token@host/...).
_URL_USERINFO = r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@"


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
        from sagemaker_typed._schema import table
        from sagemaker_typed._sensitive import SENSITIVE

        shapes, members = table(cls.__name__)
        redactions = {m.attr: _hidden for m in members if _holds_sensitive(m.shape, shapes)}
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
        key: SENSITIVE if not isinstance(key, str) or re.search(_SECRET_KEY, key) else item
        for key, item in value.items()
    }


def _url_userinfo_hidden(value: Any) -> Any:
    if isinstance(value, list):
        return [_url_userinfo_hidden(item) for item in value]
    if isinstance(value, str):
        return re.sub(_URL_USERINFO, rf"\1{_HIDDEN}@", value)
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
        names = [name for name, _, eq in getattr(cls, "_field_specs", ()) if eq]
        if len(names) > 1:
            getter = operator.attrgetter(*names)
        else:
            getter = lambda obj: tuple(getattr(obj, name) for name in names)  # noqa: E731
        _compared_cache[cls] = getter
    return getter


class _ModelType(type):
    """Builds each generated model class slotted in one step, from its class body (a
    decorator could only copy the class it is given: every class built twice)."""

    def __new__(
        mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> _ModelType:
        # The generated classes, and only they: in this package, with their own __init__.
        generated = namespace.get("__module__", "").startswith("sagemaker_typed.")
        if generated and "__init__" in namespace:
            namespace = _model_namespace(namespace)
        return super().__new__(mcls, name, bases, namespace, **kwargs)

    @property
    def __doc__(cls) -> str | None:  # type: ignore[override]
        """The class's docstring and, for ``help()``, an ``Attributes:`` section made from
        its fields' docstrings on first use (the package carries each text once)."""
        return _documented(cls)


class Model(metaclass=_ModelType):
    """Base of every generated class: equality of fields, a ``repr`` of those that are set.

    Both are shared rather than generated per class: generating them for ~90 classes
    would cost more import time than the classes themselves.
    """

    __slots__ = ()
    if TYPE_CHECKING:  # not at run time, where attrs.resolve_types would evaluate it
        # Every generated subclass is an attrs class.
        __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]
        # (name, default, compared) of each field, the record of corrections last: what
        # equality, repr and __attrs_attrs__ are made from, without importing attrs.
        _field_specs: ClassVar[tuple[tuple[str, Any, bool], ...]]

    # Frozen, as attrs makes frozen classes: every field is set once, by __init__.
    def __setattr__(self, name: str, value: Any) -> None:
        from attrs.exceptions import FrozenInstanceError

        raise FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        from attrs.exceptions import FrozenInstanceError

        raise FrozenInstanceError

    # copy, deepcopy and pickle: every slot, the record of corrected members included.
    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _state_slots(type(self))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in _state_slots(type(self)):
            object.__setattr__(self, name, state.get(name))

    def __replace__(self, **changes: Any) -> Any:
        """``copy.replace`` (Python 3.13): ``attrs.evolve``."""
        import attrs

        return attrs.evolve(self, **changes)  # type: ignore[misc]  # subclasses are attrs classes

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
    record = corrected(model)
    for name, _, _ in getattr(model, "_field_specs", ()):
        value = getattr(model, name)
        if value is None or name in _NOT_SHOWN:
            continue
        redact = redactions.get(name)
        if redact is not None:
            value = redact(value)
        if record is not None and record.get(name, _ABSENT) is getattr(model, name):
            value = _Corrected(value)
        yield name, value


_NOT_SHOWN = frozenset(("response_metadata", CORRECTED))
_ABSENT = object()


class _Corrected:
    """Stands for a corrected member's zero value in ``repr``: it was not in the input."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"<corrected: {self.value!r}>"


# -- corrected members (Smithy's client error correction, lossless) ----------------------


def corrected(model: Model) -> dict[str, Any] | None:
    """The record of ``model``'s corrected members: attribute -> the zero value filled.

    A member counts as corrected while it still holds that very object, so a copy
    made with ``attrs.evolve`` that sets the member anew no longer counts it.
    """
    record: dict[str, Any] | None = getattr(model, CORRECTED, None)
    return record


def is_corrected(model: Model, attribute: str, value: Any) -> bool:
    """Whether ``value``, the value of ``model.<attribute>``, was filled by correction."""
    record = corrected(model)
    return record is not None and record.get(attribute, _ABSENT) is value


def corrected_fields(obj: Model) -> list[str]:
    """The paths of the members that ``from_boto`` filled in ``obj`` (outermost only).

    A response that lacks a member the service model marks required gets the type's
    zero value there (Smithy's client error correction); this names them, in the path
    style of errors (``resource_config.instance_count``, ``channels[0].channel_name``).
    A filled structure is one path: its own filled members are not listed. ``to_boto``
    leaves these members out, ``repr`` marks them, and ``validate()`` reports them as
    "is required" when the object is reused in a request.
    """
    if not isinstance(obj, Model):
        raise TypeError(f"corrected_fields() takes a model object, not {type(obj).__name__}")
    paths: list[str] = []
    _collect_corrected(obj, "", paths)
    return paths


def _collect_corrected(value: Any, path: str, paths: list[str]) -> None:
    if isinstance(value, Model):
        prefix = f"{path}." if path else ""
        for name, _, _ in value._field_specs:
            if name in _NOT_SHOWN:
                continue
            item = getattr(value, name)
            if item is None:
                continue
            if is_corrected(value, name, item):
                paths.append(prefix + name)
            else:
                _collect_corrected(item, prefix + name, paths)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_corrected(item, f"{path}[{index}]", paths)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect_corrected(item, f"{path}[{key!r}]", paths)


# -- building the generated classes at run time ------------------------------------------

_MODEL_OPTIONS = {"kw_only": True, "repr": False, "eq": False}
# The default of a required field in ``_field_specs`` (``attrs.NOTHING`` once attrs loads).
_REQUIRED = object()


class _FieldSpec:
    """What ``field(...)`` says about one member, read by ``frozen``."""

    __slots__ = ("default", "eq")

    def __init__(self, default: Any, eq: bool) -> None:
        self.default = default
        self.eq = eq


def field(*, default: Any = None, eq: bool = True) -> Any:
    """The run-time ``attrs.field`` of the generated models (``default``, ``eq`` only)."""
    return _FieldSpec(default, eq)


def frozen(**options: Any) -> Callable[[T], T]:
    """The run-time ``attrs.frozen(kw_only=True, repr=False, eq=False)`` of the models.

    The class is already what attrs would build from the one the generator wrote
    (``Model``'s metaclass made it so, in one step); this checks that it is.
    """
    if options != _MODEL_OPTIONS:
        raise TypeError(f"generated models are built with {_MODEL_OPTIONS}, not {options}")
    return _built


def _built(cls: T) -> T:
    if "_field_specs" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a generated model class")
    return cls


def _model_namespace(namespace: dict[str, Any]) -> dict[str, Any]:
    """The namespace of the slotted class that the generated class body describes: its
    fields are its annotations, in their order, their defaults in ``_field_specs``."""
    namespace = dict(namespace)
    names = tuple(namespace.get("__annotations__", {}))
    specs = []
    for name in names:
        value = namespace.pop(name, _REQUIRED)
        if isinstance(value, _FieldSpec):
            specs.append((name, value.default, value.eq))
        else:
            specs.append((name, value, True))
    specs.append((CORRECTED, None, False))
    namespace["__slots__"] = (*names, CORRECTED, "__weakref__")
    namespace["__match_args__"] = ()  # keyword-only fields: none matched by position
    namespace["_field_specs"] = tuple(specs)
    namespace["__attrs_attrs__"] = _ATTRIBUTES
    return namespace


def _documented(cls: type) -> str | None:
    doc: str | None = cls.__dict__.get("__doc__")
    if doc is None or "_field_specs" not in cls.__dict__:
        return doc
    fields = _field_docs(cls.__module__).get(cls.__name__)
    if not fields:
        return doc
    import inspect
    import textwrap

    entries = "\n".join(f"    {name}:\n{textwrap.indent(text, ' ' * 8)}" for name, text in fields)
    return f"{inspect.cleandoc(doc)}\n\nAttributes:\n{entries}"


@functools.cache
def _field_docs(module: str) -> dict[str, list[tuple[str, str]]]:
    """Each generated class of ``module``: its fields' (name, docstring), read from the
    module's source (the attribute docstrings IDEs show); none without the source."""
    import ast
    import importlib
    import inspect

    try:
        source = inspect.getsource(importlib.import_module(module))
    except (OSError, TypeError):
        return {}
    docs: dict[str, list[tuple[str, str]]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            docs[node.name] = [
                (item.target.id, inspect.cleandoc(following.value.value))
                for item, following in zip(node.body, node.body[1:], strict=False)
                if isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                # The service's members: not the call's metadata nor the corrections.
                and item.target.id != "response_metadata"
                and not item.target.id.startswith("_")
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ]
    return docs


class _LazyAttributes:
    """``__attrs_attrs__`` of a generated class, made on first access and then stored."""

    def __get__(self, instance: object, owner: type) -> tuple[attrs.Attribute[Any], ...]:
        import attrs

        specs: tuple[tuple[str, Any, bool], ...] = owner.__dict__["_field_specs"]
        # The class's own annotations, as written (inspect would cost an import).
        annotations = owner.__dict__.get("__annotations__", {})  # noqa: RUF063
        names = [name for name, _, _ in specs]
        tuple_class = type(
            f"{owner.__name__}Attributes",
            (tuple,),
            {"__slots__": (), **{n: property(operator.itemgetter(i)) for i, n in enumerate(names)}},
        )
        attributes = tuple_class(
            attrs.Attribute(  # type: ignore[call-arg]  # the constructor attrs itself calls
                name=name,
                default=attrs.NOTHING if default is _REQUIRED else default,
                validator=None,
                repr=name != CORRECTED,
                cmp=None,
                hash=None,
                init=True,
                inherited=False,
                type=annotations.get(name),
                kw_only=True,
                eq=eq,
                order=False,
                alias=name,
            )
            for name, default, eq in specs
        )
        type.__setattr__(owner, "__attrs_attrs__", attributes)
        return attributes  # type: ignore[no-any-return]


_ATTRIBUTES = _LazyAttributes()


def _state_slots(cls: type) -> tuple[str, ...]:
    slots: tuple[str, ...] = cls.__dict__.get("__slots__", ())
    return tuple(name for name in slots if name != "__weakref__")


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


# A dataclass, not an attrs class: every response carries one, and attrs is not worth its
# import for it (boto3 has already imported dataclasses).
@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
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
    http_headers: dict[str, str] = dataclasses.field(default_factory=dict, repr=False)
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
