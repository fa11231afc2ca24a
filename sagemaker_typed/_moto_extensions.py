"""What sagemaker-typed adds to moto's SageMaker backend, and the only module that does.

moto is the project's local backend (in-process under ``mock_aws``, or over HTTP with
``ThreadedMotoServer``). :func:`install` adds the following to moto's own classes, so
both ways see them as long as they run in this process. It is idempotent and
thread-safe, and an operation that moto implements itself is left as moto has it.

Operations moto 5.2 lacks, with the service's rules:

- ``UpdateNotebookInstance``: unknown name → ``ValidationException`` "RecordNotFound"
  (moto's lookup, as the service answers); an instance that is not ``Stopped`` →
  ``ValidationException``; instance type and volume size are checked as moto's
  Create checks them, and the volume cannot shrink. The instance moves to
  ``Updating`` and back to ``Stopped`` and Describe shows the new settings;
  ``InstanceMetadataServiceConfiguration``, ``PlatformIdentifier`` and
  ``IpAddressType``, which moto does not store, are kept here and added to Describe.
- ``StopTrainingJob``: unknown name → ``ValidationException`` "Requested resource not
  found." (what the service sends); a job that is not ``InProgress`` →
  ``ValidationException`` "The request was rejected because the training job is in
  status ..."; an ``InProgress`` job moves to ``Stopping`` then ``Stopped``, its
  ``SecondaryStatus`` and ``SecondaryStatusTransitions`` likewise.
- ``StopHyperParameterTuningJob``: unknown name → ``ResourceNotFound`` (what the
  service sends); not ``InProgress`` → ``ValidationException`` (worded like
  StopTrainingJob's); ``Stopping`` then ``Stopped``, and the tuning job's
  ``InProgress`` training jobs stop with it.
- ``ListTrainingJobsForHyperParameterTuningJob``: the tuning job's training jobs as
  ``HyperParameterTrainingJobSummary`` items, with ``StatusEquals``, ``SortBy``
  (default ``Name``), ``SortOrder`` and moto's own ``NextToken`` pagination
  (``MaxResults`` defaults to 10, as in the service).

A fix of moto's own CreateTrainingJob: moto 5.2 replaces an existing job of the same
name; the service refuses the name with ``ResourceInUse`` ("Training job names must be
unique within an AWS account and region, and a training job with this name already
exists (<arn>)"), and so does the wrapped method here. A retried create must meet that
answer for sagemaker-typed's lost-answer recovery to be testable locally.

Transient states: right after an update or a stop, the next Describe of that resource
answers ``Updating`` or ``Stopping`` and the ones after it ``Stopped``. To count those
Describes, the three Describe response methods are wrapped; for a resource without a
pending transition they answer exactly as moto does.

Test hooks, because moto completes every job at once and its tuning jobs launch no
training jobs: :func:`hold_in_progress` and :func:`complete_job` move a job created on
the backend back to ``InProgress`` and on to ``Completed``, and
:func:`attach_training_jobs` gives a tuning job training jobs. They edit the backend's
state and take the job's ARN (which names its account and region), so moto's Create
path is left alone and nothing stays switched on between tests.
``sagemaker_typed.testing`` exposes them.

Left as moto has it: everything else, including the rest of creation (jobs
``Completed`` at once),
Start/Stop/DeleteNotebookInstance, the other List operations, the errors of moto's own
operations, and the fixed counters and best training job of moto's tuning jobs.
"""

from __future__ import annotations

import copy
import functools
import threading
import weakref
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.sagemaker.exceptions import ResourceInUseException, ResourceNotFound, ValidationError
from moto.sagemaker.models import (
    FakeSagemakerNotebookInstance,
    FakeTrainingJob,
    HyperParameterTuningJob,
    SageMakerModelBackend,
    sagemaker_backends,
)
from moto.sagemaker.responses import SageMakerResponse
from moto.utilities.paginator import paginate

from sagemaker_typed import _moto_operations

__all__ = ["attach_training_jobs", "complete_job", "hold_in_progress", "install"]

# How many Describes answer a transient status (Updating, Stopping) before the final one.
_DESCRIBES_IN_TRANSIENT_STATUS = 1

# One lock for every change this module makes: moto's server answers on many threads.
_lock = threading.RLock()
_installed = False


@dataclass
class _PendingTransition:
    describes_left: int
    finish: Callable[[], None]


