"""Training jobs on the local backend: timed states, StopTrainingJob, unique names.

A training job created through the backend is ``InProgress`` and goes through the
secondary statuses ``Starting``, ``Downloading``, ``Training`` and ``Uploading`` to
``Completed`` over its planned duration (:class:`.progress.TrainingPlan`; the
backend's :class:`.simulation.Durations` by default), each move recorded in
``SecondaryStatusTransitions`` and dated at its simulated time. ``TrainingStartTime``
is set when the instances are up (Downloading), ``TrainingEndTime``,
``TrainingTimeInSeconds`` and ``BillableTimeInSeconds`` at the end, and
``FinalMetricDataList`` holds the planned final metric values once it completes.

StopTrainingJob (which moto 5.2 lacks), with the service's rules: unknown name →
``ValidationException`` "Requested resource not found."; a job that is not
``InProgress`` → ``ValidationException`` "The request was rejected because the
training job is in status ..."; otherwise ``Stopping``, then ``Stopped`` after the
backend's stopping duration.

CreateTrainingJob refuses a name in use with ``ResourceInUse``, as the service does
(moto 5.2 replaces the job), so lost-answer recovery is testable locally.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.sagemaker.exceptions import ResourceInUseException, ValidationError
from moto.sagemaker.models import SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from sagemaker_typed._local_backend import progress, simulation
from sagemaker_typed._local_backend.patching import Patch, added, wrapping
from sagemaker_typed._local_backend.progress import TrainingPlan

__all__ = ["PATCHES", "TrainingJobs", "TrainingRun"]

# moto's FakeTrainingJob: its annotations leave out the None that the local backend
# sets for what a description must not show yet, and the attributes it adds.
MotoTrainingJob = Any

# Secondary status, its message, and when it begins as a fraction of the duration.
PHASES = (
    ("Starting", "Launching requested ML instances", 0.0),
    ("Downloading", "Downloading input data", 1 / 20),
    ("Training", "Training image download completed. Training in progress.", 7 / 60),
    ("Uploading", "Uploading generated training model", 17 / 18),
)
COMPLETED_MESSAGE = "Training job completed"
STOPPING_MESSAGE = "Stopping the training job"
STOPPED_MESSAGE = "The training job was stopped"
FINISHED = frozenset({"Completed", "Failed", "Stopped"})

# Called with the run and its previous status whenever its status changes.
StatusListener = Callable[["TrainingRun", str, float], None]


@dataclass(eq=False)
class TrainingRun:
    """A training job of the local backend, and what moves it."""

    job: MotoTrainingJob
    backend: SageMakerModelBackend
    plan: TrainingPlan
    listener: StatusListener | None = None
    held: bool = False
    # Bumped by whatever overrides the schedule (stop, fail, hold, complete): actions
    # scheduled under an older version do nothing.
    version: int = 0
    _hosts: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        return str(self.job.training_job_status)

    @property
    def current(self) -> bool:
        """Whether the backend still holds this job (a reset of moto forgets it)."""
        return self.backend.training_jobs.get(self.job.training_job_name) is self.job


class TrainingJobs:
    """The training jobs of one local backend, and the plans set before they exist."""

    def __init__(self) -> None:
        self.runs: dict[MotoTrainingJob, TrainingRun] = {}
        self.plans: dict[str, TrainingPlan] = {}


def start(
    backend: SageMakerModelBackend,
    job: MotoTrainingJob,
    at: float,
    plan: TrainingPlan | None = None,
    listener: StatusListener | None = None,
) -> TrainingRun:
    """Make ``job`` (just created by moto) run from ``at`` on the active backend."""
    sim = simulation.current()
    jobs = sim.area(TrainingJobs)
    if plan is None:
        plan = jobs.plans.pop(job.training_job_name, None) or TrainingPlan(
            sim.durations.training_job
        )
    run = TrainingRun(job, backend, plan, listener)
    jobs.runs[job] = run
    when = sim.wall(at)
    job.creation_time = when
    job.training_start_time = None
    job.training_end_time = None
    job.final_metric_data_list = None
    job.secondary_status_transitions = []
    job.training_job_status = "InProgress"
    _schedule_phases(run, at)
    return run


def _schedule_phases(run: TrainingRun, created: float) -> None:
    sim = simulation.current()
    version = run.version
    for secondary, message, fraction in PHASES:
        begins = created + fraction * run.plan.duration

        def begin(at: float, secondary: str = secondary, message: str = message) -> None:
            if run.version == version and run.current:
                enter(run, "InProgress", secondary, message, at)

        sim.schedule(begins, begin)

    def finish(at: float) -> None:
        if run.version == version and run.current:
            enter(run, "Completed", "Completed", COMPLETED_MESSAGE, at)

    sim.schedule(created + run.plan.duration, finish)


def enter(run: TrainingRun, status: str, secondary: str, message: str, at: float) -> None:
    """Move the job to ``status``/``secondary`` at ``at``, closing the open transition."""
    sim = simulation.current()
    job = run.job
    when = sim.wall(at)
    previous = run.status
    # New lists, never mutated ones: an answer built a moment ago may still share them.
    transitions = [
        {**transition, "EndTime": transition.get("EndTime", when)}
        for transition in job.secondary_status_transitions
    ]
    transition: dict[str, Any] = {"Status": secondary, "StartTime": when, "StatusMessage": message}
    # The instances are up from Downloading on (hold_in_progress jumps to Training).
    if secondary in ("Downloading", "Training", "Uploading") and job.training_start_time is None:
        job.training_start_time = when
    if status in FINISHED:
        transition["EndTime"] = when
        job.training_end_time = when
        started = job.training_start_time or when
        seconds = max(0, int((when - started).total_seconds()))
        job.training_time_in_seconds = seconds
        job.billable_time_in_seconds = seconds * len(hosts_of(job))
    else:
        job.training_end_time = None
        job.training_time_in_seconds = None
        job.billable_time_in_seconds = None
    if status == "Completed" and run.plan.final_metrics:
        job.final_metric_data_list = [
            {"MetricName": name, "Value": float(value), "Timestamp": when}
            for name, value in run.plan.final_metrics.items()
        ]
    job.failure_reason = message if status == "Failed" else None
    job.secondary_status_transitions = [*transitions, transition]
    job.training_job_status = status
    job.secondary_status = secondary
    job.last_modified_time = when
    _, _, _, region, account, _ = str(job.arn).split(":", 5)
    progress.notify(
        progress.TrainingJobProgress(
            simulation=sim,
            job=job,
            account_id=account,
            region_name=region,
            status=status,
            secondary_status=secondary,
            message=message,
            at=at,
            when=when,
            hosts=hosts_of(job),
            plan=run.plan,
        )
    )
    if run.listener is not None and status != previous:
        run.listener(run, previous, at)


def hosts_of(job: MotoTrainingJob) -> tuple[str, ...]:
    """``algo-1`` ... ``algo-N``: the job's instances, as SageMaker names them."""
    config = job.resource_config or {}
    count = config.get("InstanceCount")
    if count is None:
        count = sum(group.get("InstanceCount", 0) for group in config.get("InstanceGroups", []))
    return tuple(f"algo-{index}" for index in range(1, max(1, int(count)) + 1))


