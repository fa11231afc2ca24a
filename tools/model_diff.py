"""What a regeneration changes in the users' types, for the CHANGELOG.

Compares two versions of the generated shape tables (at the end of the conversion
modules, ``sagemaker_typed/_converters/``, see ``_schema``): classes and fields added
or removed, enum values added or removed, and members that became required (a
breaking change for code that builds requests without them).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterable
from typing import Any

from sagemaker_typed._schema import Member, Shape, member_records, shape_records

CHANGELOG_ANCHOR = "## [Unreleased]"
# The constant tables of a module's text (``SHARED_SHAPES``: the rows several families hold).
_TABLES = ("SHAPES", "SHARED_SHAPES", "MEMBERS")
# The position of a row's enum (its values, or the name of their Literal alias).
_ENUM = list(inspect.signature(Shape).parameters).index("enum")


def load_table(sources: Iterable[str]) -> tuple[dict[str, Shape], dict[str, tuple[Member, ...]]]:
    """Every shape and class's members of module texts, merged. The tables are read as
    literals, not run: a module's imports may name classes that are not written yet. A
    row that names its enum's ``Literal`` alias gets the values of that alias among the
    texts (the model modules')."""
    rows: dict[str, tuple[Any, ...]] = {}
    members: dict[str, tuple[Member, ...]] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    for source in sources:
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id in _TABLES:
                    table = ast.literal_eval(node.value)
                    if target.id == "MEMBERS":
                        members.update(
                            (cls, member_records(declared)) for cls, declared in table.items()
                        )
                    else:
                        rows.update(table)
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(node.value, ast.Subscript)
                and ast.unparse(node.value.value) == "Literal"
            ):
                values = ast.literal_eval(node.value.slice)
                aliases[node.target.id] = values if isinstance(values, tuple) else (values,)
    for name, row in rows.items():
        if len(row) > _ENUM and isinstance(row[_ENUM], str):
            rows[name] = (*row[:_ENUM], aliases[row[_ENUM]], *row[_ENUM + 1 :])
    return shape_records(rows), members


def describe_changes(old_sources: Iterable[str], new_sources: Iterable[str]) -> list[str]:
    """One Markdown bullet per change, breaking ones first; empty when nothing changed."""
    old_shapes, old_members = load_table(old_sources)
    new_shapes, new_members = load_table(new_sources)
    breaking: list[str] = []
    added: list[str] = []
    breaking += [f"- Removed class `{n}`." for n in sorted(old_members.keys() - new_members.keys())]
    added += [f"- Added class `{n}`." for n in sorted(new_members.keys() - old_members.keys())]
    for name in sorted(old_members.keys() & new_members.keys()):
        old = {member.attr: member for member in old_members[name]}
        new = {member.attr: member for member in new_members[name]}
        breaking += [f"- Removed field `{name}.{a}`." for a in sorted(old.keys() - new.keys())]
        for attr in sorted(new.keys() - old.keys()):
            if new[attr].required:
                breaking.append(f"- Added required field `{name}.{attr}`.")
            else:
                added.append(f"- Added field `{name}.{attr}`.")
        for attr in sorted(old.keys() & new.keys()):
            if new[attr].required and not old[attr].required:
                breaking.append(f"- `{name}.{attr}` is now required.")
    for shape in sorted(old_shapes.keys() & new_shapes.keys()):
        old_values = set(old_shapes[shape].enum or ())
        new_values = set(new_shapes[shape].enum or ())
        breaking += [f"- Enum `{shape}` lost {v!r}." for v in sorted(old_values - new_values)]
        added += [f"- Enum `{shape}` gained {v!r}." for v in sorted(new_values - old_values)]
    return breaking + added


def add_to_changelog(changelog: str, heading: str, changes: list[str]) -> str:
    """``changelog`` with a model-changes section under its Unreleased heading."""
    if not changes or CHANGELOG_ANCHOR not in changelog:
        return changelog
    section = f"### Model changes ({heading})\n\n" + "\n".join(changes)
    head, tail = changelog.split(CHANGELOG_ANCHOR, 1)
    return f"{head}{CHANGELOG_ANCHOR}\n\n{section}\n\n{tail.lstrip(chr(10))}"
