"""Hyperparameter tuning jobs on the local backend: trials launched and followed.

A tuning job created through the backend is ``InProgress``; after the backend's
launch delay it launches training jobs from its (first) training job definition, at
most ``MaxParallelTrainingJobs`` at a time and ``MaxNumberOfTrainingJobs`` in all
(``MaxParallelTrainingJobs`` if that is unset), each named as the service names them
(``<tuning job>-001-<8 hex digits>``), with tuned hyperparameters drawn from the
ranges, ``TuningJobArn`` set, and the objective metric among its final metrics. When
one ends the next is launched; when all have ended the tuning job is ``Completed``
(``Failed`` if none succeeded). Its description follows the trials:
``TrainingJobStatusCounters``, ``ObjectiveStatusCounters`` and ``BestTrainingJob``,
the completed trial with the best objective value by the objective's own direction
(Minimize or Maximize), with its real name, ARN, tuned hyperparameters and value.

StopHyperParameterTuningJob (which moto 5.2 lacks): unknown name → ``ResourceNotFound``
(what the service sends); not ``InProgress`` → ``ValidationException`` (worded like
StopTrainingJob's); ``Stopping``, its running training jobs stop with it, and
``Stopped`` after the backend's stopping duration.

ListTrainingJobsForHyperParameterTuningJob (which moto 5.2 lacks): the trials as
``HyperParameterTrainingJobSummary`` items, with ``StatusEquals``, ``SortBy`` (default
``Name``), ``SortOrder`` and ``MaxResults`` (default 10), checked as the service
checks them. Pages come from a cursor over a sorted snapshot, cached until a trial
changes, so listing *n* trials costs O(n log n) once and O(page) per page (moto's
``@paginate`` recomputes and rescans the whole list for every page).
"""

from __future__ import annotations

import collections
import copy
import itertools
import random
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.sagemaker.exceptions import ResourceNotFound, ValidationError
from moto.sagemaker.models import SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from sagemaker_typed._local_backend import simulation, training
from sagemaker_typed._local_backend.operations import check_list_options
from sagemaker_typed._local_backend.patching import Patch, added, wrapping
from sagemaker_typed._local_backend.progress import TrainingPlan

__all__ = ["PATCHES", "TuningJobs", "TuningPlan", "TuningRun"]

# moto's HyperParameterTuningJob and FakeTrainingJob: their annotations leave out the
# None that the local backend sets for what a description must not show yet.
MotoTuningJob = Any
MotoTrainingJob = Any

RUNNING = frozenset({"InProgress", "Stopping"})
# Training job status -> the TrainingJobStatusCounters and ObjectiveStatusCounters keys.
STATUS_COUNTER = {
    "InProgress": "InProgress",
    "Stopping": "InProgress",
    "Completed": "Completed",
    "Failed": "NonRetryableError",
    "Stopped": "Stopped",
}
OBJECTIVE_COUNTER = {"InProgress": "Pending", "Stopping": "Pending", "Completed": "Succeeded"}


@dataclass(frozen=True)
class TuningPlan:
    """What a tuning job's training jobs will do, in launch order (the rest: defaults)."""

    objective_values: Sequence[float] = ()
    durations: Sequence[float] = ()


@dataclass(frozen=True)
class Trial:
    """What links a training job to the tuning job that launched it."""

    tuning: TuningRun
    tuned_hyper_parameters: dict[str, str]
    objective_metric: dict[str, Any]  # Type, MetricName, Value


