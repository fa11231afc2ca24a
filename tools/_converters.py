"""The conversion functions of each model family, generated with the models.

For every class, ``structure_<Class>(o, strict)`` (a wire dict to the object) and
``unstructure_<Class>(o)`` (back), and for classes that a required member holds,
``zero_<Class>()`` (its zero value, for error correction). They are plain Python,
compiled when the package is byte-compiled, so nothing is compiled in the user's
process. ``sagemaker_typed._convert`` calls them directly: cattrs would add its own
import (~8.5 ms) to the first conversion and nothing the generated functions need.

What a structure function accepts (everything else raises ``Rejected``, and
``_convert`` then reports every problem with its path):

- a value of exactly the right class, checked inline (the ordinary case, no call);
- otherwise the helper of its kind decides (``as_str``, ``as_float``, ``as_timestamp``,
  ...): subclasses, an ``int`` for a ``float`` (kept as the ``int`` it was), a tuple for
  a list, any mapping for a dict, and in tolerant mode a naive ``datetime`` (UTC), an
  ISO-8601 string or an epoch number for a timestamp. So one odd value costs one call
  for that value, not a second pass over the whole answer;
- ``None`` for any member counts as absent;
- a missing required member: in tolerant mode the type's zero value, recorded on the
  object (``corrected``); in strict mode ``Rejected``;
- unknown keys: ignored in tolerant mode, ``Rejected`` in strict mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools._families import Family
    from tools.generate_models import Generator

__all__ = ["render_converters"]

Shape = Any

# Inline exact-class test and the helper for everything else, by scalar kind.
_SCALAR_CHECKS = {
    "string": ("str", "as_str"),
    "integer": ("int", "as_int"),
    "long": ("int", "as_int"),
    "float": ("float", "as_float"),
    "double": ("float", "as_float"),
    "boolean": ("bool", "as_bool"),
    "blob": ("bytes", "as_blob"),
}
_INDENT = "    "
_ZEROS = {
    "string": '""',
    "integer": "0",
    "long": "0",
    "float": "0.0",
    "double": "0.0",
    "boolean": "False",
    "blob": 'b""',
    "timestamp": "zero_timestamp()",
    "list": "[]",
    "map": "{}",
}


class _Module:
    """The source of one family's conversion module, and what it imports."""

    def __init__(self, generator: Generator, family: Family, owner: dict[str, str]) -> None:
        self.generator = generator
        self.family = family
        self.owner = owner  # class name -> family module
        self.foreign: dict[str, set[str]] = {}  # family module -> function names
        self.helpers: set[str] = set()
        self.datetime = False
        self.repeat = False

    def class_name(self, shape: Shape) -> str:
        return self.generator.class_names[shape.name]

    def function(self, prefix: str, shape: Shape) -> str:
        """The name of a structure's function, imported if another family defines it."""
        name = self.class_name(shape)
        module = self.owner[name]
        if module != self.family.module:
            self.foreign.setdefault(module, set()).add(f"{prefix}_{name}")
        return f"{prefix}_{name}"

    def helper(self, name: str) -> str:
        self.helpers.add(name)
        return name

    # -- wire -> object --------------------------------------------------------------

    def structure_expression(self, shape: Shape, var: str, depth: int) -> str:
        """An expression for the converted value of ``var`` (not ``None``) of ``shape``."""
        kind = shape.type_name
        if kind in _SCALAR_CHECKS:
            exact, helper = _SCALAR_CHECKS[kind]
            return f"({var} if {var}.__class__ is {exact} else {self.helper(helper)}({var}))"
        if kind == "timestamp":
            self.datetime = True
            check = f"{var}.__class__ is datetime and {var}.tzinfo is not None"
            return f"({var} if {check} else {self.helper('as_timestamp')}({var}, strict))"
        if kind == "structure":
            return f"{self.function('structure', shape)}({var}, strict)"
        item = f"x{depth}"
        # Lists of structures and of scalars, and maps of strings to scalars (all but a
        # few): one call each, not a comprehension (in 3.11, a code object per use).
        if kind == "list":
            if shape.member.type_name in _SCALAR_CHECKS:
                exact, helper = _SCALAR_CHECKS[shape.member.type_name]
                return f"{self.helper('as_list_of')}({var}, {exact}, {self.helper(helper)})"
            items = f"({var} if {var}.__class__ is list else {self.helper('as_list')}({var}))"
            if shape.member.type_name == "structure":
                self.repeat = True
                function = self.function("structure", shape.member)
                return f"[*map({function}, {items}, repeat(strict))]"
            value = self.structure_expression(shape.member, item, depth + 1)
            return f"[{value} for {item} in {items}]"
        if kind == "map":
            if shape.key.type_name == "string" and shape.value.type_name in _SCALAR_CHECKS:
                exact, helper = _SCALAR_CHECKS[shape.value.type_name]
                return f"{self.helper('as_map_of')}({var}, {exact}, {self.helper(helper)})"
            key = f"k{depth}"
            entries = f"({var} if {var}.__class__ is dict else {self.helper('as_dict')}({var}))"
            key_value = self.structure_expression(shape.key, key, depth + 1)
            value = self.structure_expression(shape.value, item, depth + 1)
            return f"{{{key_value}: {value} for {key}, {item} in {entries}.items()}}"
        raise AssertionError(f"unknown shape kind {kind}")

    def structure_statement(self, shape: Shape, var: str) -> tuple[str | None, str]:
        """The test whether ``var`` (not ``None``) needs converting (``None``: always), and
        the assignment that converts it in place."""
        kind = shape.type_name
        if kind in _SCALAR_CHECKS:
            exact, helper = _SCALAR_CHECKS[kind]
            return f"{var}.__class__ is not {exact}", f"{var} = {self.helper(helper)}({var})"
        if kind == "timestamp":
            self.datetime = True
            return (
                f"({var}.__class__ is not datetime or {var}.tzinfo is None)",
                f"{var} = {self.helper('as_timestamp')}({var}, strict)",
            )
        return None, f"{var} = {self.structure_expression(shape, var, 0)}"

    def zero_expression(self, shape: Shape) -> str:
        if shape.type_name == "structure":
            return f"{self.function('zero', shape)}()"
        zero = _ZEROS[shape.type_name]
        if shape.type_name == "timestamp":
            self.helper("zero_timestamp")
        return zero

    def render_structure(self, shape: Shape) -> list[str]:
        from tools.generate_models import _attribute_name

        name = self.class_name(shape)
        required = set(shape.required_members)
        # The wire names that strict mode allows, as a default: a constant local, no
        # global of its own.
        keys = ", ".join(repr(member) for member in shape.members)
        comma = "," if len(shape.members) == 1 else ""
        lines = [
            "",
            "",
            f"def structure_{name}(o, strict, _keys=frozenset(({keys}{comma}))):",
            f"    if o.__class__ is not dict: o = {self.helper('as_dict')}(o)",
            f"    if strict and not o.keys() <= _keys: raise {self.helper('Rejected')}",
        ]
        if required:
            lines.append("    c = None")
        arguments = []
        # One line per test and its conversion: the same bytecode as two, less source.
        for index, (member_name, member) in enumerate(shape.members.items()):
            var = f"v{index}"
            attr = _attribute_name(member_name)
            test, convert = self.structure_statement(member, var)
            lines.append(f"    {var} = o.get({member_name!r})")
            if member_name in required:
                call = f"{self.helper('correct')}(c, strict, {name!r}, {attr!r}"
                lines += [
                    f"    if {var} is None: {var}, c = {call}, {self.zero_expression(member)})",
                    f"    elif {test}: {convert}" if test else f"    else: {convert}",
                ]
            else:
                present = f"{var} is not None and {test}" if test else f"{var} is not None"
                lines.append(f"    if {present}: {convert}")
            arguments.append(f"{attr}={var}")
        if required:
            arguments.append("_corrected=c")
        lines.append(f"    return {name}({', '.join(arguments)})")
        return lines

    # -- object -> wire --------------------------------------------------------------

    def unstructure_expression(self, shape: Shape, var: str, depth: int) -> str:
        kind = shape.type_name
        if kind == "structure":
            return f"{self.function('unstructure', shape)}({var})"
        item = f"x{depth}"
        if kind == "list":
            if _passes_through(shape.member):
                return f"list({var})"
            if shape.member.type_name == "structure":
                return f"[*map({self.function('unstructure', shape.member)}, {var})]"
            value = self.unstructure_expression(shape.member, item, depth + 1)
            return f"[{value} for {item} in {var}]"
        if kind == "map":
            if _passes_through(shape.value):
                return f"dict({var})"
            key = f"k{depth}"
            value = self.unstructure_expression(shape.value, item, depth + 1)
            return f"{{{key}: {value} for {key}, {item} in {var}.items()}}"
        return var

    def render_unstructure(self, shape: Shape) -> list[str]:
        from tools.generate_models import _attribute_name

        name = self.class_name(shape)
        # The required members in one dict display: smaller and faster than a store each.
        required = [
            f"{member_name!r}: {self.unstructure_expression(member, f'o.{attr}', 0)}"
            for member_name, member in shape.members.items()
            if member_name in shape.required_members
            for attr in [_attribute_name(member_name)]
        ]
        lines = ["", "", f"def unstructure_{name}(o):", f"    res = {{{', '.join(required)}}}"]
        for member_name, member in shape.members.items():
            if member_name not in shape.required_members:
                value = self.unstructure_expression(member, "v", 0)
                attr = _attribute_name(member_name)
                lines.append(f"    if (v := o.{attr}) is not None: res[{member_name!r}] = {value}")
        if shape.required_members:
            drop = f"{self.helper('drop_corrected')}(res, o)"
            lines.append(f"    if o._corrected is not None: {drop}")
        lines.append("    return res")
        return lines

    def render_zero(self, shape: Shape) -> list[str]:
        from tools.generate_models import _attribute_name

        name = self.class_name(shape)
        lines = ["", "", f"def zero_{name}():"]
        arguments = []
        record = []
        for index, member_name in enumerate(shape.required_members):
            attr = _attribute_name(member_name)
            lines.append(f"    v{index} = {self.zero_expression(shape.members[member_name])}")
            arguments.append(f"{attr}=v{index}")
            record.append(f"{attr!r}: v{index}")
        if record:
            arguments.append(f"_corrected={{{', '.join(record)}}}")
        lines.append(f"    return {name}({', '.join(arguments)})")
        return lines