@dataclass(frozen=True)
class _Trial:
    """What links a training job to the tuning job that launched it."""

    tuning_job: HyperParameterTuningJob  # the object: a new job of the same name is another
    tuned_hyper_parameters: dict[str, str]
    objective_metric: dict[str, Any]


# Keyed by moto's own objects, so a reset of moto's backends forgets them too.
_pending: weakref.WeakKeyDictionary[object, _PendingTransition] = weakref.WeakKeyDictionary()
_notebook_extras: weakref.WeakKeyDictionary[FakeSagemakerNotebookInstance, dict[str, Any]] = (
    weakref.WeakKeyDictionary()
)
_trials: weakref.WeakKeyDictionary[FakeTrainingJob, _Trial] = weakref.WeakKeyDictionary()

# Note for every state change below: replace lists and dicts, never mutate them, since
# a Describe answer built a moment ago may still share them until it is serialised.


# --- UpdateNotebookInstance ------------------------------------------------------------

# Request member -> attribute of moto's notebook instance that Describe reads.
_NOTEBOOK_SETTINGS = {
    "InstanceType": "instance_type",
    "RoleArn": "role_arn",
    "LifecycleConfigName": "lifecycle_config_name",
    "VolumeSizeInGB": "volume_size_in_gb",
    "AcceleratorTypes": "accelerator_types",
    "DefaultCodeRepository": "default_code_repository",
    "AdditionalCodeRepositories": "additional_code_repositories",
    "RootAccess": "root_access",
}
# Disassociate flag -> the attribute it clears.
_NOTEBOOK_DISASSOCIATIONS = {
    "DisassociateLifecycleConfig": "lifecycle_config_name",
    "DisassociateAcceleratorTypes": "accelerator_types",
    "DisassociateDefaultCodeRepository": "default_code_repository",
    "DisassociateAdditionalCodeRepositories": "additional_code_repositories",
}
# Settings moto neither stores nor describes: kept in _notebook_extras.
_NOTEBOOK_EXTRA_SETTINGS = (
    "InstanceMetadataServiceConfiguration",
    "PlatformIdentifier",
    "IpAddressType",
)


def update_notebook_instance(
    backend: SageMakerModelBackend, notebook_instance_name: str, changes: Mapping[str, Any]
) -> None:
    """Apply ``changes`` (UpdateNotebookInstance members) to a Stopped instance."""
    with _lock:
        instance = backend.get_notebook_instance(notebook_instance_name)
        if instance.status != "Stopped":
            raise ValidationError(
                f"Status ({instance.status}) not in ([Stopped]). Unable to transition to"
                f" (Updating) for Notebook Instance ({instance.arn})"
            )
        if "InstanceType" in changes:
            instance.validate_instance_type(changes["InstanceType"])
        if "VolumeSizeInGB" in changes:
            instance.validate_volume_size_in_gb(changes["VolumeSizeInGB"])
            if changes["VolumeSizeInGB"] < instance.volume_size_in_gb:
                raise ValidationError(
                    f"VolumeSizeInGB cannot be decreased: the volume has"
                    f" {instance.volume_size_in_gb} GB"
                )
        for member, attribute in _NOTEBOOK_SETTINGS.items():
            if member in changes:
                setattr(instance, attribute, changes[member])
        for flag, attribute in _NOTEBOOK_DISASSOCIATIONS.items():
            if changes.get(flag):
                setattr(instance, attribute, None)
        extras = {key: changes[key] for key in _NOTEBOOK_EXTRA_SETTINGS if key in changes}
        if extras:
            _notebook_extras[instance] = {**_notebook_extras.get(instance, {}), **extras}

        instance.status = "Updating"
        instance.last_modified_time = utcnow()

        def finish() -> None:
            if instance.status == "Updating":  # unless something else moved it meanwhile
                instance.status = "Stopped"
                instance.last_modified_time = utcnow()

        _pending[instance] = _PendingTransition(_DESCRIBES_IN_TRANSIENT_STATUS, finish)


# --- StopTrainingJob, StopHyperParameterTuningJob -------------------------------------


def stop_training_job(backend: SageMakerModelBackend, training_job_name: str) -> None:
    """Move an InProgress training job to Stopping, and Stopped after one Describe."""
    with _lock:
        job = backend.training_jobs.get(training_job_name)
        if job is None:
            raise ValidationError("Requested resource not found.")
        if job.training_job_status != "InProgress":
            raise ValidationError(
                "The request was rejected because the training job is in status"
                f" {job.training_job_status}."
            )
        _enter_training_status(job, "Stopping", "Stopping", "Stopping the training job")

        def finish() -> None:
            _enter_training_status(job, "Stopped", "Stopped", "Training job stopped")

        _pending[job] = _PendingTransition(_DESCRIBES_IN_TRANSIENT_STATUS, finish)