@dataclass(eq=False)
class TuningRun:
    """A tuning job of the local backend and its trials."""

    job: MotoTuningJob
    backend: SageMakerModelBackend
    plan: TuningPlan
    started: float
    children: list[MotoTrainingJob] = field(default_factory=list)
    held: bool = False
    taken_over: bool = False  # by attach_training_jobs: it launches none of its own
    version: int = 0  # bumped by stop, fail and take-over: cancels pending launches
    listing_version: int = 0  # bumped whenever a trial changes
    # Kept up to date trial by trial (recounting thousands of trials at every change
    # would make a large tuning job quadratic): the counters' keys, and the best trial.
    statuses: collections.Counter[str] = field(default_factory=collections.Counter)
    objectives: collections.Counter[str] = field(default_factory=collections.Counter)
    best: MotoTrainingJob | None = None

    @property
    def name(self) -> str:
        return str(self.job.hyper_parameter_tuning_job_name)

    @property
    def status(self) -> str:
        return str(self.job.hyper_parameter_tuning_job_status)

    @property
    def definition(self) -> dict[str, Any]:
        job = self.job
        found: dict[str, Any] = (
            job.training_job_definition or (job.training_job_definitions or [{}])[0]
        )
        return found

    @property
    def objective(self) -> dict[str, Any]:
        config = self.job.hyper_parameter_tuning_job_config
        found: dict[str, Any] = (
            config.get("HyperParameterTuningJobObjective")
            or self.definition.get("TuningObjective")
            or {"Type": "Maximize", "MetricName": "objective"}
        )
        return found

    @property
    def limits(self) -> tuple[int, int]:
        """(MaxNumberOfTrainingJobs, MaxParallelTrainingJobs)."""
        limits = self.job.hyper_parameter_tuning_job_config.get("ResourceLimits", {})
        parallel = int(limits.get("MaxParallelTrainingJobs", 1))
        return int(limits.get("MaxNumberOfTrainingJobs", parallel)), parallel

    @property
    def running(self) -> int:
        """How many of its training jobs are InProgress or Stopping."""
        return self.statuses["InProgress"]


class TuningJobs:
    """The tuning jobs of one local backend, their trials, plans and listing snapshots."""

    def __init__(self) -> None:
        self.runs: dict[MotoTuningJob, TuningRun] = {}
        self.trials: dict[MotoTrainingJob, Trial] = {}
        self.plans: dict[str, TuningPlan] = {}
        self.snapshots: collections.OrderedDict[str, list[MotoTrainingJob]] = (
            collections.OrderedDict()
        )
        self.snapshot_keys: dict[tuple[Any, ...], str] = {}
        self.snapshot_ids = itertools.count(1)


def start(backend: SageMakerModelBackend, job: MotoTuningJob, at: float) -> TuningRun:
    """Make ``job`` (just created by moto) run from ``at`` on the active backend."""
    sim = simulation.current()
    tunings = sim.area(TuningJobs)
    plan = tunings.plans.pop(str(job.hyper_parameter_tuning_job_name), None) or TuningPlan()
    run = tunings.runs[job] = TuningRun(job, backend, plan, started=at)
    when = sim.wall(at)
    job.creation_time = job.last_modified_time = when
    job.hyper_parameter_tuning_job_status = "InProgress"
    job.hyper_parameter_tuning_end_time = None
    job.failure_reason = None
    job.tuning_job_completion_details = None
    job.consumed_resources = None
    job.OverallBestTrainingJob = None
    publish(run)
    version = run.version

    def launch_first(at: float) -> None:
        if run.version == version and run.status == "InProgress":
            launch(run, at)

    sim.schedule(at + sim.durations.tuning_job_launch, launch_first)
    return run


def launch(run: TuningRun, at: float) -> None:
    """Launch training jobs up to the tuning job's limits."""
    max_jobs, max_parallel = run.limits
    while (
        not run.taken_over
        and _current(run)
        and len(run.children) < max_jobs
        and run.running < max_parallel
    ):
        index = len(run.children) + 1
        value = _planned(run.plan.objective_values, index, _default_objective_value(run, index))
        duration = _planned(run.plan.durations, index, simulation.current().durations.training_job)
        add_trial(run, value, at, duration)
    finish_if_done(run, at)


def _planned(values: Sequence[float], index: int, default: float) -> float:
    return float(values[index - 1]) if index <= len(values) else default


def _default_objective_value(run: TuningRun, index: int) -> float:
    return round(random.Random(f"{run.name}/{index}/objective").random(), 4)


