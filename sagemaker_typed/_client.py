"""``SageMakerClient``: the typed operations and the waiters on one object."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Literal

from sagemaker_typed._operations import Operations
from sagemaker_typed._poll_policy import PollPolicy
from sagemaker_typed._results import TuningJobResults, read_tuning_job_results
from sagemaker_typed.models import (
    DescribeHyperParameterTuningJobResponse,
    DescribeNotebookInstanceResponse,
    DescribeTrainingJobResponse,
)

__all__ = ["SageMakerClient"]

NOTEBOOK_TIMEOUT_SECONDS = 1800.0


class SageMakerClient(Operations):
    """A typed SageMaker client on top of boto3.

    ``SageMakerClient()`` builds a boto3 client from a private session (boto3's default
    session is not thread-safe) with botocore's ``standard`` retries;
    ``SageMakerClient(boto_client=client)`` wraps one you have. Every method validates
    its request before sending (``validate=False`` to skip, here or per call), returns
    typed responses whose ``response_metadata`` holds the request id, and raises the
    ``SageMakerTypedError`` subclasses. One instance is safe to share across threads.

    The ``wait_for_*`` methods describe a resource until it reaches its target and
    return the last description. What they share:

    - ``timeout`` (seconds, ``None`` for no limit) runs on the client's ``clock``, as do
      the waits between polls, which never run past it: then ``WaiterTimeoutError``,
      whose ``last_response`` is the last description seen. botocore's own retries
      inside one Describe call wait in real time, outside the clock.
    - ``poll`` sets the delays between polls (default ``PollPolicy()``: 5 s growing to
      30 s, slightly jittered).
    - ``on_change(response)`` is called on the first description and on every change
      of status or secondary status; ``progress=True`` prints a line for each to
      stderr (``[  3m05s] InProgress / Training — Training in progress.``). Changes are
      also logged on the ``sagemaker_typed`` logger at INFO.
    - Throttling, 5xx and connection errors while polling are retried with backoff
      until the timeout. A resource this client created in the last minute may not be
      visible yet: its ResourceNotFoundError is retried for up to 30 s. For any other
      name it is raised at once, as is any other error.
    - A status this SDK does not know (one newer than its service model) means wait.
    - Waits started together on one client (one per thread, say) spread their first
      polls over a second, so they neither burst at once nor poll in step; a lone wait,
      or one started after the others ended, polls at once.
    """

    def wait_for_training_job(
        self,
        name: str,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeTrainingJobResponse], None] | None = None,
        progress: bool = False,
    ) -> DescribeTrainingJobResponse:
        """Wait until training job ``name`` is Completed or Stopped; return its description.

        Raises ``TrainingJobFailedError`` (with ``failure_reason``) if it fails, and
        ``UnexpectedStateError`` if it is being deleted. No timeout by default: the
        job's own stopping condition bounds it. A secondary status that began and
        ended between two polls is still reported, in order, from
        ``SecondaryStatusTransitions``: ``on_change`` then gets the latest description
        as it read in that state (secondary status and transitions up to it, status
        InProgress, or Stopping for Stopping). Waits run on the client's ``clock``;
        botocore's retry backoff inside one call is real time, outside it.
        """
        from sagemaker_typed import _machine, _waiters  # on first use: see _poll_policy

        machine = _waiters.wait_for_training_job(
            self, name, timeout=timeout, poll=poll, on_change=on_change, progress=progress
        )
        return _machine.run(machine, self, self.clock)

    def wait_for_hyper_parameter_tuning_job(
        self,
        name: str,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeHyperParameterTuningJobResponse], None] | None = None,
        progress: bool = False,
    ) -> DescribeHyperParameterTuningJobResponse:
        """Wait until tuning job ``name`` is Completed or Stopped; return its description.

        Raises ``TuningJobFailedError`` (with ``failure_reason``) if it fails, and
        ``UnexpectedStateError`` if it is being deleted (Deleting, DeleteFailed). No
        timeout by default: the job's resource limits bound it. Waits run on the
        client's ``clock``; botocore's retry backoff inside one call is real time,
        outside it.
        """
        from sagemaker_typed import _machine, _waiters  # on first use: see _poll_policy

        machine = _waiters.wait_for_hyper_parameter_tuning_job(
            self, name, timeout=timeout, poll=poll, on_change=on_change, progress=progress
        )
        return _machine.run(machine, self, self.clock)

    def wait_for_notebook_instance(
        self,
        name: str,
        *,
        target: Literal["InService", "Stopped"] = "InService",
        since: datetime.datetime | None = None,
        timeout: float | None = NOTEBOOK_TIMEOUT_SECONDS,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeNotebookInstanceResponse], None] | None = None,
        progress: bool = False,
    ) -> DescribeNotebookInstanceResponse:
        """Wait until notebook instance ``name`` is ``target``; return its description.

        ``target="Stopped"`` is also where an update ends. Raises
        ``NotebookInstanceFailedError`` if it fails, and ``UnexpectedStateError`` once
        the target is out of reach: Stopped, Stopping or Deleting when InService is
        wanted, Deleting when Stopped is wanted. Right after a start, stop or update
        the service can still show the old status, so such a status counts only once
        it has held for two polls and 10 s. Pass ``since``, the time of your update
        (or start) call, to ignore a Stopped last modified before it, so the wait does
        not end before the update has begun (a naive datetime is local time). Times
        out after 30 minutes by default. Waits run on the client's ``clock``;
        botocore's retry backoff inside one call is real time, outside it.
        """
        from sagemaker_typed import _machine, _waiters  # on first use: see _poll_policy

        machine = _waiters.wait_for_notebook_instance(
            self,
            name,
            target=target,
            since=since,
            timeout=timeout,
            poll=poll,
            on_change=on_change,
            progress=progress,
        )
        return _machine.run(machine, self, self.clock)

    def wait_for_notebook_instance_deleted(
        self,
        name: str,
        *,
        timeout: float | None = NOTEBOOK_TIMEOUT_SECONDS,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeNotebookInstanceResponse | None], None] | None = None,
        progress: bool = False,
    ) -> None:
        """Wait until notebook instance ``name`` no longer exists.

        Returns once describing it answers ResourceNotFound; ``on_change`` then gets
        ``None``. Raises ``NotebookInstanceFailedError`` if it shows Failed, and
        ``UnexpectedStateError`` if it shows InService or Stopped (nothing deletes it
        from there but a call of yours), each only once the status has held for two
        polls and 10 s, as the service can show the old status right after the delete
        call. Times out after 30 minutes by default. Waits run on the client's
        ``clock``; botocore's retry backoff inside one call is real time, outside it.
        """
        from sagemaker_typed import _machine, _waiters  # on first use: see _poll_policy

        machine = _waiters.wait_for_notebook_instance_deleted(
            self, name, timeout=timeout, poll=poll, on_change=on_change, progress=progress
        )
        _machine.run(machine, self, self.clock)

    def tuning_job_results(self, name: str, *, include_parents: bool = False) -> TuningJobResults:
        """Tuning job ``name``'s trials, best first, with its description.

        Reads every training job the tuning job launched (one list call per page of
        100, no cap), so it also works while the tuning job runs: the trials finished
        so far have their objective values. Sorted by the objective's own direction
        (Minimize: lowest first), ties by name; trials without an objective value
        (failed, stopped early, still running) last. ``.best`` is the trial the service
        names as the best training job. With ``include_parents=True`` the trials of the
        warm-start parent tuning jobs come too (transitively), each with its
        ``tuning_job``.
        """
        from sagemaker_typed import _machine

        machine = read_tuning_job_results(name, include_parents=include_parents)
        return _machine.run(machine, self, self.clock)
