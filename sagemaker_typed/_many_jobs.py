"""Waiting on many training jobs: one listing per round, a describe per job that ended.

A sans-I/O machine (see ``_machine``): the sync client iterates it with
``_machine.iterate`` / ``_machine.run``, the async client with ``aiterate`` / ``arun``.

Per round it lists the watched jobs' creation-time window (ListTrainingJobs, filtered
by the names' common prefix, 100 per page, boundaries checked on the client), or a
tuning job's children (ListTrainingJobsForHyperParameterTuningJob), and describes only
the jobs the listing shows ended: a round costs its pages, not one call per job. When
the listing's pages outnumber the jobs still running (a busy account), it describes
those jobs instead. Calls of one wait are paced (at most 4 a second, ListTrainingJobs
at most 2, the service's quota for it), faults back off and retry the same call.
"""

from __future__ import annotations

import datetime
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any, Literal, Protocol

import attrs

from sagemaker_typed._base_client import NOT_FOUND_GRACE_SECONDS
from sagemaker_typed._errors import (
    ResourceNotFoundError,
    SageMakerTypedError,
    ServiceError,
    TransportError,
    WaiterTimeoutError,
)
from sagemaker_typed._machine import Call, Emit, Machine, Now, Sleep
from sagemaker_typed._poll_policy import PollPolicy
from sagemaker_typed._waiters import _passing
from sagemaker_typed.models import (
    DescribeHyperParameterTuningJobResponse,
    DescribeTrainingJobResponse,
    ListTrainingJobsForHyperParameterTuningJobRequest,
    ListTrainingJobsForHyperParameterTuningJobResponse,
    ListTrainingJobsRequest,
    ListTrainingJobsResponse,
)


class _Creations(Protocol):
    """What a wait reads of its client (memory, no I/O): what it created a moment ago."""

    def created_recently(self, resource: str, name: str) -> bool: ...


__all__ = ["training_jobs_as_completed", "wait_for_training_jobs"]

logger = logging.getLogger("sagemaker_typed")

# Statuses after which a training job does nothing more. Deleting is one too: the
# single-job waiter raises on it, here the caller reads the status.
ENDED = frozenset({"Completed", "Stopped", "Failed", "Deleting"})
TUNING_ENDED = frozenset({"Completed", "Stopped", "Failed", "Deleting", "DeleteFailed"})
PAGE_SIZE = 100
# The service may compare creation times exclusively and round them; moto includes
# the boundaries. The window is widened by this much; what a page holds is matched to
# the watched jobs by name on the client.
WINDOW_MARGIN = datetime.timedelta(seconds=1)
CALL_INTERVAL = 0.25  # at most 4 calls a second from one wait
LIST_INTERVAL = 0.5  # ListTrainingJobs: 2 requests a second per account, not adjustable
_NAME_CONTAINS = re.compile(r"[a-zA-Z0-9\-]{1,63}")


@attrs.define
class _Job:
    """A watched job, as far as the wait knows it."""

    name: str
    created: datetime.datetime | None = None  # from a listing or a describe
    not_found_until: float | None = None  # end of the not-found grace, once granted


@attrs.define
class _Pace:
    """When this wait may make its next call, and its next ListTrainingJobs call."""

    next_call: float = float("-inf")
    next_list: float = float("-inf")

    def wait(self, now: float, listing: bool) -> float:
        return max(self.next_call - now, (self.next_list - now) if listing else 0.0, 0.0)

    def book(self, at: float, listing: bool) -> None:
        self.next_call = at + CALL_INTERVAL
        if listing:
            self.next_list = at + LIST_INTERVAL


