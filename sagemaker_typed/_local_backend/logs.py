"""CloudWatch Logs of the local backend's training jobs, written as they run.

Each training job writes to moto's CloudWatch Logs what SageMaker's containers do: the
log group ``/aws/sagemaker/TrainingJobs``, one stream per host named
``<job>/algo-N-<epoch seconds>``, created by the host's first line. A host writes a
line when training starts, one per epoch (:data:`EPOCHS`, spread over the Training
phase), one when it uploads the model and ``Reporting training SUCCESS`` at the end;
a job that is stopped or fails writes nothing more. Every line is dated with the
simulated wall time of its move, so reading the log on a ``FakeClock`` shows an
hour of training.

:func:`write_lines` adds lines to a host's stream (``testing.write_training_log``). A
stream must be written in timestamp order: moto's GetLogEvents tokens are positions
in its timestamp-sorted list of events, so a line inserted before others would shift
what a reader's token points at (it re-reads some lines and never sees others).
Lines are written only by the timeline's pass (automatic lines at their simulated
time) or after it has run up to now (scripted lines, at now), which keeps that order.

While a backend runs, moto's CloudWatch Logs (1) runs the timeline before it answers
a request, so a reader sees the lines written up to the clock's time, and (2) reads
its "now" from the backend's clock: creation and ingestion times are simulated, and
PutLogEvents' window (14 days back, 2 hours ahead) is around the simulated time, not
the real one, which a ``FakeClock`` soon leaves behind.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

import moto.logs.models
from moto.logs.models import LogGroup, logs_backends
from moto.logs.responses import LogsResponse

from sagemaker_typed._local_backend import progress, simulation, training
from sagemaker_typed._local_backend.patching import Patch, advancing
from sagemaker_typed._local_backend.progress import TrainingJobProgress

__all__ = ["EPOCHS", "LOG_GROUP", "PATCHES", "TrainingLogs", "write_lines"]

LOG_GROUP = "/aws/sagemaker/TrainingJobs"
EPOCHS = 10  # epoch lines per host over the Training phase
SUCCESS = "Reporting training SUCCESS"  # the SageMaker training toolkit's last line

_PHASE_STARTS = {secondary: fraction for secondary, _, fraction in training.PHASES}
# The Training phase's share of a job's planned duration.
TRAINING_SHARE = _PHASE_STARTS["Uploading"] - _PHASE_STARTS["Training"]


@dataclass
class JobLog:
    """One training job's streams (host -> stream name) and its writing's version."""

    streams: dict[str, str] = field(default_factory=dict)
    # Bumped whenever the job enters a status: epoch lines scheduled under an older
    # version are not written (a stopped, failed, finished or re-held job).
    version: int = 0


class TrainingLogs:
    """What one local backend's training jobs have written, by (account, region, job)."""

    def __init__(self) -> None:
        self.jobs: dict[tuple[str, str, str], JobLog] = {}


def write_lines(
    account_id: str, region_name: str, job: str, host: str, at: float, messages: Sequence[str]
) -> None:
    """Append ``messages`` to ``host``'s stream of ``job``, dated at clock time ``at``.

    Creates the log group and the stream if they are missing (no messages: just the
    stream). ``at`` must not be older than what the stream holds; the callers write at
    the timeline's time.
    """
    sim = simulation.current()
    with sim.lock:
        log = sim.area(TrainingLogs).jobs.setdefault((account_id, region_name, job), JobLog())
        when = sim.wall(at)
        group = _group(account_id, region_name)
        stream = log.streams.get(host)
        if stream is None or stream not in group.streams:
            stream = log.streams[host] = f"{job}/{host}-{_epoch_seconds(when)}"
            group.create_log_stream(stream)
            group.streams[stream].creation_time = when
        if messages:
            stamp = _epoch_seconds(when) * 1000 + when.microsecond // 1000
            group.put_log_events(stream, [{"timestamp": stamp, "message": m} for m in messages])


def _group(account_id: str, region_name: str) -> LogGroup:
    backend = logs_backends[account_id][region_name]
    backend.ensure_log_group(LOG_GROUP)
    group: LogGroup = backend.groups[LOG_GROUP]
    return group


def _epoch_seconds(when: datetime.datetime) -> int:
    """Seconds since the epoch of a naive UTC time."""
    return calendar.timegm(when.utctimetuple())


@progress.observe
def _write_progress(event: TrainingJobProgress) -> None:
    """The lines every host of a training job writes as it enters a status."""
    sim = event.simulation
    job = str(event.job.training_job_name)
    log = sim.area(TrainingLogs).jobs.setdefault(
        (event.account_id, event.region_name, job), JobLog()
    )
    log.version += 1
    version = log.version
    count = len(event.hosts)

    def each_host(at: float, line: str) -> None:
        for index, host in enumerate(event.hosts, start=1):
            message = line.format(host=host, index=index, count=count)
            write_lines(event.account_id, event.region_name, job, host, at, [message])

    if event.secondary_status == "Training":
        each_host(event.at, "Training started on {host} (host {index} of {count})")
        length = TRAINING_SHARE * event.plan.duration
        for epoch in range(1, EPOCHS + 1):
            line = f"Epoch {epoch}/{EPOCHS}"
            at = event.at + length * epoch / (EPOCHS + 1)
            if at <= event.at:  # a job without duration writes them all at once
                each_host(at, line)
                continue

            def epoch_line(at: float, line: str = line) -> None:
                if log.version == version:
                    each_host(at, line)

            sim.schedule(at, epoch_line)
    elif event.secondary_status == "Uploading":
        each_host(event.at, "Training finished: uploading the model")
    elif event.status == "Completed":
        each_host(event.at, SUCCESS)


PATCHES: list[Patch] = [
    advancing(LogsResponse),
    # moto.logs asks utcnow() for "now": the backend's wall time instead.
    Patch(moto.logs.models, "utcnow", lambda _: lambda: simulation.current().wall_now()),
]