def add_trial(run: TuningRun, value: float, at: float, duration: float) -> MotoTrainingJob:
    """Create the tuning job's next training job, running from ``at`` for ``duration``."""
    index = len(run.children) + 1
    suffix = zlib.crc32(f"{run.name}-{index}".encode()) & 0xFFFFFFFF
    definition = run.definition
    ranges = (
        definition.get("HyperParameterRanges")
        or run.job.hyper_parameter_tuning_job_config.get("ParameterRanges")
        or {}
    )
    tuned = tuned_hyper_parameters(ranges, random.Random(f"{run.name}/{index}"))
    # Passed as one dict: moto's annotations say dict where it takes None too.
    arguments: dict[str, Any] = {
        "training_job_name": f"{run.name}-{index:03d}-{suffix:08x}",
        "hyper_parameters": {**definition.get("StaticHyperParameters", {}), **tuned},
        "algorithm_specification": copy.deepcopy(definition["AlgorithmSpecification"]),
        "role_arn": definition["RoleArn"],
        "input_data_config": definition.get("InputDataConfig", []),
        "output_data_config": definition["OutputDataConfig"],
        "resource_config": definition.get("ResourceConfig", {}),
        "vpc_config": definition.get("VpcConfig"),
        "stopping_condition": definition["StoppingCondition"],
        "tags": [],
        "enable_network_isolation": definition.get("EnableNetworkIsolation", False),
        "enable_inter_container_traffic_encryption": definition.get(
            "EnableInterContainerTrafficEncryption", False
        ),
        "enable_managed_spot_training": definition.get("EnableManagedSpotTraining", False),
        "checkpoint_config": definition.get("CheckpointConfig"),
        "debug_hook_config": None,
        "debug_rule_configurations": None,
        "tensor_board_output_config": None,
        "experiment_config": None,
    }
    job = run.backend.create_training_job(**arguments)
    # moto's Describe derives its keys from the job's attributes: this one shows as
    # TuningJobArn, as the service shows it.
    setattr(job, "tuning_job_arn", run.job.arn)  # noqa: B010
    objective = run.objective
    metric = {"Type": objective.get("Type"), "MetricName": objective["MetricName"], "Value": value}
    simulation.current().area(TuningJobs).trials[job] = Trial(run, tuned, metric)
    run.children.append(job)
    plan = TrainingPlan(duration, {str(objective["MetricName"]): value})
    training.start(run.backend, job, at, plan, listener=_trial_changed)
    _count(run, "InProgress", 1)
    publish(run)
    return job


def tuned_hyper_parameters(ranges: Mapping[str, Any], rng: random.Random) -> dict[str, str]:
    """Values drawn from a tuning job's ranges."""
    tuned = {}
    for integer_range in ranges.get("IntegerParameterRanges", []):
        low, high = int(integer_range["MinValue"]), int(integer_range["MaxValue"])
        tuned[integer_range["Name"]] = str(rng.randint(low, high))
    for continuous_range in ranges.get("ContinuousParameterRanges", []):
        low_f, high_f = float(continuous_range["MinValue"]), float(continuous_range["MaxValue"])
        tuned[continuous_range["Name"]] = f"{rng.uniform(low_f, high_f):.6g}"
    for categorical_range in ranges.get("CategoricalParameterRanges", []):
        tuned[categorical_range["Name"]] = rng.choice(categorical_range["Values"])
    return tuned


def _trial_changed(child: training.TrainingRun, previous: str, at: float) -> None:
    trial = simulation.current().area(TuningJobs).trials.get(child.job)
    if trial is None:
        return
    run = trial.tuning
    _count(run, previous, -1)
    _count(run, child.status, 1)
    if reports_objective(child.job):
        if run.best is None or _better(run, child.job, run.best):
            run.best = child.job
    elif child.job is run.best:
        run.best = _best_of(run)
    publish(run)
    if child.status not in RUNNING and run.status == "InProgress":
        launch(run, at)
    elif run.status == "Stopping" and not run.running:
        end(run, "Stopped", at)


def _count(run: TuningRun, status: str, delta: int) -> None:
    run.statuses[STATUS_COUNTER.get(status, "NonRetryableError")] += delta
    run.objectives[OBJECTIVE_COUNTER.get(status, "Failed")] += delta


def _value(run: TuningRun, job: MotoTrainingJob) -> float:
    """The objective value, signed so that lower is better."""
    value = float(simulation.current().area(TuningJobs).trials[job].objective_metric["Value"])
    return -value if run.objective.get("Type") == "Maximize" else value


