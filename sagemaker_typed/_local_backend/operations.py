"""The neighbouring operations on the local backend: what moto 5.2 lacks or gets wrong.

An area of the local backend (see ``backend.AREAS``): its ``PATCHES`` replace or add
moto's SageMaker response methods while a backend runs, so moto in-process and moto's
server on 127.0.0.1 both answer as the service:

- ``ListTrainingJobs``: moto pages before it filters (a page can come back short or
  empty with more to come) and ignores ``SortBy``/``SortOrder``; here every filter
  (name, status, creation and last-modified times, ``WarmPoolStatusEquals``,
  ``TrainingPlanArnEquals``) applies first, then the sort (default ``CreationTime``,
  ``Ascending``), then the page. A completed job whose ``ResourceConfig`` keeps its
  instances alive (``KeepAlivePeriodInSeconds``) shows an ``Available`` warm pool (it
  never expires here).
- ``ListNotebookInstances``: moto ignores the time filters,
  ``NotebookInstanceLifecycleConfigNameContains``, ``DefaultCodeRepositoryContains`` and
  ``AdditionalCodeRepositoryEquals``; here they all apply (default sort ``Name``).
- ``ListNotebookInstanceLifecycleConfigs`` (moto lacks it): name and time filters, sort
  by ``CreationTime`` (default), ``Name`` or ``LastModifiedTime``.
- ``UpdateNotebookInstanceLifecycleConfig`` (moto lacks it): replaces the scripts given;
  a missing config is moto's (and the service's) ValidationException "... does not
  exist".
- ``CreatePresignedNotebookInstanceUrl`` (moto lacks it): the instance's URL with a
  random ``authToken``; a missing instance is moto's ValidationException
  "RecordNotFound".
- ``UpdateTrainingJob`` (moto lacks it): profiler config (merged), profiler rules
  (added), remote debug config and ``KeepAlivePeriodInSeconds``, which Describe then
  shows. An ``InProgress`` job takes any of them; a finished job only a keep-alive
  change while its warm pool is ``Available``; anything else is a ValidationException
  worded like StopTrainingJob's; a missing job is ``ResourceNotFound``.
- ``AddTags``/``ListTags``/``DeleteTags`` on training jobs, tuning jobs, notebook
  instances and lifecycle configs: moto fails with a raw ``AttributeError`` (a 500
  over HTTP) on a tuning job created without tags, on a lifecycle config and on a
  missing resource. Here a missing one is a ValidationException "Could not find ...";
  a tag of a key the resource has replaces it (moto adds a second); ``ListTags`` pages
  by 50 by default. Other kinds of resources are moto's, but an ARN moto cannot look
  up is the same ValidationException. The 50-tags-per-resource quota is not enforced.

``MaxResults`` defaults to 10 (50 for ListTags), as in the service; page tokens are
moto's (a token only fits the filters it was issued for).
"""

from __future__ import annotations

import datetime
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.sagemaker.exceptions import ResourceNotFound, ValidationError
from moto.sagemaker.models import (
    FakeSagemakerNotebookInstance,
    FakeSageMakerNotebookInstanceLifecycleConfig,
    FakeTrainingJob,
    SageMakerModelBackend,
)
from moto.sagemaker.responses import SageMakerResponse, format_enum_error
from moto.utilities.paginator import Paginator

from sagemaker_typed._local_backend import simulation
from sagemaker_typed._local_backend.patching import Patch, wrapping

__all__ = ["PATCHES", "check_list_options"]

_DEFAULT_PAGE_SIZE = 10
_DEFAULT_TAGS_PAGE_SIZE = 50  # ListTags' MaxResults is at least 50
# For the changes that check a state and then act on it: moto's server answers on many
# threads.
_lock = threading.Lock()
_SORT_ORDERS = ("Ascending", "Descending")
_TIME_FILTERS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "CreationTimeAfter": ("creation_time", lambda value, bound: value > bound),
    "CreationTimeBefore": ("creation_time", lambda value, bound: value < bound),
    "LastModifiedTimeAfter": ("last_modified_time", lambda value, bound: value > bound),
    "LastModifiedTimeBefore": ("last_modified_time", lambda value, bound: value < bound),
}


