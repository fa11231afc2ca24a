"""Test support: clocks for waiters, and a local SageMaker backend on moto.

:class:`FakeClock` (one thread) and :class:`SimulatedClock` (concurrent threads or
tasks) need only the standard library. :func:`local_sagemaker` and the
job hooks need the ``local`` extra (moto), which they import when called, never when
this module is imported.

The local backend is moto plus what ``sagemaker_typed._moto_extensions`` adds
(UpdateNotebookInstance, StopTrainingJob, StopHyperParameterTuningJob,
ListTrainingJobsForHyperParameterTuningJob). moto completes every job as soon as it is
created and its tuning jobs launch no training jobs, so the hooks below set up what a
test needs: a job still running (:func:`hold_in_progress`), which can then be stopped
or finished (:func:`complete_job`), and a tuning job's training jobs
(:func:`attach_training_jobs`). They work on jobs created through
:func:`local_sagemaker` and through a moto server running in the same process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sagemaker_typed._simulated_clock import SimulatedClock, SimulatedTimeStalled

if TYPE_CHECKING:
    from sagemaker_typed import SageMakerClient
    from sagemaker_typed._clock import Clock

__all__ = [
    "FakeClock",
    "LocalSageMaker",
    "SimulatedClock",
    "SimulatedTimeStalled",
    "attach_training_jobs",
    "complete_job",
    "hold_in_progress",
    "local_sagemaker",
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


class LocalSageMaker:
    """The local backend: moto's ``mock_aws`` with what sagemaker-typed adds to it.

    Use it as a context manager (``with local_sagemaker() as sm:``), or, where one
    block cannot hold everything (a notebook, a page of docs, a fixture), start it
    and stop it: ``sm = backend.start()`` ... ``backend.stop()``. While it runs, every
    AWS call that boto3 makes in this process goes to moto; when it stops, moto
    forgets everything it held. moto's mock is process-wide: run one at a time.
    """

    def __init__(self, *, region_name: str, clock: Clock | None) -> None:
        self._region_name = region_name
        self._clock = clock
        self._mock: Any = None

    def start(self) -> SageMakerClient:
        """Start the backend; return a client on it, with fake credentials.

        The client comes from a private ``boto3.Session``, so ``os.environ`` is left
        alone. Raises ``RuntimeError`` if this backend is already running.
        """
        import boto3
        from moto import mock_aws

        from sagemaker_typed import SageMakerClient, _moto_extensions

        if self._mock is not None:
            raise RuntimeError("this local backend is already running")
        _moto_extensions.install()
        session = boto3.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name=self._region_name,
        )
        self._mock = mock_aws()
        self._mock.start()
        return SageMakerClient(boto_client=session.client("sagemaker"), clock=self._clock)

    def stop(self) -> None:
        """Stop the backend; what it held is gone. Stopping a stopped one does nothing."""
        mock, self._mock = self._mock, None
        if mock is not None:
            mock.stop()

    def __enter__(self) -> SageMakerClient:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def local_sagemaker(
    *, region_name: str = "us-east-1", clock: Clock | None = None
) -> LocalSageMaker:
    """A local SageMaker backend on moto, for tests, examples and notebooks.

    ``with local_sagemaker() as sm:`` gives a ``SageMakerClient`` on it for the block;
    ``backend = local_sagemaker()``, ``sm = backend.start()`` and later
    ``backend.stop()`` do the same across cells or blocks. Pass a :class:`FakeClock`
    as ``clock`` to wait without real time. Needs the ``local`` extra (moto).
    """
    return LocalSageMaker(region_name=region_name, clock=clock)


def hold_in_progress(job_arn: str) -> None:
    """Put a training or tuning job created on the local backend back to ``InProgress``.

    moto completes jobs at once; after this the job describes as still running (a
    training job in secondary status ``Training``), so a test can stop it or wait on
    it, then finish it with :func:`complete_job`. A job's ARN names its account and
    region, hence the ARN rather than the name. Raises ``LookupError`` for an ARN the
    backend does not hold.
    """
    from sagemaker_typed import _moto_extensions

    _moto_extensions.hold_in_progress(job_arn)


def complete_job(job_arn: str) -> None:
    """Finish an ``InProgress`` job of the local backend as ``Completed``.

    Raises ``ValueError`` if the job is not ``InProgress``, ``LookupError`` for an ARN
    the backend does not hold.
    """
    from sagemaker_typed import _moto_extensions

    _moto_extensions.complete_job(job_arn)


def attach_training_jobs(tuning_job_arn: str, objective_values: Sequence[float]) -> list[str]:
    """Give a tuning job of the local backend one ``Completed`` training job per value.

    moto's tuning jobs launch no training jobs. These follow the tuning job's training
    job definition, are named as the service names them
    (``<tuning job>-001-<8 hex digits>``, numbered on from earlier calls), carry
    tuned hyperparameters picked from its ranges, report the objective metric with
    the given value, and are what ListTrainingJobsForHyperParameterTuningJob lists.
    Returns their ARNs, in order.
    """
    from sagemaker_typed import _moto_extensions

    return _moto_extensions.attach_training_jobs(tuning_job_arn, objective_values)
