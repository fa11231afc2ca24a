"""Waiters: describe a resource in a loop until it reaches its target state.

One machine, :func:`_poll`, serves every waiter: a generator of effects (see
``_machine``) that the sync client runs with ``_machine.run`` and the async client
with ``_machine.arun``. What differs between resources is a :class:`_Watch`: how to
describe the resource, how to read a response (status, secondary status, message)
and what a status means for the wait (:class:`_Verdict`). The ``wait_for_*``
functions check their arguments at once and return the machine.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar

import attrs

from sagemaker_typed._base_client import NOT_FOUND_GRACE_SECONDS
from sagemaker_typed._errors import (
    NotebookInstanceFailedError,
    ResourceNotFoundError,
    SageMakerTypedError,
    ServiceError,
    ThrottlingError,
    TrainingJobFailedError,
    TransportError,
    TuningJobFailedError,
    UnexpectedStateError,
    WaiterError,
    WaiterTimeoutError,
)
from sagemaker_typed._log_event import DEFAULT_DRAIN_SECONDS, LogEvent
from sagemaker_typed._logs import ROUND_SECONDS, LogFollower, expected_hosts
from sagemaker_typed._machine import Call, Machine, Now, Sleep
from sagemaker_typed._poll_policy import PollPolicy
from sagemaker_typed._progress import Progress, tuning_line

if TYPE_CHECKING:  # annotations only: the models load on first use
    from sagemaker_typed._operations import Operations
    from sagemaker_typed.models import (
        DescribeHyperParameterTuningJobResponse,
        DescribeNotebookInstanceResponse,
        DescribeTrainingJobResponse,
    )

# The wait_for_* functions are public through SageMakerClient's methods only.
__all__ = ["PollPolicy"]

logger = logging.getLogger("sagemaker_typed")

R = TypeVar("R")

# A ResourceNotFound right after this client created the resource is eventual
# consistency for up to this long.
# Right after a start, stop, update or delete the service can still show a notebook's
# old status, so such a status counts only once it has held this many polls and seconds.
HOLD_POLLS = 2
HOLD_SECONDS = 10.0


Outcome = Literal["done", "poll", "failed", "unreachable"]


class _Verdict(NamedTuple):
    """What a status means for the wait; ``once_held``: only once it has persisted."""

    outcome: Outcome
    once_held: bool = False


_DONE = _Verdict("done")
_POLL = _Verdict("poll")
_FAILED = _Verdict("failed")
_UNREACHABLE = _Verdict("unreachable")


@attrs.frozen
class _Reading:
    """What a response says, for reports and errors."""

    status: str
    secondary: str | None = None
    message: str | None = None
    failure_reason: str | None = None

    def summary(self) -> str:
        """``status / secondary`` (names only: what goes into the log)."""
        return f"{self.status} / {self.secondary}" if self.secondary else self.status


@attrs.frozen
class _Watch(Generic[R]):
    """One waiter's view of its resource."""

    noun: str  # "training job", for messages
    resource: str  # "TrainingJob", as BaseClient.created_recently names it
    name: str
    target: str  # what the wait is for, for messages
    describe: Callable[[], Machine[R]]
    read: Callable[[R], _Reading]
    verdict: Callable[[R], _Verdict]
    failed_error: type[TrainingJobFailedError | TuningJobFailedError | NotebookInstanceFailedError]
    # Views of the states a resource passed through between two polls (training jobs
    # list them in SecondaryStatusTransitions), oldest first.
    missed_states: Callable[[R, R], Sequence[R]] = lambda previous, current: ()
    # What a poll shows besides status changes (a tuning job's counters).
    shows: Callable[[Progress, float, R], None] = lambda reporter, elapsed, response: None
    # What the end shows (a training job's summary).
    ends: Callable[[Progress, R], None] = lambda reporter, response: None


@attrs.frozen
class _Logs:
    """A waiter's log reading: the follower, and who gets each line besides progress."""

    follower: LogFollower
    on_log: Callable[[LogEvent], None] | None