@dataclass(frozen=True)
class _Listing:
    """How one List operation finds, filters, sorts and summarises its resources."""

    collection: str  # the backend's dict of the resources, by name
    result_key: str
    summary: Callable[[Any], dict[str, Any]]
    sort_keys: Mapping[str, Callable[[Any], Any]]
    default_sort: str
    # Request member -> whether a resource passes the filter with that value.
    filters: Mapping[str, Callable[[Any, Any], bool]] = field(default_factory=dict)
    # Request member -> its allowed values (enums the backend checks, as the service does).
    enums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _listed(response: SageMakerResponse, listing: _Listing) -> ActionResult:
    """One page of ``listing`` for the request ``response`` is answering."""
    sort_by = response._get_param("SortBy") or listing.default_sort
    sort_order = response._get_param("SortOrder") or "Ascending"
    enums = {**listing.enums, "SortBy": tuple(listing.sort_keys), "SortOrder": _SORT_ORDERS}
    values = {member: response._get_param(member) for member in listing.enums}
    values.update(SortBy=sort_by, SortOrder=sort_order)
    max_results = response._get_param("MaxResults")
    check_list_options(values, enums, max_results)
    resources: Iterable[Any] = list(
        getattr(response.sagemaker_backend, listing.collection).values()
    )
    checked: dict[str, Any] = {}
    for member, (attribute, passes) in _TIME_FILTERS.items():
        bound = _naive_utc(response._get_param(member))
        if bound is not None:
            checked[member] = bound
            resources = [r for r in resources if passes(_naive_utc(getattr(r, attribute)), bound)]
    for member, keep in listing.filters.items():
        value = response._get_param(member)
        if value is not None:
            checked[member] = value
            resources = [r for r in resources if keep(r, value)]
    ordered = sorted(resources, key=listing.sort_keys[sort_by], reverse=sort_order == "Descending")
    page, next_token = Paginator(
        max_results=max_results,
        max_results_default=_DEFAULT_PAGE_SIZE,
        starting_token=response._get_param("NextToken"),
        unique_attribute="arn",
        param_values_to_check={**checked, "SortBy": sort_by, "SortOrder": sort_order},
    ).paginate(ordered)
    return ActionResult(
        {listing.result_key: [listing.summary(r) for r in page], "NextToken": next_token}
    )


def check_list_options(
    values: Mapping[str, Any], enums: Mapping[str, Sequence[str]], max_results: Any
) -> None:
    """Refuse a listing's enum values and page size as the service does (one
    ValidationException listing every problem)."""
    errors = [
        format_enum_error(value, member[0].lower() + member[1:], list(allowed))
        for member, allowed in enums.items()
        if (value := values.get(member)) is not None and value not in allowed
    ]
    if max_results is not None and not 1 <= max_results <= 100:
        errors.append(
            f"Value '{max_results}' at 'maxResults' failed to satisfy constraint:"
            " Member must have value between 1 and 100"
        )
    if errors:
        raise ValidationError(
            f"{len(errors)} validation error{'s' if len(errors) > 1 else ''} detected: "
            + "; ".join(errors)
        )


def _naive_utc(value: Any) -> datetime.datetime | None:
    """A timestamp as moto keeps them (naive UTC), from a datetime or epoch seconds."""
    if value is None:
        return None
    if isinstance(value, int | float):
        value = datetime.datetime.fromtimestamp(value, datetime.UTC)
    elif isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    assert isinstance(value, datetime.datetime)
    return value


def _without_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


# --- ListTrainingJobs ----------------------------------------------------------------


def _training_job_summary(job: FakeTrainingJob) -> dict[str, Any]:
    return _without_none(
        {
            "TrainingJobName": job.training_job_name,
            "TrainingJobArn": job.arn,
            "CreationTime": job.creation_time,
            "TrainingEndTime": job.training_end_time,
            "LastModifiedTime": job.last_modified_time,
            "TrainingJobStatus": job.training_job_status,
            "SecondaryStatus": job.secondary_status,
            "WarmPoolStatus": _warm_pool(job),
            "TrainingPlanArn": (job.resource_config or {}).get("TrainingPlanArn"),
        }
    )


def _warm_pool(job: FakeTrainingJob) -> dict[str, Any] | None:
    """A completed job asked to keep its instances alive has an Available warm pool."""
    keep_alive = (job.resource_config or {}).get("KeepAlivePeriodInSeconds")
    if not keep_alive or job.training_job_status != "Completed":
        return None
    return {"Status": "Available", "ResourceRetainedBillableTimeInSeconds": 0}


