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