def stop_hyper_parameter_tuning_job(
    backend: SageMakerModelBackend, hyper_parameter_tuning_job_name: str
) -> None:
    """Move an InProgress tuning job (and its running training jobs) towards Stopped."""
    with _lock:
        tuning_job = _tuning_job(backend, hyper_parameter_tuning_job_name)
        status = tuning_job.hyper_parameter_tuning_job_status
        if status != "InProgress":
            raise ValidationError(
                "The request was rejected because the hyperparameter tuning job is in"
                f" status {status}."
            )
        tuning_job.hyper_parameter_tuning_job_status = "Stopping"
        tuning_job.last_modified_time = utcnow()
        for job in _training_jobs_of(backend, tuning_job):
            if job.training_job_status == "InProgress":
                stop_training_job(backend, job.training_job_name)

        def finish() -> None:
            for job in _training_jobs_of(backend, tuning_job):
                _finish_pending_transition(job)
            now = utcnow()
            tuning_job.hyper_parameter_tuning_job_status = "Stopped"
            tuning_job.hyper_parameter_tuning_end_time = now
            tuning_job.last_modified_time = now

        _pending[tuning_job] = _PendingTransition(_DESCRIBES_IN_TRANSIENT_STATUS, finish)


def _enter_training_status(
    job: FakeTrainingJob, status: str, secondary_status: str, message: str
) -> None:
    """Set a training job's statuses, closing its open secondary status transition."""
    now = utcnow()
    transitions = [
        {**transition, "EndTime": transition.get("EndTime", now)}
        for transition in job.secondary_status_transitions
    ]
    new_transition: dict[str, Any] = {
        "Status": secondary_status,
        "StartTime": now,
        "StatusMessage": message,
    }
    if status in ("Completed", "Failed", "Stopped"):
        new_transition["EndTime"] = now
        job.training_end_time = now
    job.secondary_status_transitions = [*transitions, new_transition]
    job.training_job_status = status
    job.secondary_status = secondary_status
    job.last_modified_time = now


def _tuning_job(backend: SageMakerModelBackend, name: str) -> HyperParameterTuningJob:
    try:
        return backend.hyper_parameter_tuning_jobs[name]
    except KeyError:
        raise ResourceNotFound(
            message=f"Amazon SageMaker can't find a tuning job with name {name}"
        ) from None


# --- ListTrainingJobsForHyperParameterTuningJob ---------------------------------------

_LIST_PAGINATION = {
    "list_training_jobs_for_hyper_parameter_tuning_job": {
        "input_token": "next_token",
        "limit_key": "max_results",
        "limit_default": 10,
        "unique_attribute": "arn",
    }
}
_LIST_ENUMS = {
    "StatusEquals": ["InProgress", "Completed", "Failed", "Stopping", "Stopped", "Deleting"],
    "SortBy": ["Name", "CreationTime", "Status", "FinalObjectiveMetricValue"],
    "SortOrder": ["Ascending", "Descending"],
}
_LIST_SORT_KEYS: dict[str, Callable[[FakeTrainingJob], Any]] = {
    "Name": lambda job: job.training_job_name,
    "CreationTime": lambda job: job.creation_time,
    "Status": lambda job: job.training_job_status,
    "FinalObjectiveMetricValue": lambda job: _trials[job].objective_metric["Value"],
}


@paginate(pagination_model=_LIST_PAGINATION)
def list_training_jobs_for_hyper_parameter_tuning_job(
    backend: SageMakerModelBackend,
    hyper_parameter_tuning_job_name: str,
    status_equals: str | None,
    sort_by: str,
    sort_order: str,
) -> list[FakeTrainingJob]:
    """The tuning job's training jobs, filtered and sorted (moto's paginate pages them)."""
    with _lock:
        tuning_job = _tuning_job(backend, hyper_parameter_tuning_job_name)
        jobs = _training_jobs_of(backend, tuning_job)
        if status_equals is not None:
            jobs = [job for job in jobs if job.training_job_status == status_equals]
        if sort_by == "FinalObjectiveMetricValue":  # the service omits jobs without one
            jobs = [job for job in jobs if _reports_objective(job)]
        return sorted(jobs, key=_LIST_SORT_KEYS[sort_by], reverse=sort_order == "Descending")


