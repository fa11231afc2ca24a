"""Patches of moto's classes that exist only while a local backend runs.

A :class:`Patch` replaces (or adds) one attribute of a class; :func:`install` applies
a list of them and :func:`uninstall` puts back exactly what was there before, so plain
moto behaves as moto does before, and again after, a local backend.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from sagemaker_typed._local_backend import simulation

__all__ = ["Installed", "Patch", "added", "advancing", "install", "uninstall", "wrapping"]

_ABSENT = object()


@dataclass(frozen=True)
class Patch:
    """Set ``owner.name`` to ``make(current)``; ``current`` is ``None`` if there is none.

    ``owner`` is a class, or a module for a name its functions look up at call time.
    """

    owner: type | ModuleType
    name: str
    make: Callable[[Any], Any]


def added(owner: type, name: str, value: Callable[..., Any]) -> Patch:
    """Add an operation moto lacks; one moto already has is left as moto has it."""
    return Patch(owner, name, lambda current: value if current is None else current)


def wrapping(owner: type, name: str, wrapper: Callable[..., Any]) -> Patch:
    """Replace method ``name`` by ``wrapper(original, self, ...)``."""

    def make(original: Any) -> Any:
        @functools.wraps(original)
        def patched(self: Any, *args: Any, **kwargs: Any) -> Any:
            return wrapper(functools.partial(original, self), self, *args, **kwargs)

        return patched

    return Patch(owner, name, make)


def advancing(response: type) -> Patch:
    """Run the backend's timeline up to the clock's time before ``response`` (one of
    moto's response classes) answers any request, so it answers with what is due."""

    def make(call_action: Any) -> Any:
        @functools.wraps(call_action)
        def call_action_at_now(self: Any) -> Any:
            sim = simulation.current()
            with sim.lock:
                sim.advance()
                return call_action(self)

        return call_action_at_now

    return Patch(response, "call_action", make)


@dataclass(frozen=True)
class Installed:
    """What :func:`install` replaced, for :func:`uninstall` to put back (in reverse)."""

    previous: tuple[tuple[type | ModuleType, str, object], ...]


def install(patches: Sequence[Patch]) -> Installed:
    previous = []
    for patch in patches:
        own = patch.owner.__dict__.get(patch.name, _ABSENT)
        previous.append((patch.owner, patch.name, own))
        setattr(patch.owner, patch.name, patch.make(getattr(patch.owner, patch.name, None)))
    return Installed(tuple(previous))


def uninstall(installed: Installed) -> None:
    for owner, name, own in reversed(installed.previous):
        if own is _ABSENT:
            delattr(owner, name)
        else:
            setattr(owner, name, own)
