"""Notebook instances on the local backend: timed states and UpdateNotebookInstance.

Each move takes the backend's duration for it, on the backend's clock, and
``LastModifiedTime`` is the simulated time of the latest move:

- CreateNotebookInstance and StartNotebookInstance: ``Pending``, then ``InService``;
  a start needs ``Stopped`` or ``Failed``;
- StopNotebookInstance: ``Stopping``, then ``Stopped``; it needs ``InService``;
- UpdateNotebookInstance (which moto 5.2 lacks): ``Updating``, then ``Stopped``, with
  the service's rules: unknown name → ``ValidationException`` "RecordNotFound"; an
  instance that is not ``Stopped`` → ``ValidationException``; instance type and
  volume size checked as moto's Create checks them, and the volume cannot shrink.
  Describe shows the new settings; ``InstanceMetadataServiceConfiguration``,
  ``PlatformIdentifier`` and ``IpAddressType``, which moto does not store, are kept
  here and added to Describe;
- DeleteNotebookInstance: ``Deleting`` (moto's rule: from ``Stopped`` or ``Failed``),
  then gone: Describe answers "RecordNotFound".

A refused move is the service's ``ValidationException``: "Status (InService) not in
([Stopped, Failed]). Unable to transition to (Pending) for Notebook Instance (<arn>)".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import FakeSagemakerNotebookInstance, SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from sagemaker_typed._local_backend import simulation
from sagemaker_typed._local_backend.patching import Patch, added, wrapping
from sagemaker_typed._local_backend.simulation import Durations

__all__ = ["PATCHES", "Notebooks"]

# Request member -> attribute of moto's notebook instance that Describe reads.
_SETTINGS = {
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
_DISASSOCIATIONS = {
    "DisassociateLifecycleConfig": "lifecycle_config_name",
    "DisassociateAcceleratorTypes": "accelerator_types",
    "DisassociateDefaultCodeRepository": "default_code_repository",
    "DisassociateAdditionalCodeRepositories": "additional_code_repositories",
}
# Settings moto neither stores nor describes: kept in Notebooks.extras.
_EXTRA_SETTINGS = ("InstanceMetadataServiceConfiguration", "PlatformIdentifier", "IpAddressType")


class Notebooks:
    """The notebook instances' pending moves and extra settings, for one backend."""

    def __init__(self) -> None:
        self.versions: dict[FakeSagemakerNotebookInstance, int] = {}
        self.extras: dict[FakeSagemakerNotebookInstance, dict[str, Any]] = {}


def _move(
    backend: SageMakerModelBackend,
    instance: FakeSagemakerNotebookInstance,
    allowed: tuple[str, ...],
    status: str,
    then: str | None,
    seconds: float,
) -> None:
    """``status`` now (if the instance is in one of ``allowed``), ``then`` after ``seconds``.

    ``then=None`` removes the instance (a deletion).
    """
    if instance.status not in allowed:
        raise ValidationError(
            f"Status ({instance.status}) not in ([{', '.join(allowed)}]). Unable to"
            f" transition to ({status}) for Notebook Instance ({instance.arn})"
        )
    sim = simulation.current()
    notebooks = sim.area(Notebooks)
    version = notebooks.versions.get(instance, 0) + 1
    notebooks.versions[instance] = version
    now = sim.now()
    instance.status = status
    instance.last_modified_time = sim.wall(now)
    name = instance.notebook_instance_name

    def arrive(at: float) -> None:
        if notebooks.versions.get(instance) != version:
            return
        if backend.notebook_instances.get(name) is not instance:
            return
        if then is None:
            del backend.notebook_instances[name]
        else:
            instance.status = then
            instance.last_modified_time = sim.wall(at)

    sim.schedule(now + seconds, arrive)


def _create(
    create: Callable[..., FakeSagemakerNotebookInstance],
    backend: SageMakerModelBackend,
    *args: Any,
    **kwargs: Any,
) -> FakeSagemakerNotebookInstance:
    sim = simulation.current()
    with sim.lock:
        instance = create(*args, **kwargs)
        instance.creation_time = sim.wall_now()
        instance.status = "Stopped"  # moto's start() made it InService: start it here instead
        _move(
            backend, instance, ("Stopped",), "Pending", "InService", sim.durations.notebook_pending
        )
        return instance