def _poll(
    client: Operations,
    watch: _Watch[R],
    *,
    timeout: float | None,
    poll: PollPolicy | None,
    on_change: Callable[[R], None] | None,
    progress: bool,
    logs: _Logs | None = None,
) -> Machine[R]:
    """Check the arguments, then the machine that describes until ``watch`` says done,
    reports changes and raises on failure or timeout. Of ``client`` it reads only
    ``created_recently`` (memory); every call and sleep is an effect. With ``logs``,
    it also reads the job's log lines between polls and for a while after the end."""
    if timeout is not None and not timeout >= 0:
        raise ValueError("timeout must be a non-negative number of seconds, or None")
    reporter = Progress(watch.noun, watch.name, show=progress)
    return _staggered(
        client,
        lambda first_delay: _polling(
            client, watch, timeout, (poll or PollPolicy()), on_change, reporter, logs, first_delay
        ),
    )


def _staggered(client: Operations, machine: Callable[[float], Machine[R]]) -> Machine[R]:
    """Run ``machine(first_delay)`` with a place among the waits on ``client``: waits
    started together spread their first polls over a second (``Stagger``)."""
    now = yield Now()
    token, first_delay = client._stagger.start(now)
    try:
        return (yield from machine(first_delay))
    finally:
        client._stagger.end(token)


def _polling(
    client: Operations,
    watch: _Watch[R],
    timeout: float | None,
    poll: PollPolicy,
    on_change: Callable[[R], None] | None,
    reporter: Progress,
    logs: _Logs | None,
    first_delay: float,
) -> Machine[R]:
    delays = poll.delays()
    started: float = yield Now()
    deadline = None if timeout is None else started + timeout
    if deadline is not None:
        first_delay = min(first_delay, deadline - started)
    if first_delay > 0:
        yield Sleep(first_delay)
    hold = _Hold()
    previous: tuple[R, _Reading] | None = None
    not_found_until: float | None = None  # end of the not-found grace, once granted
    while True:
        fault: SageMakerTypedError | None = None
        try:
            response = yield from watch.describe()
        except (ServiceError, TransportError) as error:
            now = yield Now()
            if (
                isinstance(error, ResourceNotFoundError)
                and not_found_until is None
                and client.created_recently(watch.resource, watch.name)
            ):
                not_found_until = now + NOT_FOUND_GRACE_SECONDS
            if not _passing(error, not_found_until, now):
                raise
            logger.debug("%s %s: %s while polling, retrying", watch.noun, watch.name, error)
            fault = error
        now = yield Now()
        if fault is None:
            reading = watch.read(response)
            for change in _changes(watch, previous, response, reading):
                _report(change, now - started, on_change, reporter)
            watch.shows(reporter, now - started, response)
            if logs is not None:
                yield from _read_logs(logs, reporter, response, now, first=previous is None)
            previous = (response, reading)
            outcome = hold.outcome(watch.verdict(response), reading.status, now)
            if outcome != "poll" and logs is not None:
                yield from _drain_logs(logs, reporter)
            if outcome == "done":
                watch.ends(reporter, response)
                return response
            if outcome != "poll":
                watch.ends(reporter, response)
                raise _stop_error(watch, outcome, response, reading)
        if deadline is not None and now >= deadline:
            seen = f"last seen {previous[1].summary()}" if previous else "never described"
            raise WaiterTimeoutError(
                f"{watch.noun} {watch.name} did not reach {watch.target} "
                f"within {timeout:g} s ({seen})",
                last_response=previous[0] if previous else None,
            ) from fault
        delay = next(delays)
        delay = delay if deadline is None else min(delay, deadline - now)
        if logs is None:
            yield Sleep(delay)
            continue
        # Between two polls, the logs are read on their own rounds.
        while delay > ROUND_SECONDS:
            yield Sleep(ROUND_SECONDS)
            delay -= ROUND_SECONDS
            yield from _log_round(logs, reporter)
        yield Sleep(delay)


