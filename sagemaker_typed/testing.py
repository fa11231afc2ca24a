"""Test support: clocks for waiters, and a local SageMaker backend on moto.

:class:`FakeClock` (one thread) and :class:`SimulatedClock` (concurrent threads or
tasks) need only the standard library. The local backend
(:class:`LocalSageMaker`, :func:`local_sagemaker`) and the job controls need the
``local`` extra (moto), which they import when called, never when this module is
imported; without it they raise an ``ImportError`` that says
``pip install "sagemaker-typed[local]"``.

The local backend plays jobs the way the service does, on the client's clock:
training jobs go through Starting, Downloading, Training and Uploading to Completed;
tuning jobs launch training jobs and follow them (counters, best training job);
stops go through Stopping; notebook instances through Pending, Stopping, Updating
and Deleting. :func:`fail_job` makes a job fail, :func:`plan_training_job` and
:func:`plan_tuning_job` set durations and objective values before a job runs, and
the ARN-based :func:`hold_in_progress`, :func:`complete_job` and
:func:`attach_training_jobs` move jobs by hand. Training jobs write their hosts'
logs to CloudWatch Logs as they run; :func:`write_training_log` adds lines.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from sagemaker_typed._local_backend.backend import LocalSageMaker, require_moto
from sagemaker_typed._local_backend.simulation import Durations
from sagemaker_typed._simulated_clock import SimulatedClock, SimulatedTimeStalled

if TYPE_CHECKING:
    from types import ModuleType

    from sagemaker_typed import SageMakerClient
    from sagemaker_typed._clock import Clock

__all__ = [
    "Durations",
    "FakeClock",
    "LocalSageMaker",
    "SimulatedClock",
    "SimulatedTimeStalled",
    "attach_training_jobs",
    "complete_job",
    "fail_job",
    "hold_in_progress",
    "local_sagemaker",
    "plan_training_job",
    "plan_tuning_job",
    "write_training_log",
]


class FakeClock:
    """A ``Clock`` whose time moves only when told to: waiting costs no real time.

    ``sleep(seconds)`` returns at once, moves the time forward by ``seconds`` and
    records the length in :attr:`sleeps`; :meth:`advance` moves it without recording.
    Safe to share between threads. ``await asleep(seconds)`` is the same sleep for
    ``AsyncSageMakerClient``.

    >>> clock = FakeClock(start=100.0)
    >>> clock.sleep(5)
    >>> clock.monotonic(), clock.sleeps
    (105.0, [5.0])
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)
        self._sleeps: list[float] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        """The fake time, in seconds."""
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        """Record the sleep and move the time forward by ``seconds``, at once."""
        _check_not_negative(seconds)
        with self._lock:
            self._sleeps.append(float(seconds))
            self._now += seconds

    async def asleep(self, seconds: float) -> None:
        """:meth:`sleep`, then a turn of the asyncio loop for the other tasks."""
        import asyncio  # only async code pays for importing it

        self.sleep(seconds)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        """Move the time forward by ``seconds`` without recording a sleep."""
        _check_not_negative(seconds)
        with self._lock:
            self._now += seconds

    @property
    def sleeps(self) -> list[float]:
        """The length of every sleep so far, in order (a copy)."""
        with self._lock:
            return list(self._sleeps)

    def __repr__(self) -> str:
        with self._lock:
            return f"FakeClock(now={self._now}, sleeps={len(self._sleeps)})"


def _check_not_negative(seconds: float) -> None:
    if seconds < 0:  # as time.sleep does
        raise ValueError("sleep length must be non-negative")


@contextlib.contextmanager
def local_sagemaker(
    *,
    region_name: str = "us-east-1",
    clock: Clock | None = None,
    durations: Durations | None = None,
    server: bool = False,
) -> Iterator[SageMakerClient]:
    """A ``SageMakerClient`` on a local backend, for tests and examples.

    ``with local_sagemaker() as sm:`` is ``LocalSageMaker(...)`` started for the block
    (see :class:`LocalSageMaker`): moto, in this process (or over HTTP on 127.0.0.1
    with ``server=True``), with jobs that take time on ``clock``; a client built from
    a private ``boto3.Session`` with fake credentials, so ``os.environ`` is left
    alone. Pass a :class:`FakeClock` to run an hour of training in milliseconds. One
    local backend runs at a time.
    """
    with LocalSageMaker(
        region_name=region_name, clock=clock, durations=durations, server=server
    ) as client:
        yield client


def _control() -> ModuleType:
    require_moto()
    from sagemaker_typed._local_backend import control

    return control


