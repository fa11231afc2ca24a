"""The public face: one import, a complete ``__all__``, no side effects on import."""

from __future__ import annotations

import inspect
import subprocess
import sys

import sagemaker_typed
from sagemaker_typed import _errors


def test_all_is_complete_and_importable() -> None:
    exported = set(sagemaker_typed.__all__)
    public = {
        name
        for name, value in vars(sagemaker_typed).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "TYPE_CHECKING"
    } | {"AsyncSageMakerClient"}  # loaded on first use
    assert exported == public | {"__version__"}
    for name in exported:
        assert getattr(sagemaker_typed, name) is not None


def test_every_error_class_is_exported() -> None:
    for name in _errors.__all__:
        assert name in sagemaker_typed.__all__
        assert getattr(sagemaker_typed, name) is getattr(_errors, name)


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
for heavy in ("moto", "sagemaker_typed._shapes"):
    assert heavy not in sys.modules, heavy
"""
    subprocess.run([sys.executable, "-c", code], check=True)