def _passes_through(shape: Shape) -> bool:
    """Whether values of ``shape`` go to the wire as they are (scalars)."""
    return shape.type_name not in ("structure", "list", "map")


def _zeroed(generator: Generator) -> set[str]:
    """Shape names of the structures that some required member holds (they need ``zero_``)."""
    zeroed: set[str] = set()
    for shape in generator.structures():
        for member_name in shape.required_members:
            member = shape.members[member_name]
            if member.type_name == "structure":
                zeroed.add(member.name)
    return zeroed


def render_converters(
    generator: Generator, family: Family, owner: dict[str, str], header: str
) -> str:
    """The conversion module of one family."""
    module = _Module(generator, family, owner)
    zeroed = _zeroed(generator)
    body: list[str] = []
    for shape in family.structures:
        body += module.render_structure(shape)
        body += module.render_unstructure(shape)
        if shape.name in zeroed:
            body += module.render_zero(shape)
    classes = ", ".join(module.class_name(shape) for shape in family.structures)
    out = [
        header,
        "# mypy: ignore-errors",
        "",
        *(["from datetime import datetime"] if module.datetime else []),
        *(["from itertools import repeat"] if module.repeat else []),
        *([""] if module.datetime or module.repeat else []),
        f"from .._convert import {', '.join(sorted(module.helpers))}",
    ]
    for other, names in sorted(module.foreign.items()):
        out.append(f"from .{other} import {', '.join(sorted(names))}")
    out += [
        f"from {family.path.replace('sagemaker_typed.', '..', 1)} import {classes}",
        # Bodies indented by one space: a function is one level deep, and nobody edits it.
        *(line.replace(_INDENT, " ", 1) if line.startswith(_INDENT) else line for line in body),
    ]
    return "\n".join(out).rstrip() + "\n"