def _better(run: TuningRun, job: MotoTrainingJob, than: MotoTrainingJob) -> bool:
    return _value(run, job) < _value(run, than)


def _best_of(run: TuningRun) -> MotoTrainingJob | None:
    reporting = [child for child in run.children if reports_objective(child)]
    return min(reporting, key=lambda child: _value(run, child)) if reporting else None


def finish_if_done(run: TuningRun, at: float) -> None:
    """End an InProgress tuning job whose trials have all ended and that launches no more."""
    if run.status != "InProgress" or run.held or run.running:
        return
    max_jobs, _ = run.limits
    if not run.taken_over and len(run.children) < max_jobs:
        return
    if run.statuses["Completed"] or not run.children:
        end(run, "Completed", at)
    else:
        end(run, "Failed", at, "All training jobs failed or were stopped.")


def end(run: TuningRun, status: str, at: float, reason: str | None = None) -> None:
    sim = simulation.current()
    when = sim.wall(at)
    job = run.job
    run.held = False
    job.hyper_parameter_tuning_job_status = status
    job.hyper_parameter_tuning_end_time = when
    job.last_modified_time = when
    job.failure_reason = reason
    job.consumed_resources = {"RuntimeInSeconds": max(0, int(at - run.started))}
    publish(run)


def publish(run: TuningRun) -> None:
    """Show the counters and the best training job in the tuning job's description."""
    job = run.job
    job.training_job_status_counters = {
        key: run.statuses[key]
        for key in ("Completed", "InProgress", "RetryableError", "NonRetryableError", "Stopped")
    }
    job.objective_status_counters = {
        key: run.objectives[key] for key in ("Succeeded", "Pending", "Failed")
    }
    job.best_training_job = summary(run.best) if run.best is not None else None
    run.listing_version += 1


def reports_objective(job: MotoTrainingJob) -> bool:
    return bool(job.training_job_status == "Completed")


def summary(job: MotoTrainingJob) -> dict[str, Any]:
    """A ``HyperParameterTrainingJobSummary`` (None values are left out on the wire)."""
    trial = simulation.current().area(TuningJobs).trials[job]
    answer: dict[str, Any] = {
        "TrainingJobName": job.training_job_name,
        "TrainingJobArn": job.arn,
        "TuningJobName": trial.tuning.name,
        "CreationTime": job.creation_time,
        "TrainingStartTime": job.training_start_time,
        "TrainingEndTime": job.training_end_time,
        "TrainingJobStatus": job.training_job_status,
        "TunedHyperParameters": trial.tuned_hyper_parameters,
        "ObjectiveStatus": OBJECTIVE_COUNTER.get(job.training_job_status, "Failed"),
    }
    if job.failure_reason:
        answer["FailureReason"] = job.failure_reason
    if reports_objective(job):
        answer["FinalHyperParameterTuningJobObjectiveMetric"] = trial.objective_metric
    return answer


def _current(run: TuningRun) -> bool:
    return run.backend.hyper_parameter_tuning_jobs.get(run.name) is run.job


def stop(run: TuningRun, at: float) -> None:
    """Stopping now, its running training jobs with it; Stopped once they are."""
    sim = simulation.current()
    run.version += 1
    run.held = False
    job = run.job
    job.hyper_parameter_tuning_job_status = "Stopping"
    job.last_modified_time = sim.wall(at)
    _stop_trials(run, at)
    if not run.running:
        version = run.version

        def stopped(at: float) -> None:
            if run.version == version and run.status == "Stopping":
                end(run, "Stopped", at)

        sim.schedule(at + sim.durations.stopping, stopped)


def _stop_trials(run: TuningRun, at: float) -> None:
    for child in run.children:
        if child.training_job_status == "InProgress":
            training.stop(training.run_of(child), at)


