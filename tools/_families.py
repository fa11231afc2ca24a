"""Model families: how the generated classes are split into modules loaded on first use.

A family is the set of classes and enum aliases reached by the same set of operations
(a shape's *signature*: the operations whose input or output reaches it). Whatever a
class refers to is reached by every operation that reaches the class, so its signature
is a superset of the class's: families only ever import families with larger
signatures, never in a cycle, and importing a class loads exactly the families of its
closure. Adding an operation can split a family but never adds to what importing an
existing class loads: import cost does not grow with coverage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore import xform_name

if TYPE_CHECKING:
    from tools.generate_models import Generator

__all__ = ["Family", "families"]

Shape = Any


class Family:
    """One module of ``sagemaker_typed.models``: its enums, structures and aliases."""

    def __init__(
        self, module: str, class_names: dict[str, str], package: str = "sagemaker_typed.models"
    ) -> None:
        self.module = module
        self.path = f"{package}.{module}"  # what the conversion module imports the classes from
        self._class_names = class_names
        self.enums: list[Shape] = []
        self.structures: list[Shape] = []
        self.aliases: list[tuple[str, str]] = []
        self.with_guards = True  # an is_<enum> narrowing function per enum alias

    def names(self) -> list[str]:
        """The public names it defines."""
        return sorted(
            [shape.name for shape in self.enums]
            + [guard for guard, _ in self.guards()]
            + [self.class_name(shape) for shape in self.structures]
            + [alias for alias, _ in self.aliases]
        )

    def guards(self) -> list[tuple[str, str]]:
        """(``is_<enum>``, enum alias) for each enum alias, if the family has guards."""
        if not self.with_guards:
            return []
        return [(f"is_{xform_name(shape.name)}", shape.name) for shape in self.enums]

    def class_name(self, shape: Shape) -> str:
        return self._class_names[shape.name]

    @classmethod
    def whole(cls, generator: Generator, module: str, package: str) -> Family:
        """One family of every class and enum of ``generator`` (a private service's)."""
        family = cls(module, generator.class_names, package)
        family.structures = generator.structures()
        family.enums = generator.enums()
        family.with_guards = False  # private: nobody narrows to its enums
        if generator.aliases:
            raise SystemExit(f"{module}: a single-module family takes no aliases")
        return family


def families(generator: Generator) -> list[Family]:
    """The families of the generator's classes and enums, ordered by module name."""
    signatures: dict[str, set[str]] = {}
    for operation in generator.operations:
        reached: set[str] = set()
        for shape in (operation.input_shape, operation.output_shape):
            if shape is not None:
                _reach(shape, reached)
        for name in reached:
            signatures.setdefault(name, set()).add(operation.name)
    groups: dict[frozenset[str], list[Shape]] = {}
    for name, signature in signatures.items():
        shape = generator.shapes[name]
        if shape.type_name == "structure" or generator._is_enum(shape):
            groups.setdefault(frozenset(signature), []).append(shape)
    result: dict[str, Family] = {}
    for shapes in groups.values():
        # Named after its first class (or enum): readable, and stable while it exists.
        structures = sorted(
            (s for s in shapes if s.type_name == "structure"),
            key=lambda s: generator.class_names[s.name],
        )
        enums = sorted((s for s in shapes if s.type_name != "structure"), key=lambda s: s.name)
        first = generator.class_names[structures[0].name] if structures else enums[0].name
        module = f"_{xform_name(first)}"
        if module in result:
            raise SystemExit(f"two model families would be named {module}")
        family = Family(module, generator.class_names)
        family.structures = structures
        family.enums = enums
        class_names = {generator.class_names[s.name] for s in structures}
        family.aliases = sorted(
            (alias, target) for alias, target in generator.aliases.items() if target in class_names
        )
        result[module] = family
    return [result[module] for module in sorted(result)]


def _reach(shape: Shape, reached: set[str]) -> None:
    if shape.name in reached:
        return
    reached.add(shape.name)
    if shape.type_name == "structure":
        for member in shape.members.values():
            _reach(member, reached)
    elif shape.type_name == "list":
        _reach(shape.member, reached)
    elif shape.type_name == "map":
        _reach(shape.key, reached)
        _reach(shape.value, reached)