def _warm_pool_status(job: FakeTrainingJob) -> str | None:
    warm_pool = _warm_pool(job)
    return None if warm_pool is None else str(warm_pool["Status"])


_TRAINING_JOBS = _Listing(
    collection="training_jobs",
    result_key="TrainingJobSummaries",
    summary=_training_job_summary,
    sort_keys={
        "Name": lambda job: job.training_job_name,
        "CreationTime": lambda job: job.creation_time,
        "Status": lambda job: job.training_job_status,
    },
    default_sort="CreationTime",
    filters={
        "NameContains": lambda job, text: text in job.training_job_name,
        "StatusEquals": lambda job, status: job.training_job_status == status,
        "WarmPoolStatusEquals": lambda job, status: _warm_pool_status(job) == status,
        "TrainingPlanArnEquals": lambda job, arn: (
            (job.resource_config or {}).get("TrainingPlanArn") == arn
        ),
    },
    enums={
        "StatusEquals": ("InProgress", "Completed", "Failed", "Stopping", "Stopped", "Deleting"),
        "WarmPoolStatusEquals": ("Available", "Terminated", "Reused", "InUse"),
    },
)


# --- ListNotebookInstances -------------------------------------------------------------


def _notebook_instance_summary(instance: FakeSagemakerNotebookInstance) -> dict[str, Any]:
    return _without_none(
        {
            "NotebookInstanceName": instance.notebook_instance_name,
            "NotebookInstanceArn": instance.arn,
            "NotebookInstanceStatus": instance.status,
            "Url": instance.url,
            "InstanceType": instance.instance_type,
            "CreationTime": instance.creation_time,
            "LastModifiedTime": instance.last_modified_time,
            "NotebookInstanceLifecycleConfigName": instance.lifecycle_config_name,
            "DefaultCodeRepository": instance.default_code_repository,
            "AdditionalCodeRepositories": instance.additional_code_repositories or None,
        }
    )


_NOTEBOOK_INSTANCES = _Listing(
    collection="notebook_instances",
    result_key="NotebookInstances",
    summary=_notebook_instance_summary,
    sort_keys={
        "Name": lambda instance: instance.notebook_instance_name,
        "CreationTime": lambda instance: instance.creation_time,
        "Status": lambda instance: instance.status,
    },
    default_sort="Name",
    filters={
        "NameContains": lambda instance, text: text in instance.notebook_instance_name,
        "StatusEquals": lambda instance, status: instance.status == status,
        "NotebookInstanceLifecycleConfigNameContains": lambda instance, text: (
            text in (instance.lifecycle_config_name or "")
        ),
        "DefaultCodeRepositoryContains": lambda instance, text: (
            text in (instance.default_code_repository or "")
        ),
        "AdditionalCodeRepositoryEquals": lambda instance, repository: (
            repository in (instance.additional_code_repositories or [])
        ),
    },
    enums={
        "StatusEquals": (
            "Pending",
            "InService",
            "Stopping",
            "Stopped",
            "Failed",
            "Deleting",
            "Updating",
        ),
    },
)


# --- Notebook instance lifecycle configs ----------------------------------------------


def _create_lifecycle_config(
    create: Callable[..., FakeSageMakerNotebookInstanceLifecycleConfig],
    backend: SageMakerModelBackend,
    *args: Any,
    **kwargs: Any,
) -> FakeSageMakerNotebookInstanceLifecycleConfig:
    config = create(*args, **kwargs)
    config.creation_time = config.last_modified_time = simulation.current().wall_now()
    return config


def _lifecycle_config(
    backend: SageMakerModelBackend, name: str, verb: str
) -> FakeSageMakerNotebookInstanceLifecycleConfig:
    """The named config, or the service's ValidationException for a missing one."""
    config = backend.notebook_instance_lifecycle_configurations.get(name)
    if config is None:
        arn = FakeSageMakerNotebookInstanceLifecycleConfig.arn_formatter(
            name, backend.account_id, backend.region_name
        )
        raise ValidationError(
            f"Unable to {verb} Notebook Instance Lifecycle Config '{arn}'. (Details:"
            " Notebook Instance Lifecycle Config does not exist.)"
        )
    return config