def take_over(run: TuningRun) -> None:
    """The tuning job's trials are the caller's from now on (``attach_training_jobs``).

    It launches none of its own any more, and those it launched are removed.
    """
    if run.taken_over:
        return
    run.taken_over = True
    run.version += 1  # cancels a launch still pending
    trials = simulation.current().area(TuningJobs).trials
    jobs: dict[str, Any] = run.backend.training_jobs
    for launched in run.children:
        training.supersede(training.run_of(launched))
        name = str(launched.training_job_name)
        if jobs.get(name) is launched:
            del jobs[name]
        trials.pop(launched, None)
    run.children = []
    run.statuses.clear()
    run.objectives.clear()
    run.best = None
    publish(run)


def fail(run: TuningRun, reason: str, at: float) -> None:
    """Failed now; its running training jobs stop."""
    run.version += 1
    end(run, "Failed", at, reason)
    _stop_trials(run, at)


def run_of(job: MotoTuningJob) -> TuningRun:
    """The run of a tuning job moto holds; one created outside the backend gets one."""
    sim = simulation.current()
    tunings = sim.area(TuningJobs)
    run = tunings.runs.get(job)
    if run is None:
        from moto.sagemaker.models import sagemaker_backends

        backend = sagemaker_backends[job.account_id][job.region_name]
        run = tunings.runs[job] = TuningRun(job, backend, TuningPlan(), started=sim.now())
    return run


def tuning_job(backend: SageMakerModelBackend, name: str) -> MotoTuningJob:
    try:
        found: MotoTuningJob = backend.hyper_parameter_tuning_jobs[name]
    except KeyError:
        raise ResourceNotFound(
            message=f"Amazon SageMaker can't find a tuning job with name {name}"
        ) from None
    return found


# --- StopHyperParameterTuningJob ---------------------------------------------------------


def stop_hyper_parameter_tuning_job(
    backend: SageMakerModelBackend, hyper_parameter_tuning_job_name: str
) -> None:
    sim = simulation.current()
    with sim.lock:
        job = tuning_job(backend, hyper_parameter_tuning_job_name)
        status = job.hyper_parameter_tuning_job_status
        if status != "InProgress":
            raise ValidationError(
                "The request was rejected because the hyperparameter tuning job is in"
                f" status {status}."
            )
        stop(run_of(job), sim.now())


def _stop_hyper_parameter_tuning_job_action(self: SageMakerResponse) -> EmptyResult:
    stop_hyper_parameter_tuning_job(
        self.sagemaker_backend, self._get_param("HyperParameterTuningJobName")
    )
    return EmptyResult()


def _create_hyper_parameter_tuning_job(
    create: Callable[[], ActionResult], self: SageMakerResponse
) -> ActionResult:
    sim = simulation.current()
    with sim.lock:
        answer = create()
        name = self._get_param("HyperParameterTuningJobName")
        start(
            self.sagemaker_backend,
            self.sagemaker_backend.hyper_parameter_tuning_jobs[name],
            sim.now(),
        )
        return answer


# --- ListTrainingJobsForHyperParameterTuningJob -----------------------------------------

DEFAULT_PAGE_SIZE = 10
SNAPSHOTS_KEPT = 64
_LIST_ENUMS = {
    "StatusEquals": ["InProgress", "Completed", "Failed", "Stopping", "Stopped", "Deleting"],
    "SortBy": ["Name", "CreationTime", "Status", "FinalObjectiveMetricValue"],
    "SortOrder": ["Ascending", "Descending"],
}


def _sort_key(
    sort_by: str, trials: Mapping[MotoTrainingJob, Trial]
) -> Callable[[MotoTrainingJob], Any]:
    keys: dict[str, Callable[[MotoTrainingJob], Any]] = {
        "Name": lambda job: job.training_job_name,
        "CreationTime": lambda job: job.creation_time,
        "Status": lambda job: job.training_job_status,
        "FinalObjectiveMetricValue": lambda job: trials[job].objective_metric["Value"],
    }
    return keys[sort_by]


