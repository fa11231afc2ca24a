"""What tests steer the local backend's jobs with (``sagemaker_typed.testing`` exposes it).

Every function works on the running local backend (``LookupError`` if none runs) and
advances its timeline first, so it acts on the jobs as they are at the clock's time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from moto.sagemaker.models import (
    FakeTrainingJob,
    HyperParameterTuningJob,
    SageMakerModelBackend,
    sagemaker_backends,
)

from sagemaker_typed._local_backend import logs, simulation, training, tuning
from sagemaker_typed._local_backend.progress import TrainingPlan

__all__ = [
    "attach_training_jobs",
    "complete_job",
    "fail_job",
    "hold_in_progress",
    "plan_training_job",
    "plan_tuning_job",
    "write_training_log",
]

Job = FakeTrainingJob | HyperParameterTuningJob
DEFAULT_ACCOUNT = "123456789012"  # moto's


def fail_job(name_or_arn: str, reason: str) -> None:
    """Fail a training or tuning job now, with ``reason`` as its ``FailureReason``."""
    sim = simulation.current()
    with sim.lock:
        sim.advance()
        job = _job(name_or_arn)
        now = sim.now()
        if isinstance(job, FakeTrainingJob):
            status = job.training_job_status
            _check_not_finished(name_or_arn, status)
            training.fail(training.run_of(job), reason, now)
        else:
            status = job.hyper_parameter_tuning_job_status
            _check_not_finished(name_or_arn, status)
            tuning.fail(tuning.run_of(job), reason, now)


def _check_not_finished(name_or_arn: str, status: str) -> None:
    if status in ("Completed", "Failed", "Stopped"):
        raise ValueError(f"{name_or_arn} has already ended: it is {status}")


def plan_training_job(
    name: str, *, duration: float | None = None, final_metrics: Mapping[str, float] | None = None
) -> None:
    """Set what the training job ``name``, created later, will do."""
    sim = simulation.current()
    with sim.lock:
        seconds = sim.durations.training_job if duration is None else _seconds(duration)
        metrics = {key: float(value) for key, value in (final_metrics or {}).items()}
        sim.area(training.TrainingJobs).plans[name] = TrainingPlan(seconds, metrics)


def plan_tuning_job(
    name: str,
    *,
    objective_values: Sequence[float] = (),
    training_job_durations: Sequence[float] = (),
) -> None:
    """Set what the training jobs of tuning job ``name``, created later, will do."""
    sim = simulation.current()
    with sim.lock:
        plan = tuning.TuningPlan(
            objective_values=tuple(float(value) for value in objective_values),
            durations=tuple(_seconds(value) for value in training_job_durations),
        )
        sim.area(tuning.TuningJobs).plans[name] = plan


def _seconds(value: float) -> float:
    if not value >= 0:
        raise ValueError("a duration must be a non-negative number of seconds")
    return float(value)


def hold_in_progress(job_arn: str) -> None:
    """Put a training or tuning job back to InProgress, where it stays until moved."""
    sim = simulation.current()
    with sim.lock:
        sim.advance()
        job = _job_for_arn(job_arn)
        now = sim.now()
        if isinstance(job, FakeTrainingJob):
            run = training.run_of(job)
            training.supersede(run)
            run.held = True
            job.secondary_status_transitions = job.secondary_status_transitions[:1]
            training.enter(
                run,
                "InProgress",
                "Training",
                "Training image download completed. Training in progress.",
                now,
            )
        else:
            tuning_run = tuning.run_of(job)
            tuning_run.held = True
            tuning_job = tuning_run.job
            tuning_job.hyper_parameter_tuning_job_status = "InProgress"
            tuning_job.hyper_parameter_tuning_end_time = None
            tuning_job.failure_reason = None
            tuning_job.consumed_resources = None
            tuning_job.last_modified_time = sim.wall(now)


def complete_job(job_arn: str) -> None:
    """Finish an InProgress training or tuning job as Completed, now."""
    sim = simulation.current()
    with sim.lock:
        sim.advance()
        job = _job_for_arn(job_arn)
        now = sim.now()
        if isinstance(job, FakeTrainingJob):
            status = job.training_job_status
        else:
            status = job.hyper_parameter_tuning_job_status
        if status != "InProgress":
            raise ValueError(f"{job_arn} is {status}, not InProgress")
        if isinstance(job, FakeTrainingJob):
            run = training.run_of(job)
            training.supersede(run)
            training.enter(run, "Completed", "Completed", training.COMPLETED_MESSAGE, now)
        else:
            tuning_run = tuning.run_of(job)
            tuning_run.version += 1
            tuning.end(tuning_run, "Completed", now)


def attach_training_jobs(tuning_job_arn: str, objective_values: Sequence[float]) -> list[str]:
    """Give a tuning job one Completed training job per objective value; return their ARNs.

    The tuning job's trials are these from now on: it launches none of its own, and
    those it launched already are removed.
    """
    sim = simulation.current()
    with sim.lock:
        sim.advance()
        job = _job_for_arn(tuning_job_arn)
        if not isinstance(job, HyperParameterTuningJob):
            raise ValueError(f"{tuning_job_arn} is not a hyperparameter tuning job")
        run = tuning.run_of(job)
        tuning.take_over(run)
        now = sim.now()
        added = [tuning.add_trial(run, float(value), now, 0.0) for value in objective_values]
        sim.advance()  # their moves are all due now: Starting ... Completed
        tuning.finish_if_done(run, now)
        return [str(child.arn) for child in added]


def write_training_log(name_or_arn: str, host: str, lines: Sequence[str]) -> None:
    """Append ``lines`` to the log stream of a training job's ``host``, dated now."""
    if isinstance(lines, str):
        raise TypeError("lines must be a sequence of strings, not one string")
    if not all(isinstance(line, str) and line for line in lines):
        raise ValueError("every line must be a non-empty string (as CloudWatch Logs requires)")
    sim = simulation.current()
    with sim.lock:
        sim.advance()  # the job's own lines up to now first: a stream is in time order
        job = _job(name_or_arn)
        if not isinstance(job, FakeTrainingJob):
            raise ValueError(f"{name_or_arn} is not a training job")
        hosts = training.hosts_of(job)
        if host not in hosts:
            raise ValueError(
                f"training job {job.training_job_name} has no host {host!r}: its hosts are"
                f" {', '.join(hosts)}"
            )
        _, _, _, region, account, _ = str(job.arn).split(":", 5)
        logs.write_lines(account, region, job.training_job_name, host, sim.now(), list(lines))