class _Wait:
    """The state of one wait on many jobs; :meth:`run` is its machine."""

    def __init__(
        self,
        client: _Creations,
        names: list[str] | None,
        tuning_job: str | None,
        timeout: float | None,
        poll: PollPolicy,
        progress: bool,
    ) -> None:
        self._client = client
        self._timeout = timeout
        self._poll = poll
        self._progress = progress
        # Watched jobs not delivered yet, in the order given (or found).
        self._pending: dict[str, _Job] = {name: _Job(name) for name in names or ()}  # no repeats
        self._total = len(self._pending)
        self._ended: dict[str, int] = {}  # status -> how many delivered
        self._delivered: set[str] = set()
        self._tuning = None if tuning_job is None else _Job(tuning_job)
        self._prefix = _common_prefix(names or ())
        self._describing = False  # fallen back to describing each running job
        self._pace = _Pace()
        self._started = 0.0
        self._deadline: float | None = None

    # -- the machine -------------------------------------------------------------------

    def run(self) -> Machine[None]:
        """Emit each watched job's final description as it ends."""
        self._started = yield Now()
        if self._timeout is not None:
            self._deadline = self._started + self._timeout
        self._report(self._started)
        delays = self._poll.delays()
        round_started = self._started
        first = True
        while True:
            if self._tuning is not None:
                if (yield from self._tuning_round()):
                    return
            else:
                if first:
                    yield from self._discover()
                elif self._describing:
                    yield from self._describe_round()
                else:
                    yield from self._list_round()
                if not self._pending:
                    return
            first = False
            now = yield Now()
            if self._deadline is not None and now >= self._deadline:
                raise self._timed_out(None)
            # A round sees an end once its listing is complete: start the next one early
            # by this one's length, so that it ends about a poll delay after this one
            # and an end is seen within the delay. The last round runs at the deadline.
            rest = round_started + next(delays) - (now - round_started) - now
            if self._deadline is not None:
                rest = min(rest, self._deadline - now)
            if rest > 0:
                yield Sleep(rest)
            round_started = yield Now()

    def _discover(self) -> Machine[None]:
        """First round: find the jobs in the newest pages of the listing, describe the
        ones it does not show within as many pages as describing them would cost."""
        unseen = dict(self._pending)
        pages = 0
        token: str | None = None
        while unseen and pages < len(unseen):
            page = yield from self._list_page(None, None, token, running_only=False)
            pages += 1
            for summary in page.training_job_summaries or ():
                job = unseen.pop(summary.training_job_name, None)
                if job is not None:
                    job.created = summary.creation_time
                    if summary.training_job_status in ENDED:
                        yield from self._describe(job)
            token = page.next_token
            if not token:
                break
        for job in list(unseen.values()):
            yield from self._describe(job)

    def _list_round(self) -> Machine[None]:
        """List the running jobs of the watched jobs' creation-time window; describe
        the watched jobs it no longer shows (they ended, or are stopping)."""
        windowed = {name: job for name, job in self._pending.items() if job.created is not None}
        for unseen in [job for job in self._pending.values() if job.created is None]:
            yield from self._describe(unseen)  # not visible yet: created a moment ago
        if not windowed:
            return
        created = [job.created for job in windowed.values() if job.created is not None]
        after, before = min(created) - WINDOW_MARGIN, max(created) + WINDOW_MARGIN
        running: set[str] = set()
        pages = 0
        token: str | None = None
        while True:
            page = yield from self._list_page(after, before, token, running_only=True)
            pages += 1
            running.update(summary.training_job_name for summary in page.training_job_summaries)
            token = page.next_token
            if not token:
                break
        for name, job in windowed.items():
            if name not in running:
                yield from self._describe(job)
        if pages > len(self._pending):
            logger.debug(
                "%d pages for %d running jobs: describing them instead", pages, len(self._pending)
            )
            self._describing = True

    def _describe_round(self) -> Machine[None]:
        for job in list(self._pending.values()):
            yield from self._describe(job)

    def _tuning_round(self) -> Machine[bool]:
        """Describe the tuning job, then list its children; whether all is over."""
        assert self._tuning is not None
        tuning: DescribeHyperParameterTuningJobResponse | None = yield from self._found_or_grace(
            "HyperParameterTuningJob", self._tuning
        )
        if tuning is None:
            return False  # not visible yet, within the grace
        token: str | None = None
        while True:
            request = ListTrainingJobsForHyperParameterTuningJobRequest(
                hyper_parameter_tuning_job_name=self._tuning.name,
                max_results=PAGE_SIZE,
                sort_by="CreationTime",
                sort_order="Ascending",
                next_token=token,
            )
            page: ListTrainingJobsForHyperParameterTuningJobResponse = yield from self._call(
                _page_call(
                    "ListTrainingJobsForHyperParameterTuningJob",
                    request,
                    ListTrainingJobsForHyperParameterTuningJobResponse,
                ),
                listing=False,
            )
            for summary in page.training_job_summaries or ():
                name = summary.training_job_name
                if name in self._delivered:
                    continue
                job = self._pending.get(name)
                if job is None:
                    job = self._pending[name] = _Job(name, created=summary.creation_time)
                    self._total += 1
                if summary.training_job_status in ENDED:
                    yield from self._describe(job)
            token = page.next_token
            if not token:
                break
        return tuning.hyper_parameter_tuning_job_status in TUNING_ENDED and not self._pending

    # -- calls -------------------------------------------------------------------------

    def _list_page(
        self,
        after: datetime.datetime | None,
        before: datetime.datetime | None,
        token: str | None,
        *,
        running_only: bool,
    ) -> Machine[ListTrainingJobsResponse]:
        """A page of the training jobs whose names contain the watched names' prefix:
        the running ones created in ``after``..``before``, or (to find the watched
        jobs) all of them, newest first."""
        request = ListTrainingJobsRequest(
            max_results=PAGE_SIZE,
            creation_time_after=after,
            creation_time_before=before,
            name_contains=self._prefix,
            status_equals="InProgress" if running_only else None,
            sort_by="CreationTime",
            sort_order="Ascending" if running_only else "Descending",
            next_token=token,
        )
        page: ListTrainingJobsResponse = yield from self._call(
            _page_call("ListTrainingJobs", request, ListTrainingJobsResponse), listing=True
        )
        return page

    def _describe(self, job: _Job) -> Machine[None]:
        """Describe ``job``; deliver it if it ended."""
        response: DescribeTrainingJobResponse | None = yield from self._found_or_grace(
            "TrainingJob", job
        )
        if response is None:
            return  # not visible yet, within the grace
        job.created = response.creation_time
        status = response.training_job_status
        if status not in ENDED:
            return
        del self._pending[job.name]
        self._delivered.add(job.name)
        self._ended[status] = self._ended.get(status, 0) + 1
        logger.info("training job %s: %s", job.name, status)
        self._report((yield Now()))
        yield Emit(response)

    def _found_or_grace(
        self, resource: Literal["TrainingJob", "HyperParameterTuningJob"], job: _Job
    ) -> Machine[Any]:
        """``job``'s description, or ``None`` for a ResourceNotFound within the grace of
        a job this client created a moment ago (any other one is raised)."""
        method = (
            "describe_training_job"
            if resource == "TrainingJob"
            else ("describe_hyper_parameter_tuning_job")
        )
        try:
            return (yield from self._call(Call(method, (job.name,)), listing=False))
        except ResourceNotFoundError:
            now = yield Now()
            if job.not_found_until is None and self._client.created_recently(resource, job.name):
                job.not_found_until = now + NOT_FOUND_GRACE_SECONDS
            if job.not_found_until is None or now >= job.not_found_until:
                raise
            return None

    def _call(self, call: Call, *, listing: bool) -> Machine[Any]:
        """Make ``call`` at this wait's pace; ride out throttling, 5xx and connection
        errors with the poll policy's growing delays, retrying the same call."""
        backoff: Iterator[float] | None = None
        while True:
            now = yield Now()
            pause = self._pace.wait(now, listing)
            if pause > 0:  # short, and the round in hand finishes even at the deadline
                yield Sleep(pause)
                now = yield Now()
            self._pace.book(now, listing)
            try:
                return (yield call)
            except (ServiceError, TransportError) as error:
                if not _passing(error, None, now):
                    raise
                logger.debug("%s: %s, retrying", call.method, error)
                backoff = backoff or self._poll.delays()
                yield from self._back_off(next(backoff), error)

    def _back_off(self, seconds: float, fault: SageMakerTypedError) -> Machine[None]:
        """Sleep ``seconds`` after ``fault``, never past the deadline: there it raises
        the timeout."""
        now = yield Now()
        if self._deadline is not None and now + seconds >= self._deadline:
            if self._deadline > now:
                yield Sleep(self._deadline - now)
            raise self._timed_out(fault)
        yield Sleep(seconds)

    # -- reports -----------------------------------------------------------------------

    def _timed_out(self, fault: SageMakerTypedError | None) -> WaiterTimeoutError:
        running = list(self._pending)
        shown = ", ".join(running[:10]) + (
            f" and {len(running) - 10} more" if len(running) > 10 else ""
        )
        error = WaiterTimeoutError(
            f"{len(running)} of {self._total} training jobs did not end within "
            f"{self._timeout:g} s: {shown}",
            last_response=None,
            running=running,
        )
        if fault is not None:
            error.__cause__ = fault
        return error

    def _report(self, now: float) -> None:
        """``[  3m05s] 120 of 500 training jobs ended: 5 Failed, 110 Completed, ...``"""
        if not self._progress:
            return
        minutes, seconds = divmod(int(now - self._started), 60)
        done = sum(self._ended.values())
        counts = ", ".join(f"{count} {status}" for status, count in sorted(self._ended.items()))
        line = f"[{minutes:3d}m{seconds:02d}s] {done} of {self._total} training jobs ended"
        print(f"{line}: {counts}" if counts else line, file=sys.stderr, flush=True)