def _read_logs(
    logs: _Logs, reporter: Progress, response: Any, now: float, *, first: bool
) -> Machine[None]:
    """Give the follower the job's latest description, then read a round of lines."""
    if first:
        logs.follower.start(response, now)
        reporter.hosts = expected_hosts(response)
    else:
        logs.follower.observe(response, now)
    yield from _log_round(logs, reporter)


def _log_round(logs: _Logs, reporter: Progress, *, final: bool = False) -> Machine[None]:
    """One round of the follower; each new line to progress and ``on_log``."""
    follower = logs.follower
    for line in (yield from follower.round(final=final)):
        event = follower.hand_out(line)
        reporter.log(event)
        if logs.on_log is not None:
            logs.on_log(event)


def _drain_logs(logs: _Logs, reporter: Progress) -> Machine[None]:
    """After the end: rounds until the drain is over, then the last round."""
    follower = logs.follower
    while True:
        now: float = yield Now()
        remaining = follower.drain_remaining(now)
        if remaining <= 0:
            break
        yield Sleep(follower.sleep_seconds(now))
        if follower.drain_remaining((yield Now())) > 0:
            yield from _log_round(logs, reporter)
    yield from _log_round(logs, reporter, final=True)


def _describe(method: str, name: str) -> Machine[Any]:
    """Describe ``name`` with the client's ``method``."""
    return (yield Call(method, (name,)))


def _passing(error: SageMakerTypedError, not_found_until: float | None, now: float) -> bool:
    """Whether ``error`` is a passing fault that polling should ride out."""
    if isinstance(error, ResourceNotFoundError):  # eventual consistency, after a create
        return not_found_until is not None and now < not_found_until
    if isinstance(error, ServiceError) and not isinstance(error, ThrottlingError):
        return (error.http_status or 0) >= 500
    return True  # throttling, connection errors and timeouts


def _stop_error(watch: _Watch[R], outcome: Outcome, response: R, reading: _Reading) -> WaiterError:
    if outcome == "failed":
        return watch.failed_error(
            f"{watch.noun} {watch.name} failed: {reading.failure_reason}",
            response=response,
            failure_reason=reading.failure_reason,
        )
    return UnexpectedStateError(
        f"{watch.noun} {watch.name} is {reading.status}, from which it cannot reach {watch.target}",
        response=response,
        status=reading.status,
        target=watch.target,
    )


def _changes(
    watch: _Watch[R], previous: tuple[R, _Reading] | None, current: R, reading: _Reading
) -> list[tuple[R, _Reading]]:
    """What to report for ``current``: the first observation, any missed states, and
    ``current`` itself when its status or secondary status changed."""
    if previous is None:
        return [(current, reading)]
    missed = [(view, watch.read(view)) for view in watch.missed_states(previous[0], current)]
    old = previous[1]
    if missed or (reading.status, reading.secondary) != (old.status, old.secondary):
        return [*missed, (current, reading)]
    return []


def _report(
    change: tuple[R, _Reading],
    elapsed: float,
    on_change: Callable[[R], None] | None,
    reporter: Progress,
) -> None:
    response, reading = change
    reporter.change(elapsed, reading.summary(), reading.message)
    if on_change is not None:
        on_change(response)


@attrs.define
class _Hold:
    """How long the latest status has held, for statuses that count once they persist."""

    status: str | None = None
    first_seen: float = 0.0
    polls: int = 0

    def outcome(self, verdict: _Verdict, status: str, now: float) -> Outcome:
        """``verdict``'s outcome, or "poll" while a status that must persist has not yet."""
        if not verdict.once_held:
            self.status = None
            return verdict.outcome
        if status != self.status:
            self.status, self.first_seen, self.polls = status, now, 0
        self.polls += 1
        held = self.polls >= HOLD_POLLS and now - self.first_seen >= HOLD_SECONDS
        return verdict.outcome if held else "poll"


# -- jobs ------------------------------------------------------------------------------


