"""The timeline of the local backend: job states as a function of the client's clock.

A running local backend has one :class:`Simulation`. Whatever moves a resource later
(a training job entering Downloading, a notebook instance reaching InService) is an
action scheduled at a simulated time, in seconds on the backend's clock. Before moto
answers any request, :meth:`Simulation.advance` runs every action that is due, in
time order, each with the time it was scheduled for: so what a Describe or a List
shows is the state at the clock's current time, however long ago the last request
was, and timestamps are those of the moves, not of the requests that revealed them.
Actions may schedule further actions (a tuning job launching its next training job
when one ends); those run in the same pass if they are due.

Wall-clock timestamps come from anchoring the clock at the backend's start:
``wall(t) = wall time at start + (t - clock time at start)``.

Nothing here imports moto: the durations and the clock mapping are plain data.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sagemaker_typed._clock import Clock

__all__ = ["Durations", "Simulation", "current"]

Action = Callable[[float], None]
T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Durations:
    """How long the local backend's resources take, in seconds of the backend's clock.

    ``training_job`` is from creation to the end (its Starting, Downloading, Training and
    Uploading phases take 5%, 6.7%, 82.8% and 5.6% of it, as a one-hour job does on the
    service: 3 min, 4 min, 49 min 40 s, 3 min 20 s); ``tuning_job_launch`` is how long
    a tuning job takes to launch its first training jobs; ``stopping`` how long a job
    is Stopping; the notebook instance durations are those of Pending (create, start),
    Stopping, Updating and Deleting.
    """

    training_job: float = 3600.0
    tuning_job_launch: float = 60.0
    stopping: float = 60.0
    notebook_pending: float = 300.0
    notebook_stopping: float = 60.0
    notebook_updating: float = 120.0
    notebook_deleting: float = 60.0

    @classmethod
    def realistic(cls) -> Durations:
        """What the service takes: the default with a fake clock."""
        return cls()

    @classmethod
    def quick(cls) -> Durations:
        """Seconds: the default on the real clock, so examples finish quickly."""
        return cls(
            training_job=2.0,
            tuning_job_launch=0.2,
            stopping=0.5,
            notebook_pending=1.0,
            notebook_stopping=0.5,
            notebook_updating=0.5,
            notebook_deleting=0.5,
        )

    @classmethod
    def instant(cls) -> Durations:
        """No time at all: every move is due at once, so the next request sees the end
        (as moto answers), though it still goes through every state on the way."""
        return cls(
            training_job=0.0,
            tuning_job_launch=0.0,
            stopping=0.0,
            notebook_pending=0.0,
            notebook_stopping=0.0,
            notebook_updating=0.0,
            notebook_deleting=0.0,
        )

    def __post_init__(self) -> None:
        negative = [name for name, value in vars(self).items() if not value >= 0]
        if negative:
            raise ValueError(f"durations must be non-negative seconds: {', '.join(negative)}")


class Simulation:
    """One local backend's clock, wall-time anchor, durations and timeline."""

    def __init__(self, clock: Clock, durations: Durations, region_name: str) -> None:
        self.clock = clock
        self.durations = durations
        self.region_name = region_name
        # One lock for every change the local backend makes: moto's server answers on
        # many threads. Reentrant: actions call back into the areas.
        self.lock = threading.RLock()
        self._origin = clock.monotonic()
        # Naive UTC, as moto keeps every timestamp (its filters compare with them).
        self._wall_origin = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        self._queue: list[tuple[float, int, Action]] = []
        self._order = itertools.count()
        self._areas: dict[type, object] = {}

    def now(self) -> float:
        """The backend's clock, in seconds."""
        return self.clock.monotonic()

    def wall(self, at: float) -> datetime.datetime:
        """The wall-clock time of clock time ``at``: naive UTC, as moto keeps time."""
        return self._wall_origin + datetime.timedelta(seconds=at - self._origin)

    def wall_now(self) -> datetime.datetime:
        """The wall-clock time of the backend's clock now: naive UTC, as :meth:`wall`."""
        return self.wall(self.now())

    def schedule(self, at: float, action: Action) -> None:
        """Run ``action(at)`` once the clock reaches ``at`` (in order of time, then of call)."""
        with self.lock:
            heapq.heappush(self._queue, (at, next(self._order), action))

    def advance(self) -> None:
        """Run every action that is due, in time order."""
        with self.lock:
            now = self.now()
            while self._queue and self._queue[0][0] <= now:
                at, _, action = heapq.heappop(self._queue)
                action(at)

    def area(self, kind: type[T]) -> T:
        """This backend's one instance of an area's state class, made on first use."""
        with self.lock:
            found = self._areas.get(kind)
            if found is None:
                found = self._areas[kind] = kind()
            assert isinstance(found, kind)
            return found


_active: Simulation | None = None


def current() -> Simulation:
    """The running local backend's simulation; ``LookupError`` if none is running."""
    if _active is None:
        raise LookupError(
            "no local backend is running: use local_sagemaker() or LocalSageMaker().start()"
        )
    return _active


def activate(simulation: Simulation | None) -> None:
    """Make ``simulation`` the running one (``None`` when the backend stops)."""
    global _active
    _active = simulation