def _page_call(operation: str, request: Any, response_cls: type[Any]) -> Call:
    """One page of a listing: the core's single call, validated by the client."""
    return Call("_call", (operation, request, response_cls, None))


def _common_prefix(names: Iterable[str]) -> str | None:
    """The names' common prefix, if it is a usable NameContains filter."""
    listed = list(names)
    if not listed:
        return None
    first, last = min(listed), max(listed)  # what they share, all the others share
    length = next(
        (index for index, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
        min(len(first), len(last)),
    )
    prefix = first[:length]
    return prefix if _NAME_CONTAINS.fullmatch(prefix) else None


# -- entry points ------------------------------------------------------------------------


def _checked(
    names: Iterable[str] | None, tuning_job: str | None, timeout: float | None
) -> list[str] | None:
    """``names`` as a list, once the arguments are checked."""
    if timeout is not None and not timeout >= 0:
        raise ValueError("timeout must be a non-negative number of seconds, or None")
    if isinstance(names, str):
        raise TypeError("names must be a collection of job names, not one string")
    if (names is None) == (tuning_job is None):
        raise TypeError("pass the jobs' names or tuning_job, one of the two")
    if names is None:
        return None
    listed = list(names)
    for name in listed:
        if not isinstance(name, str):
            raise TypeError(f"job names must be strings, not {type(name).__name__}")
    return listed


def training_jobs_as_completed(
    client: _Creations,
    names: Iterable[str] | None,
    *,
    tuning_job: str | None,
    timeout: float | None,
    poll: PollPolicy | None,
    progress: bool,
) -> Machine[None]:
    """The machine emitting each job's final description as it ends (see the client)."""
    listed = _checked(names, tuning_job, timeout)
    return _Wait(client, listed, tuning_job, timeout, poll or PollPolicy(), progress).run()


def wait_for_training_jobs(
    client: _Creations,
    names: Iterable[str] | None,
    *,
    tuning_job: str | None,
    timeout: float | None,
    poll: PollPolicy | None,
    progress: bool,
) -> Machine[list[DescribeTrainingJobResponse]]:
    """The machine returning every job's final description, in the given order (a tuning
    job's children in creation order)."""
    given = _checked(names, tuning_job, timeout)
    wait = _Wait(client, given, tuning_job, timeout, poll or PollPolicy(), progress)
    return _in_order(wait.run(), given)


def _in_order(
    machine: Machine[None], names: list[str] | None
) -> Machine[list[DescribeTrainingJobResponse]]:
    ended = yield from _collected(machine)
    if names is None:
        return sorted(ended.values(), key=lambda job: (job.creation_time, job.training_job_name))
    return [ended[name] for name in names]


def _collected(machine: Machine[None]) -> Machine[dict[str, DescribeTrainingJobResponse]]:
    """Run ``machine``'s effects through, keeping what it emits by job name."""
    ended: dict[str, DescribeTrainingJobResponse] = {}
    reply: Any = None
    error: BaseException | None = None
    while True:
        try:
            effect = machine.send(reply) if error is None else machine.throw(error)
        except StopIteration:
            return ended
        reply, error = None, None
        if isinstance(effect, Emit):
            ended[effect.value.training_job_name] = effect.value
            continue
        try:
            reply = yield effect
        except Exception as raised:
            error = raised
