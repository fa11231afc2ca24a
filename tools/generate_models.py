"""Generate the models (``sagemaker_typed/models/``), their conversion functions
(``sagemaker_typed/_converters/``), their shape tables and the typed operations.

Reads the ``sagemaker`` service model of the installed botocore, walks the closure of
the operations in ``OPERATIONS`` and writes one attrs class per structure and one
``Literal`` alias per enum, split into families loaded on first use
(``tools._families``), the conversion functions of each family
(``tools._converters``) followed by the family's shape table (wire names,
constraints) that the converter and the validator use. Same botocore and Python, same
bytes.

A second service model, CloudWatch Logs (``LOGS_OPERATIONS``, what following a
training job's logs reads), goes the same way into the private
``sagemaker_typed/_logs_models.py`` and ``_converters/_logs_models.py``; its shape
names carry the prefix ``logs.`` so that they never collide with SageMaker's (the
validator caches a checker per shape name). CloudWatch's GetMetricData
(``CLOUDWATCH_OPERATIONS``, a training job's metric curves) goes into
``_cloudwatch_models.py`` and ``_converters/_cloudwatch_models.py`` the same way.

Usage: ``python -m tools.generate_models`` (``make models``) writes the files and, when
the shapes change, lists the changes to users' types in CHANGELOG.md (``model_diff``);
``--check`` exits 1 if the committed files differ from what would be written.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import keyword
import re
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

import botocore
import botocore.session
from botocore import xform_name
from botocore.model import OperationModel, ServiceModel

from sagemaker_typed._schema import Shape as SchemaShape
from tools._converters import render_converters
from tools._families import Family, families
from tools._html_text import html_to_text
from tools._java_regex import java_to_python
from tools._pattern_hints import pattern_hint
from tools.model_diff import add_to_changelog, describe_changes

# The operations the SDK covers, one line each, with the parameters its method takes:
# REQUEST, the request object; or names for the request's required members, in the
# model's order, taken positionally, followed by every other member (but the page
# token) as a keyword. Adding a line here (and regenerating) brings its shapes.
REQUEST = None
OPERATIONS: dict[str, tuple[str, ...] | None] = {
    "CreateTrainingJob": REQUEST,
    "DescribeTrainingJob": ("name",),
    "StopTrainingJob": ("name",),
    "UpdateTrainingJob": REQUEST,
    "ListTrainingJobs": (),
    "CreateHyperParameterTuningJob": REQUEST,
    "DescribeHyperParameterTuningJob": ("name",),
    "StopHyperParameterTuningJob": ("name",),
    "ListHyperParameterTuningJobs": (),
    "ListTrainingJobsForHyperParameterTuningJob": ("name",),
    "CreateNotebookInstance": REQUEST,
    "DescribeNotebookInstance": ("name",),
    "UpdateNotebookInstance": REQUEST,
    "StartNotebookInstance": ("name",),
    "StopNotebookInstance": ("name",),
    "DeleteNotebookInstance": ("name",),
    "ListNotebookInstances": (),
    "CreatePresignedNotebookInstanceUrl": ("name",),
    "CreateNotebookInstanceLifecycleConfig": REQUEST,
    "DescribeNotebookInstanceLifecycleConfig": ("name",),
    "UpdateNotebookInstanceLifecycleConfig": REQUEST,
    "DeleteNotebookInstanceLifecycleConfig": ("name",),
    "ListNotebookInstanceLifecycleConfigs": (),
    "AddTags": ("arn", "tags"),
    "ListTags": ("arn",),
    "DeleteTags": ("arn", "keys"),
}

# The verbs of the operations that act on a resource (see ``Generator._mutations``).
MUTATING_VERBS = ("Create", "Update", "Start", "Stop", "Delete")

# CloudWatch Logs operations, for the log reader: models only, private, no client methods.
LOGS_OPERATIONS: tuple[str, ...] = ("DescribeLogStreams", "GetLogEvents")
LOGS_SHAPE_PREFIX = "logs."
# CloudWatch operations, for a training job's metric curves: likewise private.
CLOUDWATCH_OPERATIONS: tuple[str, ...] = ("GetMetricData",)
CLOUDWATCH_SHAPE_PREFIX = "cloudwatch."

# Names people use for request parameters, as aliases of the generated classes.
ALIASES: dict[str, str] = {
    "TrainingJobDefinition": "HyperParameterTrainingJobDefinition",
    "WarmStartConfig": "HyperParameterTuningJobWarmStartConfig",
}

ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = ROOT / "sagemaker_typed" / "models"
CONVERTERS_DIR = ROOT / "sagemaker_typed" / "_converters"
OPERATIONS_PATH = ROOT / "sagemaker_typed" / "_operations.py"
SENSITIVE_PATH = ROOT / "sagemaker_typed" / "_sensitive.py"
ASYNC_OPERATIONS_PATH = ROOT / "sagemaker_typed" / "_async_operations.py"
LOGS_MODELS_PATH = ROOT / "sagemaker_typed" / "_logs_models.py"
CLOUDWATCH_MODELS_PATH = ROOT / "sagemaker_typed" / "_cloudwatch_models.py"
CHANGELOG_PATH = ROOT / "CHANGELOG.md"
REGENERATE = "make models"

_SCALARS = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "float": "float",
    "double": "float",
    "boolean": "bool",
    "timestamp": "datetime.datetime",
    "blob": "bytes",
}
# botocore's shapes carry kind-specific attributes (members, member, key, value, enum).
Shape = Any

_KINDS = {"long": "integer", "double": "float"}
# The fields of ``_schema.Shape`` after its kind, and their defaults.
_SHAPE_DEFAULTS: dict[str, Any] = {
    name: parameter.default
    for name, parameter in inspect.signature(SchemaShape).parameters.items()
    if name != "kind"
}
_SHAPE_FIELDS: tuple[str, ...] = tuple(_SHAPE_DEFAULTS)
# A translated pattern longer than this that several shapes share is written once.
_SHARED_REGEX_MIN = 1000
_RESPONSE_METADATA_FIELD = '''\
    response_metadata: ResponseMetadata | None = field(default=None, eq=False)
    """
    Request id, HTTP status and retry attempts of the call that returned this response;
    set by the client, left out of ``to_boto``, equality and ``repr``.
    """'''
_RESERVED = {
    "attrs",
    "datetime",
    "field",
    "frozen",
    "object_setattr",
    "Literal",
    "TypeAlias",
    "TYPE_CHECKING",
    "Model",
    "ResponseMetadata",
}


class Generator:
    """Everything derived from one service model, rendered as two Python modules."""

    def __init__(
        self,
        model: ServiceModel,
        operations: dict[str, tuple[str, ...] | None] = OPERATIONS,
        paginators: dict[str, dict[str, Any]] | None = None,
        aliases: dict[str, str] | None = None,
        shape_prefix: str = "",
        *,
        documented: bool = True,
    ) -> None:
        self.model = model
        # Whether the classes carry the service's documentation: not those of the private
        # modules (_logs_models, _cloudwatch_models), whose classes no user sees.
        self.documented = documented
        self.prefix = shape_prefix  # of every shape name in the shape table
        self.aliases = ALIASES if aliases is None else aliases
        self.paginators = paginators or {}
        self.operations = [model.operation_model(name) for name in operations]
        self.parameters = operations
        self.class_names: dict[str, str] = {}  # structure shape name -> class name
        self.shapes: dict[str, Shape] = {}  # every shape in the closure, by name
        self.operation_docs: dict[str, str] = {}  # class name -> documentation
        self.responses: set[str] = set()
        for operation in self.operations:
            self._name_operation_shapes(operation)
        for operation in self.operations:
            for shape in (operation.input_shape, operation.output_shape):
                if shape is not None:
                    self._walk(shape)
        self._check_names()

    def _name_operation_shapes(self, operation: OperationModel) -> None:
        if operation.input_shape is not None:
            name = f"{operation.name}Request"
            self.class_names[operation.input_shape.name] = name
            self.operation_docs[name] = operation.documentation
        if operation.output_shape is not None:
            name = f"{operation.name}Response"
            self.class_names[operation.output_shape.name] = name
            self.responses.add(name)
            self.operation_docs[name] = f"<p>The response of <code>{operation.name}</code>.</p>"

    def _walk(self, shape: Shape) -> None:
        if shape.name in self.shapes:
            return
        self.shapes[shape.name] = shape
        if shape.type_name == "structure":
            self.class_names.setdefault(shape.name, shape.name)
            for member in shape.members.values():
                self._walk(member)
        elif shape.type_name == "list":
            self._walk(shape.member)
        elif shape.type_name == "map":
            self._walk(shape.key)
            self._walk(shape.value)

    def _check_names(self) -> None:
        classes = set(self.class_names.values())
        if len(classes) != len(self.class_names):
            raise SystemExit("two structures map to the same class name")
        enums = {s.name for s in self.shapes.values() if self._is_enum(s)}
        clashes = (classes & enums) | ((classes | enums) & _RESERVED)
        clashes |= set(self.aliases) & (classes | enums)
        if clashes:
            raise SystemExit(f"generated names collide: {sorted(clashes)}")
        operation_classes = {
            self.class_names[shape.name]
            for operation in self.operations
            for shape in (operation.input_shape, operation.output_shape)
            if shape is not None
        }
        misnamed = {c for c in classes - operation_classes if c.endswith(("Request", "Response"))}
        if misnamed:
            # from_boto and the client tell operation classes by these suffixes.
            raise SystemExit(f"non-operation classes named like operations: {sorted(misnamed)}")
        missing = set(self.aliases.values()) - classes
        if missing:
            raise SystemExit(f"aliases point at classes that are not generated: {sorted(missing)}")
        for shape in self.structures():
            attrs = [_attribute_name(name) for name in shape.members]
            if len(set(attrs)) != len(attrs) or "response_metadata" in attrs:
                raise SystemExit(f"{shape.name}: member names collide after snake_case")

    @staticmethod
    def _is_enum(shape: Shape) -> bool:
        return shape.type_name == "string" and bool(shape.enum)

    def structures(self) -> list[Shape]:
        shapes = [s for s in self.shapes.values() if s.type_name == "structure"]
        return sorted(shapes, key=lambda s: self.class_names[s.name])

    def enums(self) -> list[Shape]:
        return sorted((s for s in self.shapes.values() if self._is_enum(s)), key=lambda s: s.name)

    def python_type(self, shape: Shape) -> str:
        if shape.type_name == "structure":
            return self.class_names[shape.name]
        if shape.type_name == "list":
            return f"list[{self.python_type(shape.member)}]"
        if shape.type_name == "map":
            return f"dict[{self.python_type(shape.key)}, {self.python_type(shape.value)}]"
        if self._is_enum(shape):
            return str(shape.name)
        return _SCALARS[shape.type_name]

    # -- models/ ------------------------------------------------------------------------

    def render_models(self) -> dict[Path, str]:
        """``models/__init__.py``, its stub and one module per family (see ``tools._families``)."""
        groups = families(self)
        owner = {name: family.module for family in groups for name in family.names()}
        rendered = {
            MODELS_DIR / "__init__.py": self._render_models_init(groups),
            MODELS_DIR / "__init__.pyi": self._render_models_stub(groups),
        }
        for family in groups:
            rendered[MODELS_DIR / f"{family.module}.py"] = self._render_family(family, owner)
        return rendered

    _MODELS_DOC = (
        '"""Typed request and response models of the SageMaker operations.',
        "",
        "Every class is an immutable attrs class with keyword-only arguments; change a copy",
        "with ``attrs.evolve``. Enum values are ``Literal`` aliases of plain strings.",
        "",
        "The classes live in family modules that load when a name is first taken from here",
        "(``from sagemaker_typed.models import X`` or ``models.X``); type checkers see them",
        "all through the stub, ``__init__.pyi``.",
        '"""',
    )

    def _render_models_init(self, groups: list[Family]) -> str:
        out = [
            self._header(),
            *self._MODELS_DOC,
            "",
            "from __future__ import annotations",
            "",
            "import importlib",
            "from typing import Any",
            "",
            "from sagemaker_typed._model_support import Model, ResponseMetadata",
            "",
            "# Each family module: the public names it defines.",
            "_FAMILIES = {",
            *[f'    "{family.module}": "{" ".join(family.names())}",' for family in groups],
            "}",
            "# Public name -> the family module that defines it.",
            "_FAMILY = {n: family for family, names in _FAMILIES.items() for n in names.split()}",
            '__all__ = ["Model", "ResponseMetadata", *_FAMILY]',
            "",
            "",
            "def __getattr__(name: str) -> Any:",
            '    """Load the family that defines ``name``, and keep all its names here."""',
            "    family = _FAMILY.get(name)",
            "    if family is None:",
            '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
            '    module = importlib.import_module(f"{__name__}.{family}")',
            "    namespace = globals()",
            "    for loaded in _FAMILIES[family].split():",
            "        namespace[loaded] = getattr(module, loaded)",
            "    return namespace[name]",
            "",
            "",
            "def __dir__() -> list[str]:",
            "    return sorted(set(globals()) | set(__all__))",
        ]
        return "\n".join(out) + "\n"

    def _render_models_stub(self, groups: list[Family]) -> str:
        """What type checkers read instead of ``__init__.py``: every name, imported from
        its family (``__all__`` re-exports it), and no ``__getattr__``, so that a misspelt
        name is an error."""
        names = sorted(["Model", "ResponseMetadata", *(n for f in groups for n in f.names())])
        # __all__ first: the reference (griffe, members in source order) then lists the
        # family imports after __init__.py's Model import, as it did with the classes
        # imported in __init__.py.
        return "\n".join(
            [
                self._header(),
                *self._MODELS_DOC,
                "",
                "from sagemaker_typed._model_support import Model, ResponseMetadata",
                "",
                "__all__ = [",
                *_wrapped([f'"{name}"' for name in names], "    "),
                "]",
                "",
                *[f"from {family.path} import {', '.join(family.names())}" for family in groups],
                "",
                "_FAMILY: dict[str, str]",
            ]
        ) + "\n"

    def render_private_module(self, path: Path, title: str) -> dict[Path, str]:
        """All classes in one private module at ``path`` (``_logs_models.py``), with its
        conversion module and shape table: the models of a service that no public name
        exposes."""
        family = Family.whole(self, path.stem, package="sagemaker_typed")
        owner = dict.fromkeys(family.names(), family.module)
        return {
            path: self._render_family(family, owner, title=title),
            CONVERTERS_DIR / f"{family.module}.py": render_converters(
                self, family, owner, self._header()
            )
            + self.render_shape_table(family, self._reached(family), set()),
        }

    def _render_family(
        self, family: Family, owner: dict[str, str], *, title: str | None = None
    ) -> str:
        own = set(family.names())
        used: set[str] = set()
        timestamps = responses = False
        for shape in family.structures:
            responses |= self.class_names[shape.name] in self.responses
            for member in shape.members.values():
                used |= self._type_names(member)
                timestamps |= self._mentions_timestamp(member)
        foreign: dict[str, list[str]] = {}
        for name in sorted(used - own):
            foreign.setdefault(owner[name], []).append(name)
        classes = bool(family.structures)
        guards = family.guards()
        typing_names = (["TYPE_CHECKING"] if classes or guards else []) + (
            ["Literal", "TypeAlias"] if family.enums else []
        )
        support = (
            (["Model", "object_setattr"] if classes else [])
            + (["ResponseMetadata"] if responses else [])
            + (["is_value_of"] if guards else [])
        )
        builders = "field, frozen" if responses else "frozen"
        # Relative imports: a family module is in models/, a private one (title) beside it.
        support_module = "._model_support" if title else ".._model_support"
        out = [
            self._header(),
            # A comment, not a docstring: no user reads these modules' help, and a
            # docstring would be in the bytecode too. (A family module is private:
            # models/__init__ says where its classes are imported from.)
            *([f"# {title}", ""] if title else []),
            "from __future__ import annotations",
            "",
            *(["import datetime"] if timestamps else []),
            f"from typing import {', '.join(typing_names)}",
            "",
            *(
                [f"from {support_module} import {', '.join(sorted(support))}"]
                if support
                else []
            ),
        ]
        for module, names in sorted(foreign.items()):
            line = f"from .{module} import {', '.join(names)}"
            if len(line) <= 100:
                out.append(line)
            else:
                out += [f"from .{module} import (", *_wrapped(names, "    ")]
                out.append(")")
        if guards and not classes:
            out += ["", "if TYPE_CHECKING:", "    from typing_extensions import TypeIs"]
        if classes:
            out += [
                "",
                "if TYPE_CHECKING:",
                f"    from attrs import {builders}",
                *(["    from typing_extensions import TypeIs"] if guards else []),
                "else:  # built without compiling (see _model_support)",
                f"    from {support_module} import {builders}",
            ]
        # No __all__: models/__init__ and its stub name each family's names already.
        out.append("")
        for shape in family.enums:
            values = _wrapped([f'"{value}"' for value in shape.enum], "    ")
            out += [f"{shape.name}: TypeAlias = Literal[", *values, "]"]
        out.append("")
        if guards:
            out.append(_render_guards(guards))
        for shape in family.structures:
            out.append(self._render_class(shape))
        if family.aliases:
            out.append("# Aliases: the names people use for these parameters.")
            out += [f"{alias} = {target}" for alias, target in family.aliases]
        return "\n".join(out).rstrip() + "\n"

    def _mentions_timestamp(self, shape: Shape) -> bool:
        if shape.type_name == "list":
            return self._mentions_timestamp(shape.member)
        if shape.type_name == "map":
            return self._mentions_timestamp(shape.key) or self._mentions_timestamp(shape.value)
        return bool(shape.type_name == "timestamp")

    def _render_class(self, shape: Shape) -> str:
        name = self.class_names[shape.name]
        doc = self.operation_docs.get(name) or shape.documentation or f"<p>{name}</p>"
        lines = ["", "@frozen(kw_only=True, repr=False, eq=False)", f"class {name}(Model):"]
        if self.documented:
            # help() lists the fields from their docstrings (``_model_support``).
            lines += [_text_docstring(html_to_text(doc, width=84), indent=4), ""]
        for member_name, member in shape.members.items():
            python_type = self.python_type(member)
            attr = _attribute_name(member_name)
            if member_name in shape.required_members:
                lines.append(f"    {attr}: {python_type}")
            else:
                lines.append(f"    {attr}: {python_type} | None = None")
            if self.documented:
                lines.append(_docstring(member.documentation or f"<p>{member_name}</p>", indent=4))
                lines.append("")
        if not self.documented:
            lines.append("")
        if name in self.responses:
            lines.append(_RESPONSE_METADATA_FIELD)
            lines.append("")
        lines.append(self._render_init(shape))
        return "\n".join(lines).rstrip() + "\n"

    def _render_init(self, shape: Shape) -> str:
        """The class's ``__init__``, as attrs would generate it, defined at run time only."""
        params = []
        for member_name in shape.members:
            attr = _attribute_name(member_name)
            params.append(attr if member_name in shape.required_members else f"{attr}=None")
        fields = [_attribute_name(member_name) for member_name in shape.members]
        if self.class_names[shape.name] in self.responses:
            params.append("response_metadata=None")
            fields.append("response_metadata")
        params.append("_corrected=None")
        fields.append("_corrected")
        signature = f"        def __init__(self, *, {', '.join(params)}):"
        if len(signature) > 100:
            wrapped = "\n".join(_wrapped(["self", "*", *params], " " * 12))
            signature = f"        def __init__(\n{wrapped}\n        ):"
        body = [f'            _set("{attr}", {attr})' for attr in fields]
        return "\n".join(
            [
                "    if not TYPE_CHECKING:",
                "",
                signature,
                "            _set = object_setattr.__get__(self)",
                *body,
            ]
        )

    # -- _converters/ --------------------------------------------------------------------

    def render_converters(self) -> dict[Path, str]:
        """One conversion module per family that has classes (see ``tools._converters``)."""
        groups = families(self)
        owner = {
            self.class_names[shape.name]: family.module
            for family in groups
            for shape in family.structures
        }
        rendered = {
            CONVERTERS_DIR / "__init__.py": (
                f"{self._header()}\n"
                '"""The generated conversion functions of the models, one module per family."""\n'
            )
        }
        for family in groups:
            if family.structures:
                text = render_converters(self, family, owner, self._header())
                rendered[CONVERTERS_DIR / f"{family.module}.py"] = text
        return rendered

    # -- the shape tables, in the conversion modules -------------------------------------

    def with_shape_tables(self, converters: dict[Path, str]) -> dict[Path, str]:
        """The conversion modules (``render_converters``) with the family's shape table
        appended to each, and to ``_converters/__init__.py`` what they share: the rows
        that several families reach (written once), the operations' classes and the
        botocore of the models. A table loads with its family's conversion functions:
        no module of its own to find and open on the first call."""
        groups = {family.module: family for family in families(self) if family.structures}
        reached = {module: self._reached(family) for module, family in groups.items()}
        counts: dict[str, int] = {}
        for names in reached.values():
            for name in names:
                counts[name] = counts.get(name, 0) + 1
        shared = {name for name, count in counts.items() if count > 1}
        rendered = dict(converters)
        for path, text in converters.items():
            if path.stem in groups:
                rendered[path] = text + self.render_shape_table(
                    groups[path.stem], reached[path.stem], shared
                )
        init = CONVERTERS_DIR / "__init__.py"
        rendered[init] = "\n".join(
            [
                converters[init].rstrip(),
                "",
                "# The botocore whose service model this is (an older one may lack members).",
                f"BOTOCORE_VERSION = {botocore.__version__!r}",
                "",
                "# Operation name -> (request class, response class or None).",
                "OPERATIONS: dict[str, tuple[str, str | None]] = {",
                *(
                    f"    {operation.name!r}: {self._operation_classes(operation)!r},"
                    for operation in self.operations
                ),
                "}",
                "",
                "# A mutation of a resource that a covered Describe shows -> (the resource, that",
                "# Describe, the request attribute naming the resource, the described status",
                "# attribute or None): how the client tells whether a lost answer's call acted.",
                "MUTATIONS: dict[str, tuple[str, str, str, str | None]] = {",
                *(f"    {name!r}: {row!r}," for name, row in self._mutations().items()),
                "}",
                "",
                "# Translated patterns that several rows share; a row gives the position.",
                f"SHARED_REGEXES = {self.shared_regexes!r}",
                "",
                "# The shape table rows that several families reach (see ``_schema``).",
                "SHARED_SHAPES = {",
                *(
                    f"    {self.prefix + n!r}: {self._shape_row(self.shapes[n])!r},"
                    for n in sorted(shared)
                ),
                "}",
            ]
        )
        rendered[init] += "\n"
        return rendered

    def _reached(self, family: Family) -> list[str]:
        """The shapes of ``family``'s classes and every shape their members reach, up to
        the next structure (whose row names its class)."""
        reached: dict[str, None] = {}

        def reach(shape: Shape) -> None:
            if shape.name in reached:
                return
            reached[shape.name] = None
            if shape.type_name == "list":
                reach(shape.member)
            elif shape.type_name == "map":
                reach(shape.key)
                reach(shape.value)

        for structure in family.structures:
            reached[structure.name] = None
            for member in structure.members.values():
                reach(member)
        return sorted(reached)

    def render_shape_table(self, family: Family, reached: list[str], shared: set[str]) -> str:
        """``family``'s table (see ``_schema``): the members of its classes, and every
        shape that they reach (``reached``), those in ``shared`` by name only. Constants
        only: ``_schema`` makes the records."""
        out = [
            "",
            "",
            "# -- the family's shape table: SHAPES, SHARED, MEMBERS (see ``_schema``) --",
            "SHAPES = {",
            *(
                f"    {self.prefix + n!r}: {self._shape_row(self.shapes[n])!r},"
                for n in reached
                if n not in shared
            ),
            "}",
            f"SHARED = {tuple(self.prefix + name for name in reached if name in shared)!r}",
            "MEMBERS = {",
        ]
        for shape in family.structures:
            rows = []
            for member_name, member in shape.members.items():
                shape_name = self.prefix + member.name
                required = member_name in shape.required_members
                row = [_attribute_name(member_name), member_name, required]
                if shape_name != member_name:
                    row.append(shape_name)
                elif not required:  # Member's defaults: not required, shaped as named
                    row.pop()
                rows.append(tuple(row))
            out.append(f"    {self.class_names[shape.name]!r}: {tuple(rows)!r},")
        out.append("}")
        return "\n".join(out) + "\n"

    @functools.cached_property
    def shared_regexes(self) -> tuple[str, ...]:
        """The long translated patterns that several of SageMaker's shapes share (a
        spelled-out Unicode class: the tag keys' and values'), written once in
        ``SHARED_REGEXES``; their rows give the position there."""
        if self.prefix:
            return ()
        counts: dict[str, int] = {}
        for shape in self.shapes.values():
            if "pattern" in shape.metadata:
                regex = java_to_python(shape.metadata["pattern"])
                counts[regex] = counts.get(regex, 0) + 1
        return tuple(sorted(r for r, n in counts.items() if n > 1 and len(r) > _SHARED_REGEX_MIN))

    def _shape_row(self, shape: Shape) -> tuple[Any, ...]:
        """The fields of ``shape``'s ``_schema.Shape``, in order, trailing defaults left out."""
        fields: dict[str, Any] = {"kind": _KINDS.get(shape.type_name, shape.type_name)}
        metadata: dict[str, Any] = shape.metadata
        for bound in ("min", "max"):
            if bound in metadata:
                fields[bound] = metadata[bound]
        if "pattern" in metadata:
            fields["pattern"] = metadata["pattern"]
            fields["regex"] = java_to_python(metadata["pattern"])
            if fields["regex"] in self.shared_regexes:
                fields["regex"] = self.shared_regexes.index(fields["regex"])
            fields["hint"] = pattern_hint(metadata["pattern"])
            ascii_regex = java_to_python(metadata["pattern"], ascii_only=True)
            if ascii_regex != fields["regex"]:
                fields["ascii_regex"] = ascii_regex
        if self._is_enum(shape):
            # SageMaker's values are in the models' Literal alias of the same name; the
            # private services' aliases are not in ``models``.
            fields["enum"] = tuple(shape.enum) if self.prefix else shape.name
        if shape.type_name == "list":
            fields["member"] = self.prefix + shape.member.name
        if shape.type_name == "map":
            fields["member"] = self.prefix + shape.value.name
            fields["key"] = self.prefix + shape.key.name
        if shape.type_name == "structure":
            fields["cls"] = self.class_names[shape.name]
        if metadata.get("sensitive"):
            fields["sensitive"] = True
        row = [fields["kind"], *(fields.get(name, _SHAPE_DEFAULTS[name]) for name in _SHAPE_FIELDS)]
        while len(row) > 1 and row[-1] == _SHAPE_DEFAULTS[_SHAPE_FIELDS[len(row) - 2]]:
            row.pop()
        return tuple(row)

    # -- _operations.py ----------------------------------------------------------------

    def render_operations(self) -> str:
        return self._render_operations_module(
            docstring=[
                '"""The typed methods of the covered operations; '
                '``SageMakerClient`` inherits them."""'
            ],
            imports=[
                "from collections.abc import Iterator",
                "from typing import TYPE_CHECKING",
                "",
                "from sagemaker_typed import models",
                "from sagemaker_typed._base_client import BaseClient",
            ],
            cls="Operations(BaseClient)",
            cls_doc="One method per operation: validate, call boto3, return the typed response.",
        )

    def render_async_operations(self) -> str:
        """The same methods for ``AsyncSageMakerClient``, from the same operation table."""
        return self._render_operations_module(
            docstring=[
                '"""The typed methods of ``AsyncSageMakerClient``: each runs the method of',
                "the same name of ``Operations`` in a worker thread; listings are async",
                'iterators."""',
            ],
            imports=[
                "from collections.abc import AsyncIterator",
                "from typing import TYPE_CHECKING",
                "",
                "from sagemaker_typed import models",
                "from sagemaker_typed._async_base_client import AsyncBaseClient",
                "from sagemaker_typed._operations import Operations",
            ],
            cls="AsyncOperations(AsyncBaseClient)",
            cls_doc="One coroutine (or async iterator) per operation, as ``Operations`` has them.",
            asynchronous=True,
        )

    def _render_operations_module(
        self,
        *,
        docstring: list[str],
        imports: list[str],
        cls: str,
        cls_doc: str,
        asynchronous: bool = False,
    ) -> str:
        classes: set[str] = set()
        methods: list[str] = []
        for operation in self.operations:
            method, used = self._render_method(operation, asynchronous=asynchronous)
            methods.append(method.rstrip("\n"))
            classes |= used
        class_name = cls.split("(")[0]
        out = [
            self._header(),
            *docstring,
            "",
            "from __future__ import annotations",
            "",
            *(["import datetime"] if any("datetime.datetime" in m for m in methods) else []),
            *imports,
            "",
            "if TYPE_CHECKING:  # at run time, models.X loads a class's family on first use",
            "    from sagemaker_typed.models import (",
            *[f"        {name}," for name in sorted(classes)],
            "    )",
            "",
            f'__all__ = ["{class_name}"]',
            "",
            "",
            f"class {cls}:",
            f'    """{cls_doc}"""',
            *methods,
        ]
        return "\n".join(out).rstrip() + "\n"

    def _render_method(self, operation: Any, *, asynchronous: bool = False) -> tuple[str, set[str]]:
        """One typed method, and the model names its annotations use.

        ``asynchronous``: the ``AsyncOperations`` twin, which runs the sync method in a
        worker thread, or for a listing builds the same request and pages it with the
        async shell.
        """
        request_shape = operation.input_shape
        request, response = self._operation_classes(operation)
        used: set[str] = set()
        paginator = self.paginators.get(operation.name)
        positional = self._positional(operation)
        build = ""
        if positional is None:
            params = [f"request: {request}", "*"]
            used.add(request)
            passed = ["request"]
        else:
            # The required members by their short names, then the others (but the page
            # token) as keywords.
            params, passed, arguments = [], [], []
            for parameter, member_name in positional.items():
                member = request_shape.members[member_name]
                params.append(f"{parameter}: {self.python_type(member)}")
                passed.append(parameter)
                arguments.append(f"{_attribute_name(member_name)}={parameter}")
                used |= self._type_names(member)
            params.append("*")
            for member_name, member in request_shape.members.items():
                page_token = paginator is not None and member_name == paginator["input_token"]
                if member_name in positional.values() or page_token:
                    continue
                attr = _attribute_name(member_name)
                params.append(f"{attr}: {self.python_type(member)} | None = None")
                arguments.append(f"{attr}={attr}")
                passed.append(f"{attr}={attr}")
                used |= self._type_names(member)
            build = _call_lines(8, f"request = models.{request}(", arguments, ")")
        params.append("validate: bool | None = None")
        passed.append("validate=validate")
        summary = html_to_text(operation.documentation, width=80).split("\n\n")[0]
        method_name = xform_name(operation.name)
        define = "def"
        if paginator:
            item = operation.output_shape.members[paginator["result_key"]].member
            used |= self._type_names(item)
            iterator = "AsyncIterator" if asynchronous else "Iterator"
            returns = f"{iterator}[{self.python_type(item)}]"
            summary += "\n\nFollows the page token lazily: one request per page."
            result = f'"{_attribute_name(paginator["result_key"])}"'
            arguments = [f'"{operation.name}"', "request", f"models.{response}", result]
            call = _call_lines(8, "return self._paginate(", [*arguments, "validate"], ")")
        elif asynchronous:
            define, build, returns = "async def", "", response or "None"
            if response is not None:
                used.add(response)
            call = self._render_in_thread(method_name, passed, returns=response is not None)
        elif response:
            returns = response
            used.add(response)
            arguments = [f'"{operation.name}"', "request", f"models.{response}", "validate"]
            call = _call_lines(8, "return self._call(", arguments, ")")
        else:
            returns = "None"
            call = f'        self._call_for_effect("{operation.name}", request, validate)\n'
        head = f"{define} {method_name}("
        signature = _call_lines(4, head, ["self", *params], f") -> {returns}:")
        return (
            "\n"
            + signature
            + _text_docstring(summary, indent=8)
            + "\n"
            + build
            + call
        ), used

    @staticmethod
    def _render_in_thread(method_name: str, passed: list[str], *, returns: bool) -> str:
        """``return await self._in_thread(Operations.<method>, <arguments>)``."""
        start = "return await" if returns else "await"
        arguments = [f"Operations.{method_name}", *passed]
        return _call_lines(8, f"{start} self._in_thread(", arguments, ")")

    def _mutations(self) -> dict[str, tuple[str, str, str, str | None]]:
        """The rows of ``MUTATIONS``: each covered operation that creates, changes or
        deletes a resource whose Describe is covered too, and names it as that does."""
        covered: dict[str, Any] = {operation.name: operation for operation in self.operations}
        rows: dict[str, tuple[str, str, str, str | None]] = {}
        for name, operation in covered.items():
            verb = next((v for v in MUTATING_VERBS if name.startswith(v)), None)
            if verb is None:
                continue
            resource = name.removeprefix(verb)
            describe = covered.get(f"Describe{resource}")
            if describe is None:
                continue
            (name_member,) = describe.input_shape.required_members  # the resource's name
            if name_member not in operation.input_shape.members:
                continue
            status = f"{resource}Status"
            rows[name] = (
                resource,
                describe.name,
                _attribute_name(name_member),
                _attribute_name(status) if status in describe.output_shape.members else None,
            )
        return rows

    def _operation_classes(self, operation: Any) -> tuple[str, str | None]:
        """The request class and the response class (``None``: no output) of an operation."""
        output = operation.output_shape
        return (
            self.class_names[operation.input_shape.name],
            self.class_names[output.name] if output is not None else None,
        )

    def _positional(self, operation: Any) -> dict[str, str] | None:
        """Positional parameter -> required member, or ``None`` (takes the request)."""
        names = self.parameters[operation.name]
        if names is None:
            return None
        required = operation.input_shape.required_members
        if len(names) != len(required):
            raise SystemExit(
                f"{operation.name}: name its required members {list(required)}, not {names}"
            )
        return dict(zip(names, required, strict=True))

    def _type_names(self, shape: Shape) -> set[str]:
        """Names from ``models`` that the annotation of ``shape`` mentions."""
        if shape.type_name == "structure":
            return {self.class_names[shape.name]}
        if shape.type_name == "list":
            return self._type_names(shape.member)
        if shape.type_name == "map":
            return self._type_names(shape.key) | self._type_names(shape.value)
        return {shape.name} if self._is_enum(shape) else set()

    def _header(self) -> str:
        return (
            f"# Generated by tools/generate_models.py from botocore {botocore.__version__}"
            f" (Unicode {unicodedata.unidata_version}).\n"
            f"# Do not edit: regenerate with `{REGENERATE}`.\n"
        )