def _job(name_or_arn: str) -> Job:
    """A training or tuning job by ARN, or by name in the backend's region."""
    if name_or_arn.startswith("arn:"):
        return _job_for_arn(name_or_arn)
    backend = _backend(DEFAULT_ACCOUNT, simulation.current().region_name)
    found: list[Job] = [
        job
        for job in (
            backend.training_jobs.get(name_or_arn),
            backend.hyper_parameter_tuning_jobs.get(name_or_arn),
        )
        if job is not None
    ]
    if not found:
        raise LookupError(
            f"no training or tuning job named {name_or_arn!r} on the local backend"
            f" (region {backend.region_name})"
        )
    if len(found) > 1:
        raise LookupError(
            f"both a training job and a tuning job are named {name_or_arn!r} on the local"
            " backend: pass the ARN of the one you mean"
        )
    return found[0]


def _job_for_arn(arn: str) -> Job:
    """The training or tuning job an ARN names, on moto's backend of its account and region."""
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[2] == "sagemaker" and "/" in parts[5]:
        region, account, (kind, name) = parts[3], parts[4], parts[5].split("/", 1)
        backend = _backend(account, region)
        jobs_by_kind: dict[str, Mapping[str, Job]] = {
            "training-job": backend.training_jobs,
            "hyper-parameter-tuning-job": backend.hyper_parameter_tuning_jobs,
        }
        jobs = jobs_by_kind.get(kind, {})
        if name in jobs:
            return jobs[name]
    raise LookupError(f"no training or tuning job with ARN {arn} on the local backend")


def _backend(account: str, region: str) -> SageMakerModelBackend:
    backend: SageMakerModelBackend = sagemaker_backends[account][region]
    return backend