def _training_jobs_of(
    backend: SageMakerModelBackend, tuning_job: HyperParameterTuningJob
) -> list[FakeTrainingJob]:
    # A copy first: moto's CreateTrainingJob may add to the dict on another thread.
    jobs = list(backend.training_jobs.values())
    return [job for job in jobs if job in _trials and _trials[job].tuning_job is tuning_job]


def _reports_objective(job: FakeTrainingJob) -> bool:
    return job.training_job_status == "Completed"


def _training_job_summary(job: FakeTrainingJob) -> dict[str, Any]:
    """A ``HyperParameterTrainingJobSummary`` (None values are left out on the wire)."""
    trial = _trials[job]
    summary: dict[str, Any] = {
        "TrainingJobName": job.training_job_name,
        "TrainingJobArn": job.arn,
        "TuningJobName": trial.tuning_job.hyper_parameter_tuning_job_name,
        "CreationTime": job.creation_time,
        "TrainingStartTime": job.training_start_time,
        "TrainingEndTime": job.training_end_time,
        "TrainingJobStatus": job.training_job_status,
        "TunedHyperParameters": trial.tuned_hyper_parameters,
        "ObjectiveStatus": {
            "Completed": "Succeeded",
            "InProgress": "Pending",
            "Stopping": "Pending",
        }.get(job.training_job_status, "Failed"),
    }
    if _reports_objective(job):
        summary["FinalHyperParameterTuningJobObjectiveMetric"] = trial.objective_metric
    return summary


# --- Response methods (dispatched by moto on the snake_case action name) ---------------


def _update_notebook_instance_action(self: SageMakerResponse) -> EmptyResult:
    members = [*_NOTEBOOK_SETTINGS, *_NOTEBOOK_DISASSOCIATIONS, *_NOTEBOOK_EXTRA_SETTINGS]
    params = {member: self._get_param(member) for member in members}
    changes = {member: value for member, value in params.items() if value is not None}
    update_notebook_instance(
        self.sagemaker_backend, self._get_param("NotebookInstanceName"), changes
    )
    return EmptyResult()


def _stop_training_job_action(self: SageMakerResponse) -> EmptyResult:
    stop_training_job(self.sagemaker_backend, self._get_param("TrainingJobName"))
    return EmptyResult()


def _stop_hyper_parameter_tuning_job_action(self: SageMakerResponse) -> EmptyResult:
    stop_hyper_parameter_tuning_job(
        self.sagemaker_backend, self._get_param("HyperParameterTuningJobName")
    )
    return EmptyResult()


def _list_training_jobs_for_hyper_parameter_tuning_job_action(
    self: SageMakerResponse,
) -> ActionResult:
    defaults = {"SortBy": "Name", "SortOrder": "Ascending"}
    values = {member: self._get_param(member, defaults.get(member)) for member in _LIST_ENUMS}
    max_results = self._get_param("MaxResults")
    _moto_operations.check_list_options(values, _LIST_ENUMS, max_results)
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
        {
            "TrainingJobSummaries": [_training_job_summary(job) for job in jobs],
            "NextToken": next_token,
        }
    )


def _advancing_describe(
    describe: Callable[[SageMakerResponse], ActionResult],
    collection: str,
    name_member: str,
) -> Callable[[SageMakerResponse], ActionResult]:
    """Wrap one of moto's Describe methods to count down a pending transition."""

    @functools.wraps(describe)
    def describe_and_advance(self: SageMakerResponse) -> ActionResult:
        with _lock:
            answer = describe(self)
            name = self._get_param(name_member)
            resource = getattr(self.sagemaker_backend, collection).get(name)
            extras = _notebook_extras.get(resource) if resource is not None else None
            if extras:
                answer = ActionResult({**_as_dict(answer.result), **extras})
            pending = _pending.get(resource) if resource is not None else None
            if pending is not None:
                pending.describes_left -= 1
                if pending.describes_left <= 0:
                    _finish_pending_transition(resource)
            return answer

    return describe_and_advance