def _update_notebook_instance_lifecycle_config(self: SageMakerResponse) -> EmptyResult:
    with _lock:
        config = _lifecycle_config(
            self.sagemaker_backend, self._get_param("NotebookInstanceLifecycleConfigName"), "update"
        )
        for member, attribute in (("OnCreate", "on_create"), ("OnStart", "on_start")):
            scripts = self._get_param(member)
            if scripts is not None:
                setattr(config, attribute, scripts)
        config.last_modified_time = simulation.current().wall_now()
    return EmptyResult()


def _lifecycle_config_summary(
    config: FakeSageMakerNotebookInstanceLifecycleConfig,
) -> dict[str, Any]:
    return {
        "NotebookInstanceLifecycleConfigName": config.notebook_instance_lifecycle_config_name,
        "NotebookInstanceLifecycleConfigArn": config.arn,
        "CreationTime": config.creation_time,
        "LastModifiedTime": config.last_modified_time,
    }


_LIFECYCLE_CONFIGS = _Listing(
    collection="notebook_instance_lifecycle_configurations",
    result_key="NotebookInstanceLifecycleConfigs",
    summary=_lifecycle_config_summary,
    sort_keys={
        "Name": lambda config: config.notebook_instance_lifecycle_config_name,
        "CreationTime": lambda config: config.creation_time,
        "LastModifiedTime": lambda config: config.last_modified_time,
    },
    default_sort="CreationTime",
    filters={
        "NameContains": lambda config, text: text in config.notebook_instance_lifecycle_config_name
    },
)


# --- CreatePresignedNotebookInstanceUrl -----------------------------------------------


def _create_presigned_notebook_instance_url(self: SageMakerResponse) -> ActionResult:
    # moto's lookup: a missing instance is the service's ValidationException "RecordNotFound".
    instance = self.sagemaker_backend.get_notebook_instance(self._get_param("NotebookInstanceName"))
    token = secrets.token_urlsafe(32)
    return ActionResult({"AuthorizedUrl": f"https://{instance.url}?authToken={token}"})


# --- UpdateTrainingJob ----------------------------------------------------------------


def _merged(old: Any, new: dict[str, Any]) -> dict[str, Any]:
    return {**(old or {}), **new}


def _appended(old: Any, new: list[Any]) -> list[Any]:
    return [*(old or []), *new]


# Request member -> the job's attribute (Describe shows it) and how a change goes in.
_TRAINING_JOB_UPDATES: dict[str, tuple[str, Callable[[Any, Any], Any]]] = {
    "ProfilerConfig": ("profiler_config", _merged),
    "ProfilerRuleConfigurations": ("profiler_rule_configurations", _appended),
    "ResourceConfig": ("resource_config", _merged),
    "RemoteDebugConfig": ("remote_debug_config", _merged),
}


def _update_training_job(self: SageMakerResponse) -> ActionResult:
    changes = {
        member: value
        for member in _TRAINING_JOB_UPDATES
        if (value := self._get_param(member)) is not None
    }
    with _lock:
        job = self.sagemaker_backend.training_jobs.get(self._get_param("TrainingJobName"))
        if job is None:
            raise ResourceNotFound(message="Requested resource not found.")
        # A finished job's warm pool can still be kept longer or released.
        warm_pool_only = set(changes) <= {"ResourceConfig"} and _warm_pool(job) is not None
        if job.training_job_status != "InProgress" and not warm_pool_only:
            raise ValidationError(
                "The request was rejected because the training job is in status"
                f" {job.training_job_status}."
            )
        for member, value in changes.items():
            attribute, change = _TRAINING_JOB_UPDATES[member]
            setattr(job, attribute, change(getattr(job, attribute, None), value))
        job.last_modified_time = simulation.current().wall_now()
        return ActionResult({"TrainingJobArn": job.arn})


# --- AddTags, ListTags, DeleteTags ----------------------------------------------------

# ARN resource type -> the backend's collection of that kind (the kinds this SDK covers).
_TAGGABLE = {
    "training-job": "training_jobs",
    "hyper-parameter-tuning-job": "hyper_parameter_tuning_jobs",
    "notebook-instance": "notebook_instances",
    "notebook-instance-lifecycle-config": "notebook_instance_lifecycle_configurations",
}