@dataclass(frozen=True)
class _Transition:
    """A request that moves an instance: from which states, through which, to which."""

    allowed: tuple[str, ...]
    status: str
    then: str | None  # None: the instance is gone at the end (a deletion)
    duration: Callable[[Durations], float]

    def __call__(self, backend: SageMakerModelBackend, notebook_instance_name: str) -> None:
        sim = simulation.current()
        with sim.lock:
            instance = backend.get_notebook_instance(notebook_instance_name)
            _move(
                backend,
                instance,
                self.allowed,
                self.status,
                self.then,
                self.duration(sim.durations),
            )


start_notebook_instance = _Transition(
    ("Stopped", "Failed"), "Pending", "InService", lambda d: d.notebook_pending
)
stop_notebook_instance = _Transition(
    ("InService",), "Stopping", "Stopped", lambda d: d.notebook_stopping
)
delete_notebook_instance = _Transition(
    ("Stopped", "Failed"), "Deleting", None, lambda d: d.notebook_deleting
)


def update_notebook_instance(
    backend: SageMakerModelBackend, notebook_instance_name: str, changes: Mapping[str, Any]
) -> None:
    """Apply ``changes`` (UpdateNotebookInstance members) to a Stopped instance."""
    sim = simulation.current()
    with sim.lock:
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
        for member, attribute in _SETTINGS.items():
            if member in changes:
                setattr(instance, attribute, changes[member])
        for flag, attribute in _DISASSOCIATIONS.items():
            if changes.get(flag):
                setattr(instance, attribute, None)
        extras = {key: changes[key] for key in _EXTRA_SETTINGS if key in changes}
        if extras:
            notebooks = sim.area(Notebooks)
            notebooks.extras[instance] = {**notebooks.extras.get(instance, {}), **extras}
        _move(
            backend, instance, ("Stopped",), "Updating", "Stopped", sim.durations.notebook_updating
        )


def _update_notebook_instance_action(self: SageMakerResponse) -> EmptyResult:
    members = [*_SETTINGS, *_DISASSOCIATIONS, *_EXTRA_SETTINGS]
    params = {member: self._get_param(member) for member in members}
    changes = {member: value for member, value in params.items() if value is not None}
    update_notebook_instance(
        self.sagemaker_backend, self._get_param("NotebookInstanceName"), changes
    )
    return EmptyResult()


def _describe_with_extras(
    describe: Callable[[], ActionResult], self: SageMakerResponse
) -> ActionResult:
    answer = describe()
    instance = self.sagemaker_backend.notebook_instances.get(
        self._get_param("NotebookInstanceName")
    )
    extras = simulation.current().area(Notebooks).extras.get(instance) if instance else None
    if not extras:
        return answer
    result = answer.result
    assert isinstance(result, dict)
    return ActionResult({**result, **extras})


def _replacing(
    action: Callable[[SageMakerModelBackend, str], None],
) -> Callable[[Any, SageMakerModelBackend, str], None]:
    """A wrapper that does ``action`` instead of moto's own method."""

    def instead(_: Any, backend: SageMakerModelBackend, name: str) -> None:
        action(backend, name)

    return instead


PATCHES: list[Patch] = [
    wrapping(SageMakerModelBackend, "create_notebook_instance", _create),
    wrapping(SageMakerModelBackend, "start_notebook_instance", _replacing(start_notebook_instance)),
    wrapping(SageMakerModelBackend, "stop_notebook_instance", _replacing(stop_notebook_instance)),
    wrapping(
        SageMakerModelBackend, "delete_notebook_instance", _replacing(delete_notebook_instance)
    ),
    added(SageMakerResponse, "update_notebook_instance", _update_notebook_instance_action),
    added(SageMakerModelBackend, "update_notebook_instance", update_notebook_instance),
    wrapping(SageMakerResponse, "describe_notebook_instance", _describe_with_extras),
]