def _unique_training_job_name(
    create: Callable[[SageMakerResponse], ActionResult],
) -> Callable[[SageMakerResponse], ActionResult]:
    """Wrap moto's CreateTrainingJob to refuse a name in use, as the service does."""

    @functools.wraps(create)
    def create_unless_taken(self: SageMakerResponse) -> ActionResult:
        with _lock:  # check and create as one step: the server answers on many threads
            existing = self.sagemaker_backend.training_jobs.get(self._get_param("TrainingJobName"))
            if existing is not None:
                raise ResourceInUseException(
                    "Training job names must be unique within an AWS account and region, and"
                    f" a training job with this name already exists ({existing.arn})"
                )
            return create(self)

    return create_unless_taken


def _finish_pending_transition(resource: object) -> None:
    pending = _pending.pop(resource, None)
    if pending is not None:
        pending.finish()


def _as_dict(result: object) -> dict[str, Any]:
    assert isinstance(result, dict)
    return result


_ADDED_OPERATIONS: dict[str, Callable[..., Any]] = {
    "update_notebook_instance": _update_notebook_instance_action,
    "stop_training_job": _stop_training_job_action,
    "stop_hyper_parameter_tuning_job": _stop_hyper_parameter_tuning_job_action,
    "list_training_jobs_for_hyper_parameter_tuning_job": (
        _list_training_jobs_for_hyper_parameter_tuning_job_action
    ),
}
# Backend methods, so moto-style code can call sagemaker_backends[...][...].stop_training_job.
_ADDED_BACKEND_METHODS: dict[str, Callable[..., Any]] = {
    "update_notebook_instance": update_notebook_instance,
    "stop_training_job": stop_training_job,
    "stop_hyper_parameter_tuning_job": stop_hyper_parameter_tuning_job,
    "list_training_jobs_for_hyper_parameter_tuning_job": (
        list_training_jobs_for_hyper_parameter_tuning_job
    ),
}
# Describe method -> (backend collection, name member) whose transitions it advances.
_WRAPPED_DESCRIBES = {
    "describe_notebook_instance": ("notebook_instances", "NotebookInstanceName"),
    "describe_training_job": ("training_jobs", "TrainingJobName"),
    "describe_hyper_parameter_tuning_job": (
        "hyper_parameter_tuning_jobs",
        "HyperParameterTuningJobName",
    ),
}

# Create method -> its wrapper (the service's rules where moto's differ).
_WRAPPED_CREATES = {"create_training_job": _unique_training_job_name}


def install() -> None:
    """Add the operations above to moto's SageMaker classes (idempotent, thread-safe).

    ``sagemaker_typed.testing.local_sagemaker()`` calls it; call it yourself before
    starting a ``ThreadedMotoServer`` in this process.
    """
    global _installed
    with _lock:
        if _installed:
            return
        for action, method in _ADDED_OPERATIONS.items():
            if not hasattr(SageMakerResponse, action):  # moto's own implementation wins
                setattr(SageMakerResponse, action, method)
                setattr(SageMakerModelBackend, action, _ADDED_BACKEND_METHODS[action])
        for action, (collection, name_member) in _WRAPPED_DESCRIBES.items():
            original = getattr(SageMakerResponse, action)
            wrapped = _advancing_describe(original, collection, name_member)
            setattr(SageMakerResponse, action, wrapped)
        for action, wrap in _WRAPPED_CREATES.items():
            setattr(SageMakerResponse, action, wrap(getattr(SageMakerResponse, action)))
        _moto_operations.install()
        _installed = True


# --- Test hooks -------------------------------------------------------------------------


def hold_in_progress(job_arn: str) -> None:
    """Put a training or tuning job back to InProgress, as if it were still running."""
    with _lock:
        job = _job_for_arn(job_arn)
        _pending.pop(job, None)
        if isinstance(job, FakeTrainingJob):
            job.secondary_status_transitions = job.secondary_status_transitions[:1]
            job.training_end_time = None  # type: ignore[assignment]
            _enter_training_status(
                job,
                "InProgress",
                "Training",
                "Training image download completed. Training in progress.",
            )
        else:
            job.hyper_parameter_tuning_job_status = "InProgress"
            job.hyper_parameter_tuning_end_time = None  # type: ignore[assignment]
            job.last_modified_time = utcnow()


def complete_job(job_arn: str) -> None:
    """Finish an InProgress training or tuning job as Completed."""
    with _lock:
        job = _job_for_arn(job_arn)
        if isinstance(job, FakeTrainingJob):
            status = job.training_job_status
        else:
            status = job.hyper_parameter_tuning_job_status
        if status != "InProgress":
            raise ValueError(f"{job_arn} is {status}, not InProgress")
        if isinstance(job, FakeTrainingJob):
            _enter_training_status(job, "Completed", "Completed", "Training job completed")
        else:
            now = utcnow()
            job.hyper_parameter_tuning_job_status = "Completed"
            job.hyper_parameter_tuning_end_time = now
            job.last_modified_time = now


