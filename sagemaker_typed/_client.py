"""``SageMakerClient``: the typed operations and the waiters on one object."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal

from sagemaker_typed._base_client import DEFAULT_DRAIN_SECONDS
from sagemaker_typed._operations import Operations

if TYPE_CHECKING:  # annotations only: the models load on first use
    from sagemaker_typed.models import (
        DescribeHyperParameterTuningJobResponse,
        DescribeNotebookInstanceResponse,
        DescribeTrainingJobResponse,
    )

if TYPE_CHECKING:  # attrs classes: they load when first used (see _poll_policy)
    from sagemaker_typed._cloudwatch_models import GetMetricDataRequest, GetMetricDataResponse
    from sagemaker_typed._log_event import LogEvent
    from sagemaker_typed._logs import LogReader
    from sagemaker_typed._logs_models import (
        DescribeLogStreamsRequest,
        DescribeLogStreamsResponse,
        GetLogEventsRequest,
        GetLogEventsResponse,
    )
    from sagemaker_typed._metrics import MetricCurves
    from sagemaker_typed._poll_policy import PollPolicy
    from sagemaker_typed._results import TuningJobResults

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

    def training_job_logs(
        self,
        name: str,
        *,
        follow: bool = False,
        start_time: datetime.datetime | None = None,
        position: str | None = None,
        drain_seconds: float = DEFAULT_DRAIN_SECONDS,
    ) -> LogReader:
        """The log lines of training job ``name``, from CloudWatch Logs, as they come.

        Each line is a :class:`LogEvent` (``timestamp``, ``ingestion_time``,
        ``message``, ``host``, ``stream``), exactly once, in timestamp order across the
        job's hosts and in write order within each. Without ``follow``, the reader
        returns what the log holds now; with ``follow=True`` it reads on while the job
        runs (a round every 10 s, on the client's ``clock``) and, once the job has
        ended, for ``drain_seconds`` more (lines reach CloudWatch after the status
        changes), then stops; a job that ended longer ago than that is read once.

        ``start_time`` skips lines written before it. ``reader.position`` is a string
        that ``position=`` takes to read on exactly after the last line returned, in
        this process or another. A job that has not written yet has no lines (not an
        error); a job that does not exist raises ``ResourceNotFoundError`` on the
        first ``next()``. Throttling and connection errors are waited out and the same
        page asked again: nothing is lost or repeated. Reading is lazy: calls happen as
        you iterate.

        Stream discovery (DescribeLogStreams, limited to 5 calls per second for the
        whole account) runs until every host has a stream, again after instances
        restart, and once at the end; each stream costs one GetLogEvents a round while
        it has lines, fewer while it is quiet.
        """
        from sagemaker_typed import _logs
        from sagemaker_typed._machine import iterate

        follower = _logs.LogFollower(
            name, start_time=start_time, position=position, drain_seconds=drain_seconds
        )
        return _logs.LogReader(follower, iterate(follower.follow(follow=follow), self, self.clock))

    def _describe_log_streams(
        self, request: DescribeLogStreamsRequest
    ) -> DescribeLogStreamsResponse:
        """CloudWatch Logs' DescribeLogStreams, for the log reader's machine."""
        from sagemaker_typed._logs_models import DescribeLogStreamsResponse

        return self._call(
            "DescribeLogStreams", request, DescribeLogStreamsResponse, None, via=self.logs_client
        )

    def _get_log_events(self, request: GetLogEventsRequest) -> GetLogEventsResponse:
        """CloudWatch Logs' GetLogEvents, for the log reader's machine."""
        from sagemaker_typed._logs_models import GetLogEventsResponse

        return self._call("GetLogEvents", request, GetLogEventsResponse, None, via=self.logs_client)

    def _get_metric_data(self, request: GetMetricDataRequest) -> GetMetricDataResponse:
        """CloudWatch's GetMetricData, for the metric reader's machine."""
        from sagemaker_typed._cloudwatch_models import GetMetricDataResponse

        return self._call(
            "GetMetricData", request, GetMetricDataResponse, None, via=self.cloudwatch_client
        )

    def wait_for_training_job(
        self,
        name: str,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        on_change: Callable[[DescribeTrainingJobResponse], None] | None = None,
        progress: bool = False,
        logs: bool = False,
        on_log: Callable[[LogEvent], None] | None = None,
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

        ``logs=True`` reads the job's CloudWatch log lines while waiting (as
        :meth:`training_job_logs` does: every 10 s, and for 30 s after the end) and
        shows them where progress goes, prefixed by host when there are several;
        ``on_log`` gets each :class:`LogEvent` (and implies reading the logs). With
        ``progress=True`` the wait ends with the job's summary: training and billable
        seconds, managed-spot savings, final metrics.
        """
        from sagemaker_typed import _machine, _waiters  # on first use: see _poll_policy

        machine = _waiters.wait_for_training_job(
            self,
            name,
            timeout=timeout,
            poll=poll,
            on_change=on_change,
            progress=progress,
            logs=logs,
            on_log=on_log,
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
        from sagemaker_typed._results import read_tuning_job_results

        machine = read_tuning_job_results(name, include_parents=include_parents)
        return _machine.run(machine, self, self.clock)

    def training_job_metrics(
        self, name: str, *, metric_names: Sequence[str] | None = None
    ) -> MetricCurves:
        """Training job ``name``'s metric curves from CloudWatch, keyed by metric name.

        The metrics are those of the job's ``MetricDefinitions`` (and final metrics),
        or ``metric_names``; each series holds every point of the job's run in time
        order, one per period and host (distributed jobs report per host), however long
        the job: GetMetricData is read to its last page. The period is the finest
        CloudWatch still keeps for the job's age (1 minute for 15 days, then 5 minutes,
        then an hour). A job that has not started has empty series. The answer is a
        ``MetricCurves`` (a ``dict``, shown as a table in notebooks, with
        ``to_pandas()`` and ``plot()``). The CloudWatch client is ``cloudwatch_client``
        (see the constructor).
        """
        from sagemaker_typed import _machine
        from sagemaker_typed._metrics import read_training_job_metrics

        machine = read_training_job_metrics(
            name, metric_names=metric_names, now=datetime.datetime.now(datetime.UTC)
        )
        return _machine.run(machine, self, self.clock)

    def training_jobs_as_completed(
        self,
        names: Iterable[str] | None = None,
        *,
        tuning_job: str | None = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        progress: bool = False,
    ) -> Iterator[DescribeTrainingJobResponse]:
        """Yield each training job's final description as the job ends.

        Watch the jobs ``names``, or every training job of tuning job ``tuning_job``
        (including those it launches later, until it has ended). A job has ended once
        it is Completed, Stopped or Failed (or Deleting): nothing is raised for a failed
        job, read ``training_job_status`` and ``failure_reason``. Each round lists the
        jobs (ListTrainingJobs over the watched jobs' creation times, 100 a page, or
        ListTrainingJobsForHyperParameterTuningJob) and describes only the jobs that
        ended, so the cost of a round is its pages, not one call per job; when the
        pages outnumber the jobs still running (a busy account), it describes those
        instead. Rounds are ``poll``'s delays apart (default ``PollPolicy()``: 5 s
        growing to 30 s), a wait's calls at most 4 a second (ListTrainingJobs at most
        2, its quota). An unknown name raises ``ResourceNotFoundError`` at once (a job
        this client created in the last minute gets 30 s to become visible).
        ``timeout`` raises ``WaiterTimeoutError`` whose ``running`` lists the jobs that
        had not ended; throttling, 5xx and connection errors back off and retry.
        ``progress=True`` prints the counts to stderr as jobs end.
        """
        from sagemaker_typed import _machine, _many_jobs  # on first use: see _poll_policy

        machine = _many_jobs.training_jobs_as_completed(
            self, names, tuning_job=tuning_job, timeout=timeout, poll=poll, progress=progress
        )
        return _machine.iterate(machine, self, self.clock)

    def wait_for_training_jobs(
        self,
        names: Iterable[str] | None = None,
        *,
        tuning_job: str | None = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        progress: bool = False,
    ) -> list[DescribeTrainingJobResponse]:
        """Wait until every job has ended; return their final descriptions in the order
        of ``names`` (a tuning job's training jobs in creation order).

        The same wait as :meth:`training_jobs_as_completed`: nothing is raised for a
        Failed or Stopped job (read each status), ``WaiterTimeoutError`` on a timeout.
        """
        from sagemaker_typed import _machine, _many_jobs  # on first use: see _poll_policy

        machine = _many_jobs.wait_for_training_jobs(
            self, names, tuning_job=tuning_job, timeout=timeout, poll=poll, progress=progress
        )
        return _machine.run(machine, self, self.clock)