def _job_verdict(status: str, unreachable: frozenset[str]) -> _Verdict:
    if status in ("Completed", "Stopped"):
        return _DONE
    if status == "Failed":
        return _FAILED
    if status in unreachable:
        return _UNREACHABLE
    return _POLL  # InProgress, Stopping, and statuses newer than this SDK


def _read_training_job(response: DescribeTrainingJobResponse) -> _Reading:
    transitions = response.secondary_status_transitions or []
    latest = transitions[-1] if transitions else None
    message = (
        latest.status_message
        if latest is not None and latest.status == response.secondary_status
        else None
    )
    return _Reading(
        status=response.training_job_status,
        secondary=response.secondary_status,
        message=message or response.failure_reason,
        failure_reason=response.failure_reason,
    )


def _missed_training_states(
    previous: DescribeTrainingJobResponse, current: DescribeTrainingJobResponse
) -> list[DescribeTrainingJobResponse]:
    """``current`` as it read during each secondary status that began and ended
    between the two polls (the newest transition is ``current`` itself)."""
    transitions = current.secondary_status_transitions or []
    already_seen = len(previous.secondary_status_transitions or [])
    return [
        attrs.evolve(
            current,
            # A state that is over was not terminal: the job was still running.
            training_job_status="Stopping" if entry.status == "Stopping" else "InProgress",
            secondary_status=entry.status,
            secondary_status_transitions=transitions[: index + 1],
        )
        for index, entry in enumerate(transitions[:-1])
        if index >= already_seen
    ]


def wait_for_training_job(
    client: Operations,
    name: str,
    *,
    timeout: float | None,
    poll: PollPolicy | None,
    on_change: Callable[[DescribeTrainingJobResponse], None] | None,
    progress: bool,
    logs: bool = False,
    on_log: Callable[[LogEvent], None] | None = None,
    drain_seconds: float = DEFAULT_DRAIN_SECONDS,
) -> Machine[DescribeTrainingJobResponse]:
    """Wait until training job ``name`` is Completed or Stopped (see the client method)."""
    watch = _Watch(
        noun="training job",
        resource="TrainingJob",
        name=name,
        target="Completed or Stopped",
        describe=lambda: _describe("describe_training_job", name),
        read=_read_training_job,
        verdict=lambda r: _job_verdict(r.training_job_status, frozenset({"Deleting"})),
        failed_error=TrainingJobFailedError,
        missed_states=_missed_training_states,
        ends=lambda reporter, response: reporter.finish_training(response),
    )
    reading = None
    if logs or on_log is not None:
        reading = _Logs(LogFollower(name, drain_seconds=drain_seconds), on_log)
    return _poll(
        client,
        watch,
        timeout=timeout,
        poll=poll,
        on_change=on_change,
        progress=progress,
        logs=reading,
    )


def wait_for_hyper_parameter_tuning_job(
    client: Operations,
    name: str,
    *,
    timeout: float | None,
    poll: PollPolicy | None,
    on_change: Callable[[DescribeHyperParameterTuningJobResponse], None] | None,
    progress: bool,
) -> Machine[DescribeHyperParameterTuningJobResponse]:
    """Wait until tuning job ``name`` is Completed or Stopped (see the client method)."""
    watch = _Watch(
        noun="hyper-parameter tuning job",
        resource="HyperParameterTuningJob",
        name=name,
        target="Completed or Stopped",
        describe=lambda: _describe("describe_hyper_parameter_tuning_job", name),
        read=lambda r: _Reading(
            status=r.hyper_parameter_tuning_job_status,
            message=r.failure_reason or tuning_line(r),
            failure_reason=r.failure_reason,
        ),
        verdict=lambda r: _job_verdict(
            r.hyper_parameter_tuning_job_status, frozenset({"Deleting", "DeleteFailed"})
        ),
        failed_error=TuningJobFailedError,
        shows=lambda reporter, elapsed, response: reporter.tuning(elapsed, response),
    )
    return _poll(client, watch, timeout=timeout, poll=poll, on_change=on_change, progress=progress)


# -- notebook instances ----------------------------------------------------------------


