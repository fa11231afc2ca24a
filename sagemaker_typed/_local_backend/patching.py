"""Patches of moto's classes that exist only while a local backend runs.

A :class:`Patch` replaces (or adds) one attribute of a class; :func:`install` applies
a list of them and :func:`uninstall` puts back exactly what was there before, so plain
moto behaves as moto does before, and again after, a local backend.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Installed", "Patch", "added", "install", "uninstall", "wrapping"]

_ABSENT = object()


@dataclass(frozen=True)
class Patch:
    """Set ``owner.name`` to ``make(current)``; ``current`` is ``None`` if there is none."""

    owner: type
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


@dataclass(frozen=True)
class Installed:
    """What :func:`install` replaced, for :func:`uninstall` to put back (in reverse)."""

    previous: tuple[tuple[type, str, object], ...]


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