def attach_training_jobs(tuning_job_arn: str, objective_values: Sequence[float]) -> list[str]:
    """Create one Completed training job per objective value, launched by the tuning job.

    The jobs follow the tuning job's (first) training job definition, are named like
    the service names them (``<tuning job>-001-<8 hex digits>``), carry tuned
    hyperparameters picked from its ranges, and report the objective metric with the
    given value. Returns their ARNs.
    """
    with _lock:
        tuning_job = _job_for_arn(tuning_job_arn)
        if not isinstance(tuning_job, HyperParameterTuningJob):
            raise ValueError(f"{tuning_job_arn} is not a hyperparameter tuning job")
        backend = sagemaker_backends[tuning_job.account_id][tuning_job.region_name]
        tuning_name = tuning_job.hyper_parameter_tuning_job_name
        config = tuning_job.hyper_parameter_tuning_job_config
        definition = (
            tuning_job.training_job_definition or (tuning_job.training_job_definitions or [{}])[0]
        )
        objective = (
            config.get("HyperParameterTuningJobObjective")
            or definition.get("TuningObjective")
            or {"Type": "Maximize", "MetricName": "objective"}
        )
        ranges = definition.get("HyperParameterRanges") or config.get("ParameterRanges") or {}
        first_index = len(_training_jobs_of(backend, tuning_job)) + 1
        arns = []
        for index, value in enumerate(objective_values, start=first_index):
            suffix = zlib.crc32(f"{tuning_name}-{index}".encode()) & 0xFFFFFFFF
            tuned = _tuned_hyper_parameters(ranges, index)
            # Passed as one dict: moto's annotations say dict where it takes None too.
            arguments: dict[str, Any] = {
                "training_job_name": f"{tuning_name}-{index:03d}-{suffix:08x}",
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
            job = backend.create_training_job(**arguments)
            metric = {
                "Type": objective.get("Type"),
                "MetricName": objective["MetricName"],
                "Value": float(value),
            }
            # moto's Describe derives its keys from the job's attributes: this one
            # shows as TuningJobArn, as the service shows it.
            setattr(job, "tuning_job_arn", tuning_job.arn)  # noqa: B010
            job.final_metric_data_list = [
                {
                    "MetricName": metric["MetricName"],
                    "Value": metric["Value"],
                    "Timestamp": utcnow(),
                }
            ]
            _trials[job] = _Trial(tuning_job, tuned, metric)
            arns.append(job.arn)
        return arns


def _tuned_hyper_parameters(ranges: Mapping[str, Any], index: int) -> dict[str, str]:
    """Values picked from the tuning job's ranges, varying with ``index``."""
    tuned = {}
    for integer_range in ranges.get("IntegerParameterRanges", []):
        low, high = int(integer_range["MinValue"]), int(integer_range["MaxValue"])
        tuned[integer_range["Name"]] = str(low + index % (high - low + 1))
    for continuous_range in ranges.get("ContinuousParameterRanges", []):
        low_f, high_f = float(continuous_range["MinValue"]), float(continuous_range["MaxValue"])
        tuned[continuous_range["Name"]] = str(low_f + (high_f - low_f) * (index % 10) / 9)
    for categorical_range in ranges.get("CategoricalParameterRanges", []):
        values = categorical_range["Values"]
        tuned[categorical_range["Name"]] = values[index % len(values)]
    return tuned


def _job_for_arn(arn: str) -> FakeTrainingJob | HyperParameterTuningJob:
    """The training or tuning job an ARN names, on moto's backend of its account and region."""
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[2] == "sagemaker" and "/" in parts[5]:
        region, account, (kind, name) = parts[3], parts[4], parts[5].split("/", 1)
        backend = sagemaker_backends[account][region]
        jobs_by_kind: dict[str, Mapping[str, FakeTrainingJob | HyperParameterTuningJob]] = {
            "training-job": backend.training_jobs,
            "hyper-parameter-tuning-job": backend.hyper_parameter_tuning_jobs,
        }
        jobs = jobs_by_kind.get(kind, {})
        if name in jobs:
            return jobs[name]
    raise LookupError(f"no training or tuning job with ARN {arn} on the local backend")
