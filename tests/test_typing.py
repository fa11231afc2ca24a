"""What mypy --strict and pyright tell a user: typed results, and their mistakes as errors.

The models load lazily at run time (a module ``__getattr__`` in ``sagemaker_typed.models``)
but type checkers see every class: a misspelt import is an error in both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from mypy import api

USER_CODE = """
from sagemaker_typed import SageMakerClient
from sagemaker_typed.models import ResourceConfig, StoppingCondition

sm = SageMakerClient()
reveal_type(sm.describe_training_job("x"))
reveal_type(sm.describe_training_job("x").training_job_status)
reveal_type(sm.list_training_jobs_for_hyper_parameter_tuning_job("t"))
ResourceConfig(instance_type="ml.m5.larg", volume_size_in_gb=5)  # misspelt enum value
ResourceConfig(instance_type="ml.m5.large", volume_size_in_gb="5")  # wrong type
StoppingCondition(max_runtime_in_seconds=1, max_wait_seconds=2)  # unknown member
ResourceConfig(volume_size_in_gb=5)  # fine: instance_type is optional here
sm.describe_training_job(42)  # wrong argument type
sm.create_training_job(ResourceConfig(volume_size_in_gb=5))  # wrong request class
from sagemaker_typed.models import ResourceConfg  # misspelt import
from sagemaker_typed.models import TrainingJobDefinition, WarmStartConfig  # aliases
reveal_type(TrainingJobDefinition)
"""


def test_mypy_strict_on_user_code(tmp_path: Path) -> None:
    path = tmp_path / "user_code.py"
    path.write_text(USER_CODE)
    stdout, _, _ = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(path)]
    )
    lines = {int(line.split(":")[1]): line for line in stdout.splitlines() if ":" in line}
    assert ".DescribeTrainingJobResponse" in lines[6]
    assert "Literal['InProgress'] | Literal['Completed'] | Literal['Failed']" in lines[7]
    assert "HyperParameterTrainingJobSummary]" in lines[8]
    assert "error" in lines[9]
    assert "instance_type" in lines[9]
    assert "error" in lines[10]
    assert "volume_size_in_gb" in lines[10]
    assert "error" in lines[11]
    assert "max_wait_seconds" in lines[11]
    assert 12 not in lines
    assert "error" in lines[13]
    assert "describe_training_job" in lines[13]
    assert "error" in lines[14]
    assert "create_training_job" in lines[14]
    assert "error" in lines[15]
    assert "ResourceConfg" in lines[15]
    assert 16 not in lines
    assert "HyperParameterTrainingJobDefinition" in lines[17]


def test_pyright_on_user_code(tmp_path: Path) -> None:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if pyright is None:
        pytest.fail("pyright is part of the dev extra: pip install -e '.[dev]'")
    path = tmp_path / "user_code.py"
    path.write_text(USER_CODE)
    config = {
        "pythonVersion": "3.11",
        "venvPath": str(Path(sys.prefix).parent),
        "venv": Path(sys.prefix).name,
        # An editable install is an import hook pyright cannot follow: name the checkout.
        "extraPaths": [str(Path(__file__).resolve().parent.parent)],
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config))
    result = subprocess.run(
        [pyright, "--outputjson", "-p", str(tmp_path / "pyrightconfig.json"), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    by_line: dict[int, list[str]] = {}
    for diagnostic in report["generalDiagnostics"]:
        line = diagnostic["range"]["start"]["line"] + 1
        by_line.setdefault(line, []).append(f"{diagnostic['severity']}: {diagnostic['message']}")
    text = {line: " ".join(messages) for line, messages in by_line.items()}
    assert "DescribeTrainingJobResponse" in text[6]
    assert "HyperParameterTrainingJobSummary" in text[8]
    for line in (9, 10, 11, 13, 14):
        assert "error" in text[line], (line, text.get(line))
    assert 12 not in text or "error" not in text[12]
    assert "error" in text[15]
    assert "ResourceConfg" in text[15]
    assert 16 not in text or "error" not in text[16]
    assert "HyperParameterTrainingJobDefinition" in text[17]


NARROWING_CODE = """
from sagemaker_typed.models import ResourceConfig, is_training_instance_type


def checked(value: str) -> ResourceConfig:
    if is_training_instance_type(value):
        return ResourceConfig(instance_type=value, instance_count=1, volume_size_in_gb=10)
    raise ValueError("not a training instance type")


def unchecked(value: str) -> ResourceConfig:
    return ResourceConfig(instance_type=value, instance_count=1, volume_size_in_gb=10)
"""


def _environment_without_typing_extensions(tmp_path: Path) -> Path:
    """A venv whose site-packages links every package of this one but typing_extensions:
    what a user has, since the package does not depend on it at run time."""
    environment = tmp_path / "venv"
    venv.create(environment, symlinks=True)
    site = Path(sysconfig.get_path("purelib"))
    user_site = Path(
        sysconfig.get_path("purelib", vars={"base": str(environment), "platbase": str(environment)})
    )
    for entry in site.iterdir():
        if not entry.name.startswith("typing_extensions"):
            (user_site / entry.name).symlink_to(entry)
    python = environment / "bin" / "python"
    missing = subprocess.run([python, "-c", "import typing_extensions"], check=False)
    assert missing.returncode != 0, "typing_extensions is importable there"
    return environment


def test_enum_guards_narrow_a_str_for_mypy_and_pyright(tmp_path: Path) -> None:
    """``is_<enum>(value)`` narrows: only the unchecked call is an error, for both, in an
    environment without typing_extensions (the guards' ``TypeIs`` is imported for type
    checkers only, which bring their own stubs of it)."""
    environment = _environment_without_typing_extensions(tmp_path)
    path = tmp_path / "narrowing.py"
    path.write_text(NARROWING_CODE)
    stdout, _, _ = api.run(
        [
            *("--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache")),
            *("--python-executable", str(environment / "bin" / "python"), str(path)),
        ]
    )
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert [int(line.split(":")[1]) for line in errors] == [12], stdout
    config = {
        "typeCheckingMode": "strict",
        "venvPath": str(tmp_path),
        "venv": environment.name,
        "extraPaths": [str(Path(__file__).parents[1])],
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config))
    done = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson", "--project", str(tmp_path), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    diagnostics = json.loads(done.stdout)["generalDiagnostics"]
    lines = [d["range"]["start"]["line"] + 1 for d in diagnostics if d["severity"] == "error"]
    assert lines == [12], diagnostics


def test_enum_guards_accept_exactly_the_values() -> None:
    from typing import get_args

    from sagemaker_typed.models import TrainingInstanceType, is_training_instance_type

    for value in get_args(TrainingInstanceType):
        assert is_training_instance_type(value)
    for other in ("ml.m5.larg", "", "ML.M5.LARGE", 5, None, ["ml.m5.large"], b"ml.m5.large"):
        assert not is_training_instance_type(other)
