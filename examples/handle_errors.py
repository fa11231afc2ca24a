"""What goes wrong, and the typed error that tells you.

Every error of the SDK is a ``SageMakerTypedError``. The ones shown here:

- ``RequestValidationError``: the request breaks the service model's rules; nothing
  was sent. ``errors`` lists every problem by its path.
- ``ResourceNotFoundError``: no resource of that name.
- ``ServiceValidationError``: the service refused the request (here: stopping a job
  that has already finished).
- ``UnexpectedStateError``: a waiter's target can no longer be reached.
- ``WaiterTimeoutError``: a waiter's timeout passed first.

``main`` runs them on the local backend (moto) with a fake clock::

    python examples/handle_errors.py
"""

from __future__ import annotations

import argparse
import sys

import attrs

from sagemaker_typed import (
    RequestValidationError,
    ResourceNotFoundError,
    SageMakerClient,
    SageMakerTypedError,
    ServiceError,
    ServiceValidationError,
    UnexpectedStateError,
    WaiterTimeoutError,
)
from sagemaker_typed.models import (
    AlgorithmSpecification,
    CreateNotebookInstanceRequest,
    CreateTrainingJobRequest,
    OutputDataConfig,
    ResourceConfig,
    StoppingCondition,
)
from sagemaker_typed.testing import FakeClock, hold_in_progress, local_sagemaker

ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerRole"

REQUEST = CreateTrainingJobRequest(
    training_job_name="errors-demo",
    role_arn=ROLE_ARN,
    algorithm_specification=AlgorithmSpecification(
        training_image="123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1",
        training_input_mode="File",
    ),
    output_data_config=OutputDataConfig(s3_output_path="s3://my-bucket/output"),
    resource_config=ResourceConfig(
        instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=10
    ),
    stopping_condition=StoppingCondition(max_runtime_in_seconds=3600),
)


def invalid_request(sm: SageMakerClient) -> None:
    """Client-side validation: every problem at once, by path, before any call."""
    bad = attrs.evolve(
        REQUEST,
        training_job_name="my job!",  # spaces and "!" are not allowed
        stopping_condition=StoppingCondition(max_runtime_in_seconds=0),  # at least 1
    )
    try:
        sm.create_training_job(bad)
    except RequestValidationError as error:
        for path, problem in error.errors:
            print(f"invalid: {path}: {problem}")


def not_found(sm: SageMakerClient) -> None:
    try:
        sm.describe_training_job("no-such-job")
    except ResourceNotFoundError as error:
        # Every ServiceError carries the service's code, message and request id.
        print(f"not found: {error.operation} {error.code} (request id {error.request_id})")


def refused(sm: SageMakerClient) -> None:
    sm.create_training_job(REQUEST)
    sm.wait_for_training_job(REQUEST.training_job_name)
    try:
        sm.stop_training_job(REQUEST.training_job_name)
    except ServiceValidationError as error:
        print(f"refused: {error.message}")


def unreachable(sm: SageMakerClient) -> None:
    """Waiting for InService on a stopped notebook instance fails fast."""
    sm.create_notebook_instance(
        CreateNotebookInstanceRequest(
            notebook_instance_name="errors-demo", instance_type="ml.t3.medium", role_arn=ROLE_ARN
        )
    )
    sm.wait_for_notebook_instance("errors-demo")
    sm.stop_notebook_instance("errors-demo")
    sm.wait_for_notebook_instance("errors-demo", target="Stopped")
    try:
        sm.wait_for_notebook_instance("errors-demo", target="InService")
    except UnexpectedStateError as error:
        print(f"unreachable: status {error.status}, wanted {error.target}")


def timed_out(sm: SageMakerClient) -> None:
    """A job that runs longer than we are willing to wait."""
    created = sm.create_training_job(attrs.evolve(REQUEST, training_job_name="long-job"))
    hold_in_progress(created.training_job_arn)  # local backend only: keep it running past 600 s
    try:
        sm.wait_for_training_job("long-job", timeout=600)
    except WaiterTimeoutError as error:
        last = error.last_response
        status = last.training_job_status if last is not None else "never described"
        print(f"timed out: still {status} after 600 s")
        sm.stop_training_job("long-job")
        stopped = sm.wait_for_training_job("long-job")
        print(f"stopped it: {stopped.training_job_status}")


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None).parse_args(
        argv
    )
    with local_sagemaker(clock=FakeClock()) as sm:
        for step in (invalid_request, not_found, refused, unreachable, timed_out):
            try:
                step(sm)
            except ServiceError as error:  # anything else the service said
                print(f"unexpected service error {error.code}: {error.message}")
                return 1
            except SageMakerTypedError as error:  # anything else of the SDK
                print(f"unexpected error: {error}")
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