def _taggable(backend: SageMakerModelBackend, arn: str) -> Any:
    """The resource ``arn`` names, if it is of a kind this SDK covers (else ``None``).

    A missing one is the service's ValidationException, as for every tag operation.
    """
    kind, _, name = arn.split(":", 5)[-1].partition("/")
    collection = _TAGGABLE.get(kind)
    if collection is None:
        return None
    resource = getattr(backend, collection).get(name)
    if resource is None:
        raise ValidationError(f"Could not find {kind} with name {name}")
    return resource


def _tags_of(resource: Any) -> list[dict[str, str]]:
    # moto keeps no tags on lifecycle configs, and None on tuning jobs created without.
    return list(getattr(resource, "tags", None) or [])


def _add_tags(self: SageMakerResponse, resource: Any) -> ActionResult:
    # A tag of a key the resource already has replaces it, as the service does.
    tags = {tag["Key"]: tag for tag in _tags_of(resource)}
    tags.update({tag["Key"]: tag for tag in self._get_param("Tags")})
    resource.tags = list(tags.values())
    return ActionResult({"Tags": resource.tags})


def _list_tags(self: SageMakerResponse, resource: Any) -> ActionResult:
    page, next_token = Paginator(
        max_results=self._get_param("MaxResults"),
        max_results_default=_DEFAULT_TAGS_PAGE_SIZE,
        starting_token=self._get_param("NextToken"),
        unique_attribute="Key",
        param_values_to_check={"ResourceArn": self._get_param("ResourceArn")},
    ).paginate(_tags_of(resource))
    return ActionResult({"Tags": page, "NextToken": next_token})


def _delete_tags(self: SageMakerResponse, resource: Any) -> ActionResult:
    keys = set(self._get_param("TagKeys"))
    resource.tags = [tag for tag in _tags_of(resource) if tag["Key"] not in keys]
    return EmptyResult()


def _tag_operation(
    action: str, act: Callable[[SageMakerResponse, Any], ActionResult]
) -> Callable[[SageMakerResponse], ActionResult]:
    """``act`` on a resource of a covered kind; moto's own ``action`` on the others."""

    def answer(self: SageMakerResponse) -> ActionResult:
        arn = self._get_param("ResourceArn")
        with _lock:
            resource = _taggable(self.sagemaker_backend, arn)
            if resource is not None:
                return act(self, resource)
        try:
            return _MOTO_TAG_OPERATIONS[action](self)
        except AttributeError:  # moto's lookup of a kind, or a name, that it does not hold
            raise ValidationError(f"Could not find resource {arn}") from None

    return answer


# --- Installing --------------------------------------------------------------------------


def _action(listing: _Listing) -> Callable[[SageMakerResponse], ActionResult]:
    def list_resources(self: SageMakerResponse) -> ActionResult:
        return _listed(self, listing)

    return list_resources


# Response method (moto dispatches on the snake_case action) -> what answers it here.
_REPLACED_OPERATIONS: dict[str, Callable[[SageMakerResponse], Any]] = {
    "list_training_jobs": _action(_TRAINING_JOBS),
    "list_notebook_instances": _action(_NOTEBOOK_INSTANCES),
    "list_notebook_instance_lifecycle_configs": _action(_LIFECYCLE_CONFIGS),
    "update_notebook_instance_lifecycle_config": _update_notebook_instance_lifecycle_config,
    "create_presigned_notebook_instance_url": _create_presigned_notebook_instance_url,
    "update_training_job": _update_training_job,
    "add_tags": _tag_operation("add_tags", _add_tags),
    "list_tags": _tag_operation("list_tags", _list_tags),
    "delete_tags": _tag_operation("delete_tags", _delete_tags),
}
# moto's own tag methods, for the resources this SDK does not cover (kept by PATCHES).
_MOTO_TAG_OPERATIONS: dict[str, Callable[[SageMakerResponse], ActionResult]] = {}


def _replacing(action: str, method: Callable[..., Any]) -> Patch:
    """``method`` in place of moto's ``action``, whose own method stays at hand."""

    def make(current: Any) -> Any:
        if current is not None:
            _MOTO_TAG_OPERATIONS[action] = current
        return method

    return Patch(SageMakerResponse, action, make)


PATCHES: list[Patch] = [
    *(_replacing(action, method) for action, method in _REPLACED_OPERATIONS.items()),
    wrapping(
        SageMakerModelBackend, "create_notebook_instance_lifecycle_config", _create_lifecycle_config
    ),
]