def _attribute_name(member_name: str) -> str:
    name = xform_name(member_name)
    return f"{name}_" if keyword.iskeyword(name) else name


def _call_lines(indent: int, head: str, arguments: list[str], tail: str) -> str:
    """``head`` + ``arguments`` + ``tail`` as ruff formats them in 100 columns: on one
    line; else the arguments on a line of their own; else one a line."""
    pad = " " * indent
    line = f"{pad}{head}{', '.join(arguments)}{tail}\n"
    if len(line) <= 101:
        return line
    inner = f"{pad}    {', '.join(arguments)}\n"
    if len(inner) <= 101:
        return f"{pad}{head}\n{inner}{pad}{tail}\n"
    return f"{pad}{head}\n" + "".join(f"{pad}    {a},\n" for a in arguments) + f"{pad}{tail}\n"


def _wrapped(items: list[str], indent: str) -> list[str]:
    """``items``, comma-separated, as lines of at most 100 characters starting with
    ``indent`` (generated lists: one item a line would add an indent and a newline each)."""
    return textwrap.wrap(
        ", ".join(items) + ",",
        100,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _render_guards(guards: list[tuple[str, str]]) -> str:
    """One ``is_<enum>(value) -> TypeIs[<enum>]`` per enum alias, to narrow a ``str``."""
    out: list[str] = []
    for guard, enum in guards:
        out += [
            "",
            "",
            f"def {guard}(value: object) -> TypeIs[{enum}]:",
            f'    """Whether ``value`` is one of the ``{enum}`` values.',
            "",
            f"    Narrows a ``str`` (from configuration, say) to ``{enum}`` for type checkers.",
            '    """',
            f"    return is_value_of(value, {enum})",
        ]
    return "\n".join(out[1:]) + "\n"  # two blank lines after the aliases, not three


def _docstring(doc: str, indent: int) -> str:
    return _text_docstring(html_to_text(doc, width=88 - indent), indent)


def _text_docstring(text: str, indent: int) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    pad = " " * indent
    if "\n" not in text and len(text) + indent + 6 <= 88:
        return f'{pad}"""{text}"""'
    body = "\n".join(f"{pad}{line}" if line else "" for line in text.splitlines())
    return f'{pad}"""\n{body}\n{pad}"""'


def load_model(service: str = "sagemaker") -> ServiceModel:
    return botocore.session.get_session().get_service_model(service)


def load_paginators() -> dict[str, dict[str, Any]]:
    model = botocore.session.get_session().get_paginator_model("sagemaker")
    return {name: model.get_paginator(name) for name in OPERATIONS if _has_paginator(model, name)}


def _has_paginator(model: Any, name: str) -> bool:
    try:
        model.get_paginator(name)
    except ValueError:
        return False
    return True


def render() -> dict[Path, str]:
    """What the generator would write, by path."""
    generator = Generator(load_model(), paginators=load_paginators())
    logs = Generator(
        load_model("logs"),
        dict.fromkeys(LOGS_OPERATIONS),
        aliases={},
        shape_prefix=LOGS_SHAPE_PREFIX,
        documented=False,
    )
    cloudwatch = Generator(
        load_model("cloudwatch"),
        dict.fromkeys(CLOUDWATCH_OPERATIONS),
        aliases={},
        shape_prefix=CLOUDWATCH_SHAPE_PREFIX,
        documented=False,
    )
    # A class's shape table is found by its name (``_schema.model_class``), whichever
    # the service.
    names = [set(g.class_names.values()) for g in (generator, logs, cloudwatch)]
    shared = (names[0] & names[1]) | (names[0] & names[2]) | (names[1] & names[2])
    if shared:
        raise SystemExit(f"classes of two services collide: {sorted(shared)}")
    return {
        **generator.render_models(),
        **generator.with_shape_tables(generator.render_converters()),
        **logs.render_private_module(
            LOGS_MODELS_PATH,
            "Private models of the CloudWatch Logs operations that the log reader uses.",
        ),
        OPERATIONS_PATH: generator.render_operations(),
        ASYNC_OPERATIONS_PATH: generator.render_async_operations(),
        SENSITIVE_PATH: render_sensitive(generator),
        **cloudwatch.render_private_module(
            CLOUDWATCH_MODELS_PATH,
            "Private models of the CloudWatch operation that metric curves are read with.",
        ),
    }


def generated_elsewhere(rendered: dict[Path, str]) -> list[Path]:
    """Files in the generated packages that the generator no longer writes."""
    present = [*MODELS_DIR.glob("*.py*"), *CONVERTERS_DIR.glob("*.py")]
    return sorted(path for path in present if path not in rendered)


# -- _sensitive.py: secrets that botocore does not mark -------------------------------------

# botocore marks no shape reachable from the covered operations as sensitive, yet some
# values are secrets. Each rule: a member name and a shape name (regular expressions,
# matched whole), the shape's kind, and what of the value to hide: "value" (all of it),
# "map-values" (every value of a map; keys stay), "secret-keyed-values" (the values whose
# keys look like passwords, tokens or keys) or "url-userinfo" (the user-info of a URL,
# where credentials go: https://user:token@host). First match wins.
SENSITIVITY_RULES: tuple[tuple[str, str, str, str], ...] = (
    # CreatePresignedNotebookInstanceUrl's answer: a URL that logs its holder in. Its
    # shape, NotebookInstanceUrl, is also a notebook's plain host name, hence the member.
    ("AuthorizedUrl", ".*", "string", "value"),
    (".*", r"Presigned\w*Url", "string", "value"),
    # Environment variables of containers carry database passwords and API keys.
    (".*", r"\w*EnvironmentMap", "map", "map-values"),
    # Hyper-parameters are passed to the training code; some are credentials.
    (".*", "HyperParameters", "map", "secret-keyed-values"),
    # Git repositories and other URLs may hold a token in their user-info.
    (".*", r"\w*(Url|Uri)s?", "string", "url-userinfo"),
    (".*", r"\w*(Url|Uri)s?", "list", "url-userinfo"),
)


def sensitivity(generator: Generator) -> dict[str, dict[str, str]]:
    """Class name -> attribute -> what to hide, by ``SENSITIVITY_RULES``."""
    table: dict[str, dict[str, str]] = {}
    for shape in generator.structures():
        hidden = {}
        for member_name, member in shape.members.items():
            for member_rule, shape_rule, kind, what in SENSITIVITY_RULES:
                if (
                    re.fullmatch(member_rule, member_name)
                    and re.fullmatch(shape_rule, member.name)
                    and member.type_name == kind
                ):
                    hidden[_attribute_name(member_name)] = what
                    break
        if hidden:
            table[generator.class_names[shape.name]] = hidden
    return table


def render_sensitive(generator: Generator) -> str:
    lines = [
        generator._header(),
        '"""Values to hide that botocore does not mark sensitive (``SENSITIVITY_RULES`` of',
        'the generator): class name -> attribute -> what of its value to hide."""',
        "",
        "SENSITIVE: dict[str, dict[str, str]] = {",
    ]
    for cls, hidden in sorted(sensitivity(generator).items()):
        lines.append(f"    {cls!r}: {{")
        lines += [f"        {attr!r}: {what!r}," for attr, what in sorted(hidden.items())]
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _public_tables(texts: dict[Path, str]) -> list[str]:
    """The texts of the modules that hold SageMaker's shape table among ``texts`` (by
    path): the conversion modules but the private services', in path order, and the
    model modules, whose ``Literal`` aliases hold the enums' values."""
    private = {LOGS_MODELS_PATH.name, CLOUDWATCH_MODELS_PATH.name}
    return [
        text
        for path, text in sorted(texts.items())
        if path.parent in (CONVERTERS_DIR, MODELS_DIR)
        and path.suffix == ".py"
        and path.name not in private
    ]


def _record_model_changes(old_tables: list[str], new_tables: list[str]) -> None:
    """Put what the regeneration changes in users' types into CHANGELOG.md."""
    changes = describe_changes(old_tables, new_tables)
    old_version = re.search(r"botocore (\S+)", old_tables[0])
    heading = f"botocore {old_version.group(1) if old_version else '?'} -> {botocore.__version__}"
    if changes and CHANGELOG_PATH.exists():
        CHANGELOG_PATH.write_text(add_to_changelog(CHANGELOG_PATH.read_text(), heading, changes))
        print(f"recorded {len(changes)} model changes in CHANGELOG.md")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the files are stale")
    args = parser.parse_args(argv)
    stale = []
    rendered = render()
    old_tables = _public_tables(
        {
            path: path.read_text()
            for folder in (CONVERTERS_DIR, MODELS_DIR)
            for path in folder.glob("*.py")
        }
    )
    new_tables = _public_tables(rendered)
    if not args.check and old_tables and old_tables != new_tables:
        _record_model_changes(old_tables, new_tables)
    for path, text in rendered.items():
        if path.exists() and path.read_text() == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    for path in generated_elsewhere(rendered):
        stale.append(path)
        if not args.check:
            path.unlink()
            print(f"removed {path.relative_to(ROOT)}")
    if args.check and stale:
        print(f"stale: {', '.join(str(p.relative_to(ROOT)) for p in stale)}; run {REGENERATE}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