def supersede(run: TrainingRun) -> None:
    """Cancel what the run had scheduled; whoever calls this decides what comes next."""
    run.version += 1
    run.held = False


def stop(run: TrainingRun, at: float) -> None:
    """Stopping now, Stopped after the backend's stopping duration."""
    sim = simulation.current()
    supersede(run)
    enter(run, "Stopping", "Stopping", STOPPING_MESSAGE, at)
    version = run.version

    def stopped(at: float) -> None:
        if run.version == version and run.current:
            enter(run, "Stopped", "Stopped", STOPPED_MESSAGE, at)

    sim.schedule(at + sim.durations.stopping, stopped)


def fail(run: TrainingRun, reason: str, at: float) -> None:
    supersede(run)
    enter(run, "Failed", "Failed", reason, at)


def run_of(job: MotoTrainingJob) -> TrainingRun:
    """The run of a job moto holds; one created outside the backend gets one, finished."""
    jobs = simulation.current().area(TrainingJobs)
    run = jobs.runs.get(job)
    if run is None:
        backend = _backend_of(job)
        run = jobs.runs[job] = TrainingRun(job, backend, TrainingPlan(0.0))
    return run


def _backend_of(job: MotoTrainingJob) -> SageMakerModelBackend:
    from moto.sagemaker.models import sagemaker_backends

    _, _, _, region, account, _ = str(job.arn).split(":", 5)
    backend: SageMakerModelBackend = sagemaker_backends[account][region]
    return backend


# --- Operations ------------------------------------------------------------------------


def stop_training_job(backend: SageMakerModelBackend, training_job_name: str) -> None:
    sim = simulation.current()
    with sim.lock:
        job = backend.training_jobs.get(training_job_name)
        if job is None:
            raise ValidationError("Requested resource not found.")
        if job.training_job_status != "InProgress":
            raise ValidationError(
                "The request was rejected because the training job is in status"
                f" {job.training_job_status}."
            )
        stop(run_of(job), sim.now())


def _stop_training_job_action(self: SageMakerResponse) -> EmptyResult:
    stop_training_job(self.sagemaker_backend, self._get_param("TrainingJobName"))
    return EmptyResult()


def _create_training_job(
    create: Callable[[], ActionResult], self: SageMakerResponse
) -> ActionResult:
    sim = simulation.current()
    with sim.lock:  # check and create as one step: the server answers on many threads
        name = self._get_param("TrainingJobName")
        existing = self.sagemaker_backend.training_jobs.get(name)
        if existing is not None:
            raise ResourceInUseException(
                "Training job names must be unique within an AWS account and region, and"
                f" a training job with this name already exists ({existing.arn})"
            )
        answer = create()
        start(self.sagemaker_backend, self.sagemaker_backend.training_jobs[name], sim.now())
        return answer


PATCHES: list[Patch] = [
    added(SageMakerResponse, "stop_training_job", _stop_training_job_action),
    added(SageMakerModelBackend, "stop_training_job", stop_training_job),
    wrapping(SageMakerResponse, "create_training_job", _create_training_job),
]
