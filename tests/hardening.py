"""Shared support of the hardening tests (``tests/test_hardening_*.py``).

- :func:`fuzz_settings`: hypothesis settings whose example count grows tenfold when
  ``SAGEMAKER_TYPED_FUZZ=heavy`` is set (``SAGEMAKER_TYPED_FUZZ=heavy make test``);
- :func:`mutated_wire_dicts`: valid wire dicts of a class, broken in one to four
  random places (see :data:`MUTATIONS`);
- sentinels: distinctive values that must never show up in logs or error messages;
- :func:`outcome` and :func:`http_response`, small helpers the test modules share.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, TypeVar

from botocore.awsrequest import AWSResponse, HTTPHeaders
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.shapes import MEMBERS, SHAPES
from tests.strategies import shape_of_class, wire_dict

__all__ = [
    "HEAVY",
    "SENTINEL",
    "Location",
    "Mutated",
    "assert_read_exactly",
    "fuzz_settings",
    "http_response",
    "locations",
    "mutated_wire_dicts",
    "outcome",
]

E = TypeVar("E", bound=Exception)

HEAVY = os.environ.get("SAGEMAKER_TYPED_FUZZ") == "heavy"
HEAVY_FACTOR = 10

# Never a substring of a path, a constraint or a class name: if it shows up in a message
# or a log line, a value leaked.
SENTINEL = "Zq7SENTINELxK"


def fuzz_settings(examples: int) -> settings:
    """``examples`` hypothesis examples (tenfold in heavy runs), no deadline."""
    return settings(
        max_examples=examples * HEAVY_FACTOR if HEAVY else examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def outcome(call: Callable[[], Any], expected: type[E]) -> tuple[Any, E | None]:
    """What ``call`` returns, or the ``expected`` error it raises; any other error it
    raises fails the test."""
    try:
        return call(), None
    except expected as error:
        return None, error


class _Body:
    """The raw stream botocore reads an ``AWSResponse`` body from."""

    def __init__(self, content: bytes) -> None:
        self._content = content

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._content


def http_response(status: int, body: bytes) -> AWSResponse:
    """An HTTP answer for a botocore hook to return instead of sending the request."""
    headers = HTTPHeaders()
    headers["x-amzn-RequestId"] = "req-1"
    headers["Content-Type"] = "application/x-amz-json-1.1"
    return AWSResponse("https://sagemaker.us-east-1.amazonaws.com/", status, headers, _Body(body))


# -- where a wire dict can be broken ------------------------------------------------------

Step = str | int


class Location(NamedTuple):
    """A place in a wire dict: the steps to it and its shape (``None``: a map key)."""

    steps: tuple[Step, ...]
    shape: str | None
    required: bool = False


def locations(value: Any, shape_name: str, steps: tuple[Step, ...] = ()) -> Iterator[Location]:
    """Every place in a valid wire ``value`` of ``shape_name``, the root included."""
    shape = SHAPES[shape_name]
    if shape.kind == "structure":
        assert shape.cls is not None
        for member in MEMBERS[shape.cls]:
            if member.wire in value:
                member_steps = (*steps, member.wire)
                yield Location(member_steps, member.shape, member.required)
                yield from _inside(value[member.wire], member.shape, member_steps)
    else:
        yield from _inside(value, shape_name, steps)


def _inside(value: Any, shape_name: str, steps: tuple[Step, ...]) -> Iterator[Location]:
    shape = SHAPES[shape_name]
    if shape.kind == "structure":
        yield from locations(value, shape_name, steps)
    elif shape.kind == "list":
        assert shape.member is not None
        for index, item in enumerate(value):
            yield Location((*steps, index), shape.member)
            yield from _inside(item, shape.member, (*steps, index))
    elif shape.kind == "map":
        assert shape.member is not None
        for key, item in value.items():
            yield Location((*steps, key), None)  # None: the key itself can be broken
            yield Location((*steps, key), shape.member)
            yield from _inside(item, shape.member, (*steps, key))


# -- garbage ------------------------------------------------------------------------------

NAIVE_TIME = datetime.datetime(2026, 11, 25, 12, 0, 0)
OTHER_ZONE_TIME = datetime.datetime(
    2026, 11, 25, 12, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
)

# Values of every type a parser or a misbehaving service could hand over, sentinels
# among them. NaN is left out: it is never equal to itself, which the round-trip checks
# rely on (test_hardening_responses covers it on its own).
GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=8).map(lambda text: SENTINEL + text),
    st.binary(max_size=8),
    st.just(NAIVE_TIME),
    st.just(OTHER_ZONE_TIME),
    st.just("2026-11-25T12:00:00"),
    st.just("not a time " + SENTINEL),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=3)), max_size=3),
    st.dictionaries(st.text(max_size=5), st.one_of(st.none(), st.integers()), max_size=3),
    st.just({"Nested": [{"Deeper": {"Garbage": [None, SENTINEL, 1.5]}}]}),
    st.just((1, "tuple")),
)

HUGE_LIST_LENGTH = 5_000
# Keys are names, not values: error paths show them, so no sentinel in them.
UNKNOWN_KEY = "UnknownMemberFromANewerService"


class Mutated(NamedTuple):
    """A broken wire dict and what was done to it (for failure reports)."""

    data: dict[str, Any]
    mutations: list[str]


def _mutation(draw: st.DrawFn, data: Any, location: Location) -> tuple[str, Any]:
    """A description and the new value for ``location`` (``_DROP`` to delete it)."""
    if location.shape is None:  # a map key
        return "bad map key", (_RENAME_KEY, draw(st.sampled_from([1, None, 2.5, "", "x" * 300])))
    shape = SHAPES[location.shape]
    choices = ["drop", "null", "garbage"]
    if shape.kind == "structure":
        choices += ["unknown key", "not a dict"]
    if shape.kind == "list":
        choices += ["huge list", "tuple"]
    if shape.kind == "string" and shape.enum is not None:
        choices.append("unknown enum value")
    if shape.kind == "timestamp":
        choices += ["naive datetime", "other time zone", "ISO string", "epoch number"]
    if shape.kind == "integer":
        choices += ["bool for int", "float for int", "string for int"]
    choices.reverse()  # hypothesis favours the first: the shape's own breaks come first
    kind = draw(st.sampled_from(choices))
    current = _get(data, location.steps)
    value: Any
    if kind == "drop":
        value = _DROP
    elif kind == "null":
        value = None
    elif kind == "garbage":
        value = draw(GARBAGE)
    elif kind == "unknown key":
        value = {**current, UNKNOWN_KEY: draw(GARBAGE)}
    elif kind == "not a dict":
        value = list(current.items())
    elif kind == "huge list":
        filler = current[0] if current else draw(GARBAGE)
        value = [filler] * HUGE_LIST_LENGTH
    elif kind == "tuple":
        value = tuple(current)
    elif kind == "unknown enum value":
        value = f"NewStatus{SENTINEL}"
    elif kind == "naive datetime":
        value = NAIVE_TIME
    elif kind == "other time zone":
        value = OTHER_ZONE_TIME
    elif kind == "ISO string":
        value = draw(st.sampled_from(["2026-11-25T12:00:00Z", "2026-11-25", "garbage"]))
    elif kind == "epoch number":
        value = draw(st.sampled_from([1_700_000_000, 1.7e9, -1, 10**20, float("inf")]))
    elif kind == "bool for int":
        value = True
    elif kind == "float for int":
        value = 1.5
    else:
        value = "1"
    return f"{kind} at {_path(location.steps)}", value


_DROP = object()
_RENAME_KEY = object()


@st.composite
def mutated_wire_dicts(draw: st.DrawFn, class_name: str, max_mutations: int = 4) -> Mutated:
    """A valid wire dict of ``class_name`` broken in one to ``max_mutations`` places."""
    data = draw(wire_dict(class_name))
    places = list(locations(data, shape_of_class(class_name)))
    if not places:
        return Mutated({**data, UNKNOWN_KEY: draw(GARBAGE)}, ["unknown key at the root"])
    count = draw(st.integers(min_value=1, max_value=min(max_mutations, len(places))))
    chosen = draw(st.lists(st.sampled_from(places), min_size=count, max_size=count, unique=True))
    chosen.sort(key=_order, reverse=True)
    mutations = []
    for location in chosen:
        # Every place is still where it was found (see _order): a change that cannot be
        # made is a bug of this module, so it fails the test rather than being skipped.
        description, value = _mutation(draw, data, location)
        data = _changed(data, location.steps, value)
        mutations.append(description)
    return Mutated(data, mutations)


def _order(location: Location) -> tuple[int, tuple[tuple[int, Any], ...], bool]:
    """Sort key that, reversed, changes a dict so that no change moves a place still to
    be changed: deepest first (a change inside a part before a change of the part),
    among siblings the highest list index first (dropping an item shifts the later
    ones), and a map entry's value before its key is renamed."""
    steps = tuple((0, step) if isinstance(step, int) else (1, step) for step in location.steps)
    return len(location.steps), steps, location.shape is not None


