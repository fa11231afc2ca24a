"""What mypy --strict tells a user: typed results, and their mistakes as errors."""

from __future__ import annotations

from pathlib import Path

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
"""


def test_mypy_strict_on_user_code(tmp_path: Path) -> None:
    path = tmp_path / "user_code.py"
    path.write_text(USER_CODE)
    stdout, _, _ = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(path)]
    )
    lines = {int(line.split(":")[1]): line for line in stdout.splitlines() if ":" in line}
    assert 'Revealed type is "sagemaker_typed.models.DescribeTrainingJobResponse"' in lines[6]
    assert "Literal['InProgress'] | Literal['Completed'] | Literal['Failed']" in lines[7]
    assert "Iterator[sagemaker_typed.models.HyperParameterTrainingJobSummary]" in lines[8]
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


NARROWING_CODE = """
from sagemaker_typed.models import ResourceConfig, is_training_instance_type


def checked(value: str) -> ResourceConfig:
    if is_training_instance_type(value):
        return ResourceConfig(instance_type=value, instance_count=1, volume_size_in_gb=10)
    raise ValueError("not a training instance type")


def unchecked(value: str) -> ResourceConfig:
    return ResourceConfig(instance_type=value, instance_count=1, volume_size_in_gb=10)
"""


def test_enum_guards_narrow_a_str_for_mypy_and_pyright(tmp_path: Path) -> None:
    """``is_<enum>(value)`` narrows: only the unchecked call is an error, for both."""
    import json
    import subprocess
    import sys

    path = tmp_path / "narrowing.py"
    path.write_text(NARROWING_CODE)
    stdout, _, _ = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(path)]
    )
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert [int(line.split(":")[1]) for line in errors] == [12], stdout
    (tmp_path / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "strict", "extraPaths": [str(Path(__file__).parents[1])]})
    )
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
