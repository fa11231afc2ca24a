"""A notebook instance from creation to deletion, with a waiter after every step.

``lifecycle(sm, name)`` works with any ``SageMakerClient``; ``main`` runs it on the
local backend (moto) with a fake clock, so it takes no AWS account and no real time::

    python examples/notebook_lifecycle.py

A notebook instance goes Pending -> InService on creation and on start,
Stopping -> Stopped on stop, Updating -> Stopped on update (only a Stopped instance
can be updated or deleted) and Deleting -> gone on delete.
"""

from __future__ import annotations

import argparse
import datetime
import sys

from sagemaker_typed import SageMakerClient, UnexpectedStateError
from sagemaker_typed.models import (
    CreateNotebookInstanceRequest,
    DescribeNotebookInstanceResponse,
    UpdateNotebookInstanceRequest,
)
from sagemaker_typed.testing import FakeClock, local_sagemaker

ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerRole"


def lifecycle(sm: SageMakerClient, name: str) -> list[str]:
    """Create, stop, update, start, stop and delete notebook instance ``name``.

    Returns every status the waiters saw, in order.
    """
    seen: list[str] = []

    def record(response: DescribeNotebookInstanceResponse | None) -> None:
        # Called on the first description and on every change of status.
        seen.append("gone" if response is None else str(response.notebook_instance_status))

    sm.create_notebook_instance(
        CreateNotebookInstanceRequest(
            notebook_instance_name=name, instance_type="ml.t3.medium", role_arn=ROLE_ARN
        )
    )
    nb = sm.wait_for_notebook_instance(name, on_change=record)
    print(f"created: {nb.notebook_instance_status}, {nb.instance_type}, {nb.url}")

    sm.stop_notebook_instance(name)
    sm.wait_for_notebook_instance(name, target="Stopped", on_change=record)

    # The instance is already Stopped and an update ends in Stopped: `since` makes the
    # waiter ignore a Stopped whose LastModifiedTime is older than the update call.
    since = datetime.datetime.now(datetime.UTC)
    sm.update_notebook_instance(
        UpdateNotebookInstanceRequest(
            notebook_instance_name=name, instance_type="ml.t3.large", volume_size_in_gb=20
        )
    )
    nb = sm.wait_for_notebook_instance(name, target="Stopped", since=since, on_change=record)
    print(f"updated: {nb.notebook_instance_status}, {nb.instance_type}, {nb.volume_size_in_gb} GB")

    # Waiting for InService on a Stopped instance cannot succeed: the waiter says so
    # (once the status has held for two polls and 10 s) instead of polling for 30 minutes.
    try:
        sm.wait_for_notebook_instance(name, target="InService")
    except UnexpectedStateError as error:
        print(f"as expected: {error}")

    sm.start_notebook_instance(name)
    nb = sm.wait_for_notebook_instance(name, on_change=record)
    print(f"started: {nb.notebook_instance_status}")

    sm.stop_notebook_instance(name)
    sm.wait_for_notebook_instance(name, target="Stopped", on_change=record)
    sm.delete_notebook_instance(name)
    sm.wait_for_notebook_instance_deleted(name, on_change=record)
    print("deleted")
    return seen


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None).parse_args(
        argv
    )
    with local_sagemaker(clock=FakeClock()) as sm:
        seen = lifecycle(sm, "lifecycle-demo")
    print("statuses seen: " + " -> ".join(seen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