def _read_notebook_instance(response: DescribeNotebookInstanceResponse | None) -> _Reading:
    if response is None:
        return _Reading(status="Deleted")
    return _Reading(
        status=response.notebook_instance_status or "",
        message=response.failure_reason,
        failure_reason=response.failure_reason,
    )


_UNREACHABLE_FROM = {
    "InService": frozenset({"Stopped", "Stopping", "Deleting"}),
    "Stopped": frozenset({"Deleting"}),
}


def _notebook_verdict(
    target: Literal["InService", "Stopped"], since: datetime.datetime | None
) -> Callable[[DescribeNotebookInstanceResponse], _Verdict]:
    # A naive datetime is local time, as datetime.now() gives it.
    since = since.astimezone(datetime.UTC) if since is not None else None
    # Once the instance has shown another status, a Stopped is new whatever its
    # LastModifiedTime says (the caller's clock may run ahead of the service's).
    left_stopped = False

    def verdict(response: DescribeNotebookInstanceResponse) -> _Verdict:
        nonlocal left_stopped
        status = response.notebook_instance_status
        modified = response.last_modified_time
        if status != "Stopped":
            left_stopped = True
        elif not left_stopped and since is not None and modified is not None and modified < since:
            return _POLL  # the Stopped from before the caller's update or start
        if status == target:
            return _DONE
        if status == "Failed":
            return _FAILED
        if status in _UNREACHABLE_FROM[target]:
            return _Verdict("unreachable", once_held=True)
        return _POLL

    return verdict


def wait_for_notebook_instance(
    client: Operations,
    name: str,
    *,
    target: Literal["InService", "Stopped"],
    since: datetime.datetime | None,
    timeout: float | None,
    poll: PollPolicy | None,
    on_change: Callable[[DescribeNotebookInstanceResponse], None] | None,
    progress: bool,
) -> Machine[DescribeNotebookInstanceResponse]:
    """Wait until notebook instance ``name`` is ``target`` (see the client method)."""
    if target not in _UNREACHABLE_FROM:
        raise ValueError(f"target must be 'InService' or 'Stopped', not {target!r}")
    watch = _Watch(
        noun="notebook instance",
        resource="NotebookInstance",
        name=name,
        target=target,
        describe=lambda: _describe("describe_notebook_instance", name),
        read=_read_notebook_instance,
        verdict=_notebook_verdict(target, since),
        failed_error=NotebookInstanceFailedError,
    )
    return _poll(client, watch, timeout=timeout, poll=poll, on_change=on_change, progress=progress)


def _deletion_verdict(response: DescribeNotebookInstanceResponse | None) -> _Verdict:
    if response is None:
        return _DONE
    status = response.notebook_instance_status
    # A Failed instance can be deleted: right after the call it may still show Failed.
    if status == "Failed":
        return _Verdict("failed", once_held=True)
    # Both end only on a call of the caller's (stop, delete), never by themselves.
    if status in ("InService", "Stopped"):
        return _Verdict("unreachable", once_held=True)
    return _POLL


def wait_for_notebook_instance_deleted(
    client: Operations,
    name: str,
    *,
    timeout: float | None,
    poll: PollPolicy | None,
    on_change: Callable[[DescribeNotebookInstanceResponse | None], None] | None,
    progress: bool,
) -> Machine[DescribeNotebookInstanceResponse | None]:
    """Wait until notebook instance ``name`` is gone (see the client method)."""

    def describe_unless_gone() -> Machine[DescribeNotebookInstanceResponse | None]:
        try:
            response: DescribeNotebookInstanceResponse = yield from _describe(
                "describe_notebook_instance", name
            )
        except ResourceNotFoundError:
            return None
        return response

    watch = _Watch(
        noun="notebook instance",
        resource="NotebookInstance",
        name=name,
        target="deleted",
        describe=describe_unless_gone,
        read=_read_notebook_instance,
        verdict=_deletion_verdict,
        failed_error=NotebookInstanceFailedError,
    )
    return _poll(client, watch, timeout=timeout, poll=poll, on_change=on_change, progress=progress)
