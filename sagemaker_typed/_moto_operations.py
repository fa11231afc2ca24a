"""The neighbouring operations on the local backend: what moto 5.2 lacks or gets wrong.

Part of the local backend (see ``_moto_extensions``, whose :func:`install` calls
:func:`install` here). Each entry replaces or adds one of moto's SageMaker response
methods, so moto in-process and moto's server on 127.0.0.1 both answer as the service:

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

``MaxResults`` defaults to 10, as in the service; page tokens are moto's (a token only
fits the filters it was issued for).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from moto.core.responses import ActionResult
from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import FakeSagemakerNotebookInstance, FakeTrainingJob
from moto.sagemaker.responses import SageMakerResponse, format_enum_error
from moto.utilities.paginator import Paginator

__all__ = ["install"]

_DEFAULT_PAGE_SIZE = 10
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
    values = {**{m: response._get_param(m) for m in enums}, "SortBy": sort_by}
    values["SortOrder"] = sort_order
    errors = [
        format_enum_error(value, member[0].lower() + member[1:], list(allowed))
        for member, allowed in enums.items()
        if (value := values[member]) is not None and value not in allowed
    ]
    max_results = response._get_param("MaxResults")
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
    resources: Iterable[Any] = list(getattr(response.sagemaker_backend, listing.collection).values())
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
    ordered = sorted(
        resources, key=listing.sort_keys[sort_by], reverse=sort_order == "Descending"
    )
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


# --- Installing --------------------------------------------------------------------------


def _action(listing: _Listing) -> Callable[[SageMakerResponse], ActionResult]:
    def list_resources(self: SageMakerResponse) -> ActionResult:
        return _listed(self, listing)

    return list_resources


# Response method (moto dispatches on the snake_case action) -> what answers it here.
_REPLACED_OPERATIONS: dict[str, Callable[[SageMakerResponse], Any]] = {
    "list_training_jobs": _action(_TRAINING_JOBS),
    "list_notebook_instances": _action(_NOTEBOOK_INSTANCES),
}


def install() -> None:
    """Put the methods above on moto's ``SageMakerResponse`` (the caller holds the lock
    and calls this once)."""
    for action, method in _REPLACED_OPERATIONS.items():
        setattr(SageMakerResponse, action, method)