def list_training_jobs_for_hyper_parameter_tuning_job(
    backend: SageMakerModelBackend,
    hyper_parameter_tuning_job_name: str,
    status_equals: str | None = None,
    sort_by: str = "Name",
    sort_order: str = "Ascending",
    next_token: str | None = None,
    max_results: int | None = None,
) -> tuple[list[MotoTrainingJob], str | None]:
    """One page of the tuning job's training jobs, and the token of the next page."""
    sim = simulation.current()
    with sim.lock:
        run = run_of(tuning_job(backend, hyper_parameter_tuning_job_name))
        tunings = sim.area(TuningJobs)
        if next_token:
            snapshot_id, _, offset_text = next_token.partition(":")
            snapshot = tunings.snapshots.get(snapshot_id)
            if snapshot is None or not offset_text.isdigit():
                raise ValidationError(
                    "Invalid pagination token because it has expired or was altered."
                )
            offset = int(offset_text)
        else:
            key = (run.job, run.listing_version, status_equals, sort_by, sort_order)
            snapshot_id = tunings.snapshot_keys.get(key, "")
            snapshot = tunings.snapshots.get(snapshot_id)
            if snapshot is None:
                snapshot = _snapshot(run, tunings, status_equals, sort_by, sort_order)
                snapshot_id = str(next(tunings.snapshot_ids))
                tunings.snapshot_keys[key] = snapshot_id
                tunings.snapshots[snapshot_id] = snapshot
                while len(tunings.snapshots) > SNAPSHOTS_KEPT:
                    evicted, _ = tunings.snapshots.popitem(last=False)
                    tunings.snapshot_keys = {
                        k: v for k, v in tunings.snapshot_keys.items() if v != evicted
                    }
            offset = 0
        tunings.snapshots.move_to_end(snapshot_id)
        end = offset + (max_results or DEFAULT_PAGE_SIZE)
        page = snapshot[offset:end]
        return page, (f"{snapshot_id}:{end}" if end < len(snapshot) else None)


def _snapshot(
    run: TuningRun,
    tunings: TuningJobs,
    status_equals: str | None,
    sort_by: str,
    sort_order: str,
) -> list[MotoTrainingJob]:
    jobs = list(run.children)
    if status_equals is not None:
        jobs = [job for job in jobs if job.training_job_status == status_equals]
    if sort_by == "FinalObjectiveMetricValue":  # the service omits jobs without one
        jobs = [job for job in jobs if reports_objective(job)]
    # Ties (jobs launched at the same time) in launch order, reversed with the rest.
    launched = {job: index for index, job in enumerate(run.children)}
    key = _sort_key(sort_by, tunings.trials)
    return sorted(
        jobs, key=lambda job: (key(job), launched[job]), reverse=sort_order == "Descending"
    )


def _list_training_jobs_for_hyper_parameter_tuning_job_action(
    self: SageMakerResponse,
) -> ActionResult:
    defaults = {"SortBy": "Name", "SortOrder": "Ascending"}
    values = {member: self._get_param(member, defaults.get(member)) for member in _LIST_ENUMS}
    max_results = self._get_param("MaxResults")
    check_list_options(values, _LIST_ENUMS, max_results)
    jobs, next_token = list_training_jobs_for_hyper_parameter_tuning_job(
        self.sagemaker_backend,
        hyper_parameter_tuning_job_name=self._get_param("HyperParameterTuningJobName"),
        status_equals=values["StatusEquals"],
        sort_by=values["SortBy"],
        sort_order=values["SortOrder"],
        next_token=self._get_param("NextToken"),
        max_results=max_results,
    )
    return ActionResult(
        {"TrainingJobSummaries": [summary(job) for job in jobs], "NextToken": next_token}
    )


PATCHES: list[Patch] = [
    added(
        SageMakerResponse,
        "stop_hyper_parameter_tuning_job",
        _stop_hyper_parameter_tuning_job_action,
    ),
    added(
        SageMakerModelBackend, "stop_hyper_parameter_tuning_job", stop_hyper_parameter_tuning_job
    ),
    added(
        SageMakerResponse,
        "list_training_jobs_for_hyper_parameter_tuning_job",
        _list_training_jobs_for_hyper_parameter_tuning_job_action,
    ),
    added(
        SageMakerModelBackend,
        "list_training_jobs_for_hyper_parameter_tuning_job",
        list_training_jobs_for_hyper_parameter_tuning_job,
    ),
    wrapping(
        SageMakerResponse, "create_hyper_parameter_tuning_job", _create_hyper_parameter_tuning_job
    ),
]
