"""The extension point: side effects of a training job's progress on the local backend.

Whenever a training job of the local backend enters a status (``Starting`` at its
creation, then ``Downloading``, ``Training``, ``Uploading``, ``Completed``; or
``Stopping``, ``Stopped``, ``Failed``), every observer registered with
:func:`observe` is called with a :class:`TrainingJobProgress`: the job, the status
and secondary status it entered, the simulated time of that move (``at`` on the
backend's clock, ``when`` as wall time) and the job's hosts (``algo-1`` ...).

Observers run inside the timeline's pass (under the backend's lock, before moto
answers the request that revealed the move), possibly a while after ``at`` in real
terms, so they must date what they write with ``when``, never with the current time.
To produce something *during* a phase (a log line a minute, a metric value per
epoch), schedule it: ``progress.simulation.schedule(at, action)`` runs
``action(at)`` once the clock reaches ``at``. ``progress.plan`` holds what the job was
planned to do (its duration, its final metric values), so an observer can write a
metric series that ends at the final values.

Register at import time of an area module (``@observe`` on a function); the backend
imports its areas when it starts. Observers must not call the backend over HTTP.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sagemaker_typed._local_backend.simulation import Simulation

__all__ = ["TrainingJobProgress", "TrainingPlan", "notify", "observe"]


@dataclass(frozen=True)
class TrainingPlan:
    """What a training job of the local backend will do, unless stopped or failed.

    ``duration``: seconds from creation to the end. ``final_metrics``: the values it
    reports at the end (``FinalMetricDataList``); a tuning job's training job reports
    its objective metric here.
    """

    duration: float
    final_metrics: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class TrainingJobProgress:
    """A training job entering a status, at simulated time ``at`` (wall time ``when``)."""

    simulation: Simulation
    job: Any  # moto's FakeTrainingJob
    account_id: str
    region_name: str
    status: str
    secondary_status: str
    message: str
    at: float
    when: datetime.datetime
    hosts: tuple[str, ...]
    plan: TrainingPlan


Observer = Callable[[TrainingJobProgress], None]
_observers: list[Observer] = []


def observe(observer: Observer) -> Observer:
    """Register ``observer`` for every training job's progress (usable as a decorator)."""
    if observer not in _observers:
        _observers.append(observer)
    return observer


def notify(progress: TrainingJobProgress) -> None:
    """Call every observer, in the order they were registered."""
    for observer in list(_observers):
        observer(progress)
