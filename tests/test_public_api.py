"""The public face: one import, a complete ``__all__``, no side effects on import."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import sagemaker_typed
import sagemaker_typed.testing
from sagemaker_typed import _errors

REFERENCE = Path(__file__).parent.parent / "docs" / "reference"
# What the waiters and the many-jobs reader ask a client, not for users.
CLIENT_PLUMBING = {"created_recently", "describe_limit"}


def test_all_is_complete_and_importable() -> None:
    exported = set(sagemaker_typed.__all__)
    public = {
        name
        for name, value in vars(sagemaker_typed).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "TYPE_CHECKING"
    } | set(sagemaker_typed._LAZY)  # loaded on first use
    assert exported == public | {"__version__"}
    for name in exported:
        assert getattr(sagemaker_typed, name) is not None


def test_every_error_class_is_exported() -> None:
    for name in _errors.__all__:
        assert name in sagemaker_typed.__all__
        assert getattr(sagemaker_typed, name) is getattr(_errors, name)


def _documented() -> dict[str, set[str]]:
    """Each ``::: object`` of the API reference pages, with its ``members:`` list."""
    documented: dict[str, set[str]] = {}
    for page in sorted(REFERENCE.glob("*.md")):
        for directive in re.split(r"^(?=::: )", page.read_text(), flags=re.M)[1:]:
            target = directive.split()[1]
            documented[target] = set(re.findall(r"^ +- (\w+)$", directive, flags=re.M))
    return documented


def test_the_api_reference_shows_every_public_name() -> None:
    documented = _documented()
    missing = {
        name
        for name in sagemaker_typed.__all__
        if f"sagemaker_typed.{name}" not in documented and name != "__version__"
    }
    assert not missing, f"not in docs/reference/: {sorted(missing)}"
    methods = {name for name in dir(sagemaker_typed.SageMakerClient) if not name.startswith("_")}
    assert documented["sagemaker_typed.SageMakerClient"] == (methods - CLIENT_PLUMBING) | {
        "__init__"
    }
    assert documented["sagemaker_typed.testing"] == set(sagemaker_typed.testing.__all__)


def test_private_modules_reexport_everything_they_declare_public() -> None:
    for module_name in (
        "_client",
        "_async_client",
        "_clock",
        "_convert",
        "_errors",
        "_validate",
        "_waiters",
    ):
        module = __import__(f"sagemaker_typed.{module_name}", fromlist=["__all__"])
        for name in module.__all__:
            if name == "SystemClock":  # the default clock is an implementation detail
                continue
            assert name in sagemaker_typed.__all__, f"{module_name}.{name} is not exported"


def test_error_tree() -> None:
    e = sagemaker_typed
    assert issubclass(e.RequestValidationError, ValueError)
    for cls in (
        e.RequestValidationError,
        e.ResponseParseError,
        e.ServiceError,
        e.TransportError,
        e.CredentialsError,
        e.WaiterError,
    ):
        assert issubclass(cls, e.SageMakerTypedError)
    for cls in (
        e.ResourceNotFoundError,
        e.ResourceInUseError,
        e.ResourceLimitExceededError,
        e.ThrottlingError,
        e.ServiceValidationError,
    ):
        assert issubclass(cls, e.ServiceError)
    for waiter_error in (
        e.WaiterTimeoutError,
        e.UnexpectedStateError,
        e.TrainingJobFailedError,
        e.TuningJobFailedError,
        e.NotebookInstanceFailedError,
    ):
        assert issubclass(waiter_error, e.WaiterError)


def test_import_has_no_side_effects() -> None:
    code = """
import logging, sys
before = set(logging.root.handlers), sys.excepthook
import sagemaker_typed, sagemaker_typed.models, sagemaker_typed.testing
assert (set(logging.root.handlers), sys.excepthook) == before
assert not logging.getLogger("sagemaker_typed").handlers
for heavy in ("moto", "sagemaker_typed._converters"):
    assert heavy not in sys.modules, heavy
"""
    subprocess.run([sys.executable, "-c", code], check=True)