def _get(data: Any, steps: tuple[Step, ...]) -> Any:
    for step in steps:
        data = data[step]
    return data


def _changed(data: Any, steps: tuple[Step, ...], value: Any) -> Any:
    """A copy of ``data`` with the part at ``steps`` replaced, dropped or its key renamed."""
    step, rest = steps[0], steps[1:]
    copy: Any = data.copy()
    if rest:
        copy[step] = _changed(copy[step], rest, value)
    elif value is _DROP:
        del copy[step]
    elif isinstance(value, tuple) and value and value[0] is _RENAME_KEY:
        copy = {value[1] if key == step else key: item for key, item in copy.items()}
    else:
        copy[step] = value
    return copy


def _path(steps: tuple[Step, ...]) -> str:
    return "".join(f"[{step!r}]" for step in steps) or "<root>"


# -- what a tolerant reading may make of a value ------------------------------------------


def assert_read_exactly(parsed: Any, data: Any, shape_name: str, path: str = "") -> None:
    """Every value of ``parsed`` (a ``from_boto`` result) has its shape's Python type,
    and each one read from ``data`` is the value that was there, not a coercion of it:
    ``"1"`` never became ``1``, nor ``1.5`` an ``int``, nor ``1`` a ``True``.

    Only timestamps may change form (naive as UTC, ISO strings and epoch numbers
    parsed). Members absent from ``data`` or ``None`` there (filled by error
    correction) are only type-checked.
    """
    shape = SHAPES[shape_name]
    where = path or "<root>"
    data = _ABSENT if data is None else data  # None counts as absent
    if shape.kind == "structure":
        assert shape.cls is not None
        assert type(parsed).__name__ == shape.cls, where
        wire = data if isinstance(data, dict) else {}
        for member in MEMBERS[shape.cls]:
            value = getattr(parsed, member.attr)
            if value is not None:
                inner = wire.get(member.wire, _ABSENT)
                assert_read_exactly(value, inner, member.shape, f"{path}.{member.attr}")
    elif shape.kind == "list":
        assert shape.member is not None
        assert type(parsed) is list, where
        items = data if isinstance(data, list) and len(data) == len(parsed) else None
        for index, item in enumerate(parsed):
            inner = items[index] if items is not None else _ABSENT
            assert_read_exactly(item, inner, shape.member, f"{path}[{index}]")
    elif shape.kind == "map":
        assert shape.member is not None
        assert shape.key is not None
        assert type(parsed) is dict, where
        entries = data if isinstance(data, dict) else {}
        for key, item in parsed.items():
            assert_read_exactly(key, key, shape.key, f"{path} key")
            assert_read_exactly(item, entries.get(key, _ABSENT), shape.member, f"{path}[{key!r}]")
    elif shape.kind == "timestamp":
        assert type(parsed) is datetime.datetime, where
        assert parsed.tzinfo is not None, where
    else:
        expected_types = _PYTHON_TYPES[shape.kind]
        assert type(parsed) in expected_types, f"{where}: {type(parsed).__name__}"
        if data is not _ABSENT:
            read_as = f"{where}: read {type(data).__name__} as {type(parsed).__name__}"
            assert type(data) in expected_types, read_as
            assert data == parsed or (data != data and parsed != parsed), where  # NaN


_ABSENT = object()
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "float": (float, int),  # an int where a float belongs is taken as it is
    "boolean": (bool,),
    "blob": (bytes,),
}