def fail_job(name_or_arn: str, reason: str) -> None:
    """Make a training or tuning job of the running local backend fail now.

    Its status becomes ``Failed`` with ``reason`` as ``FailureReason``, so
    ``wait_for_training_job`` raises ``TrainingJobFailedError`` (and
    ``wait_for_hyper_parameter_tuning_job`` ``TuningJobFailedError``) with it; a failed
    tuning job stops its running training jobs, and a failed training job of a tuning
    job counts as a failed trial. A name is looked up in the backend's region, among
    training and tuning jobs. Raises ``LookupError`` if no job has that name or ARN,
    or if a training job and a tuning job both have the name (pass the ARN then), and
    ``ValueError`` if the job has already ended (Completed, Failed or Stopped).
    """
    _control().fail_job(name_or_arn, reason)


def plan_training_job(
    name: str, *, duration: float | None = None, final_metrics: Mapping[str, float] | None = None
) -> None:
    """Set what training job ``name`` will do once it is created on the local backend.

    ``duration``: seconds on the backend's clock from its creation to Completed (the
    backend's default otherwise); ``final_metrics``: the metric values it reports at
    the end, as ``FinalMetricDataList``. Call it before creating the job.
    """
    _control().plan_training_job(name, duration=duration, final_metrics=final_metrics)


def plan_tuning_job(
    name: str,
    *,
    objective_values: Sequence[float] = (),
    training_job_durations: Sequence[float] = (),
) -> None:
    """Set what the training jobs of tuning job ``name`` will do, in launch order.

    The first training job it launches reports ``objective_values[0]`` as its objective
    metric and runs ``training_job_durations[0]`` seconds, and so on; jobs beyond the
    given values get the defaults (a value drawn from the job's name, the backend's
    training duration). Call it before creating the tuning job.
    """
    _control().plan_tuning_job(
        name, objective_values=objective_values, training_job_durations=training_job_durations
    )


def hold_in_progress(job_arn: str) -> None:
    """Put a training or tuning job of the local backend back to ``InProgress``, and keep it.

    A training job then describes as running (secondary status ``Training``) until it
    is stopped, failed or finished with :func:`complete_job`; a tuning job stays
    ``InProgress`` whatever its training jobs do. A job's ARN names its account and
    region, hence the ARN rather than the name. Raises ``LookupError`` for an ARN the
    backend does not hold.
    """
    _control().hold_in_progress(job_arn)


def complete_job(job_arn: str) -> None:
    """Finish an ``InProgress`` job of the local backend as ``Completed``, now.

    Raises ``ValueError`` if the job is not ``InProgress``, ``LookupError`` for an ARN
    the backend does not hold.
    """
    _control().complete_job(job_arn)


def attach_training_jobs(tuning_job_arn: str, objective_values: Sequence[float]) -> list[str]:
    """Give a tuning job of the local backend one ``Completed`` training job per value.

    The tuning job's trials are then these: it launches none of its own (those it had
    launched are removed) and, once they have all ended, it is ``Completed`` (unless
    held with :func:`hold_in_progress`). They follow the tuning job's training job
    definition, are named as the service names them (``<tuning job>-001-<8 hex
    digits>``, numbered on from earlier calls), carry tuned hyperparameters drawn from
    its ranges, report the objective metric with the given value, and are what
    ListTrainingJobsForHyperParameterTuningJob lists and ``BestTrainingJob`` picks
    from. Returns their ARNs, in order.
    """
    result: list[str] = _control().attach_training_jobs(tuning_job_arn, objective_values)
    return result


def write_training_log(job: str, host: str, lines: Sequence[str]) -> None:
    """Add ``lines`` to a training job's log on the running local backend, dated now.

    ``job`` is the training job's name (looked up in the backend's region) or ARN,
    ``host`` one of its hosts (``algo-1`` ... ``algo-N``, N its instance count). The
    lines go, in order, to the host's stream in the log group
    ``/aws/sagemaker/TrainingJobs`` (``<job>/algo-N-<epoch seconds>``, created on the
    host's first line), timestamped with the backend's clock, after the lines the job
    itself has written up to now (a line when training starts, one per epoch, one
    when it uploads the model, ``Reporting training SUCCESS`` at the end). Works
    while the job runs and after it ended (lines reach CloudWatch after the status
    changes); no lines: the stream exists, empty. Raises ``LookupError`` for an
    unknown job, ``ValueError`` for a host the job does not have or an empty line.
    """
    _control().write_training_log(job, host, lines)
