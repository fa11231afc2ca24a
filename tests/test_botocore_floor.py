"""The client on the installed botocore, whichever it is: every covered operation over
HTTP against moto's server, and members an older botocore lacks refused by name.

``make test`` runs this module twice: in ``.venv`` (the pinned botocore the models are
generated from) and in ``.venv-floor`` (the oldest boto3 and botocore the package
allows, ``BOTOCORE_FLOOR`` in the Makefile), which holds no moto: there, moto's server
runs in a child process of the interpreter ``SAGEMAKER_TYPED_MOTO_PYTHON`` names.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import botocore
import pytest

import sagemaker_typed as st
from sagemaker_typed import SageMakerClient, models
from sagemaker_typed._converters import BOTOCORE_VERSION
from tests.requests import notebook_request, training_job_request, tuning_job_request

ROOT = Path(__file__).resolve().parents[1]
MOTO_PYTHON = "SAGEMAKER_TYPED_MOTO_PYTHON"
FLOOR_RUN = MOTO_PYTHON in os.environ  # set by ``make test`` for the floor's run
SERVE = (
    "import sys\n"
    "from tests.moto_server import running_moto_server\n"
    "with running_moto_server() as url:\n"
    "    print(url, flush=True)\n"
    "    sys.stdin.read()\n"
)


@pytest.fixture(scope="module")
def sm() -> Iterator[SageMakerClient]:
    """A client this SDK builds, on moto's server in a child process."""
    python = os.environ.get(MOTO_PYTHON, sys.executable)
    server = subprocess.Popen(
        [python, "-c", SERVE], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdin is not None
    assert server.stdout is not None
    try:
        url = server.stdout.readline().strip()
        assert url, f"moto's server did not start ({server.wait()})"
        session = boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
        )
        yield SageMakerClient(session=session, endpoint_url=url)
    finally:
        server.stdin.close()
        server.wait(timeout=60)
        server.stdout.close()


def test_training_jobs(sm: SageMakerClient) -> None:
    created = sm.create_training_job(training_job_request("floor-job"))
    job = sm.describe_training_job("floor-job")
    assert job.training_job_arn == created.training_job_arn
    assert job.training_job_status == "Completed"
    assert [s.training_job_name for s in sm.list_training_jobs(name_contains="floor-")] == [
        "floor-job"
    ]
    with pytest.raises(st.ServiceValidationError):
        sm.stop_training_job("floor-job")  # Completed
    with pytest.raises(st.ServiceValidationError):
        sm.update_training_job(models.UpdateTrainingJobRequest(training_job_name="floor-job"))
    sm.add_tags(created.training_job_arn, [models.Tag(key="team", value="ml")])
    assert list(sm.list_tags(created.training_job_arn)) == [models.Tag(key="team", value="ml")]
    sm.delete_tags(created.training_job_arn, ["team"])
    assert list(sm.list_tags(created.training_job_arn)) == []


def test_tuning_jobs(sm: SageMakerClient) -> None:
    created = sm.create_hyper_parameter_tuning_job(tuning_job_request("floor-tuning"))
    tuning = sm.describe_hyper_parameter_tuning_job("floor-tuning")
    assert tuning.hyper_parameter_tuning_job_arn == created.hyper_parameter_tuning_job_arn
    listed = sm.list_hyper_parameter_tuning_jobs(name_contains="floor-")
    assert [s.hyper_parameter_tuning_job_name for s in listed] == ["floor-tuning"]
    # The local backend's tuning job launched its 4 trials (at once: moves take no time).
    trials = list(sm.list_training_jobs_for_hyper_parameter_tuning_job("floor-tuning"))
    assert len(trials) == 4
    assert {t.training_job_status for t in trials} == {"Completed"}
    with pytest.raises(st.ServiceValidationError):
        sm.stop_hyper_parameter_tuning_job("floor-tuning")  # Completed


def test_notebook_instances_and_lifecycle_configs(sm: SageMakerClient) -> None:
    hook = models.NotebookInstanceLifecycleHook(content=base64.b64encode(b"true").decode())
    sm.create_notebook_instance_lifecycle_config(
        models.CreateNotebookInstanceLifecycleConfigRequest(
            notebook_instance_lifecycle_config_name="floor-lc", on_start=[hook]
        )
    )
    sm.update_notebook_instance_lifecycle_config(
        models.UpdateNotebookInstanceLifecycleConfigRequest(
            notebook_instance_lifecycle_config_name="floor-lc", on_create=[hook]
        )
    )
    assert sm.describe_notebook_instance_lifecycle_config("floor-lc").on_create == [hook]
    configs = sm.list_notebook_instance_lifecycle_configs(name_contains="floor-")
    assert [c.notebook_instance_lifecycle_config_name for c in configs] == ["floor-lc"]

    sm.create_notebook_instance(notebook_request("floor-nb"))
    assert sm.describe_notebook_instance("floor-nb").notebook_instance_status == "InService"
    url = sm.create_presigned_notebook_instance_url("floor-nb").authorized_url
    assert (url or "").startswith("https://floor-nb.notebook.")
    sm.stop_notebook_instance("floor-nb")
    sm.update_notebook_instance(
        models.UpdateNotebookInstanceRequest(notebook_instance_name="floor-nb", volume_size_in_gb=9)
    )
    sm.start_notebook_instance("floor-nb")
    listed = sm.list_notebook_instances(name_contains="floor-")
    assert [s.notebook_instance_name for s in listed] == ["floor-nb"]
    sm.stop_notebook_instance("floor-nb")
    sm.delete_notebook_instance("floor-nb")
    sm.delete_notebook_instance_lifecycle_config("floor-lc")
    with pytest.raises(st.ResourceNotFoundError):
        sm.describe_notebook_instance_lifecycle_config("floor-lc")


def test_a_member_the_installed_botocore_lacks_is_refused_by_name(sm: SageMakerClient) -> None:
    """``WarmPoolStatusEquals`` came with warm pools (2022), after the floor."""
    installed = sm.boto_client.meta.service_model.operation_model("ListTrainingJobs").input_shape
    assert installed is not None
    known = "WarmPoolStatusEquals" in installed.members
    if FLOOR_RUN:
        assert not known  # so that the floor run does exercise the refusal
    if known:
        assert list(sm.list_training_jobs(warm_pool_status_equals="Available")) == []
        return
    assert botocore.__version__ != BOTOCORE_VERSION
    with pytest.raises(st.RequestValidationError, match="warm_pool_status_equals") as caught:
        list(sm.list_training_jobs(warm_pool_status_equals="Available"))  # before the first page
    assert f"installed botocore {botocore.__version__}" in str(caught.value)
