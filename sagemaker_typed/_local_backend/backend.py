"""``LocalSageMaker``: the local backend, started and stopped, in-process or over HTTP.

Importable without moto: moto is imported when a backend starts, and a missing moto
is an ``ImportError`` that says which extra to install.
"""

from __future__ import annotations

import datetime
import importlib
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from sagemaker_typed._clock import SystemClock
from sagemaker_typed._local_backend import simulation
from sagemaker_typed._local_backend.simulation import Durations, Simulation

if TYPE_CHECKING:
    import boto3

    from sagemaker_typed import SageMakerClient
    from sagemaker_typed._clock import Clock
    from sagemaker_typed._local_backend.patching import Installed, Patch

__all__ = ["AREAS", "LocalSageMaker", "require_moto"]

# The modules of this package whose PATCHES exist while a backend runs, in this order.
AREAS = ("training", "tuning", "notebooks", "operations", "logs", "metrics")

MISSING_MOTO = (
    'the local backend needs moto, which the "local" extra brings: '
    'pip install "sagemaker-typed[local]"'
)

_running_lock = threading.Lock()
_running: LocalSageMaker | None = None


def require_moto() -> None:
    """Import moto, or raise an ``ImportError`` that says how to install it."""
    try:
        importlib.import_module("moto")
    except ImportError as error:
        raise ImportError(MISSING_MOTO, name="moto") from error


class LocalSageMaker:
    """A local SageMaker backend on moto, whose jobs take time on the client's clock.

    ``start()`` returns a ``SageMakerClient`` on it and ``stop()`` ends it (moto then
    forgets everything it held); as a context manager it yields the client. Jobs and
    notebook instances move through the service's states on ``clock`` (the client's
    clock too): with a ``FakeClock`` the durations are the service's (a training job
    takes an hour, which the fake clock makes milliseconds), on the real clock they
    are seconds. Pass ``durations`` to choose them.

    ``server=False`` (the default) runs moto in this process: every AWS call that boto3
    makes in this process goes to moto while the backend runs. ``server=True`` runs
    moto's HTTP server on 127.0.0.1 instead (``endpoint_url``), for clients in other
    threads or processes. Either way, what the backend adds to moto exists only while
    it runs, and one backend runs at a time.
    """

    def __init__(
        self,
        *,
        region_name: str = "us-east-1",
        clock: Clock | None = None,
        durations: Durations | None = None,
        server: bool = False,
    ) -> None:
        self.region_name = region_name
        self.clock: Clock = clock if clock is not None else SystemClock()
        fake = clock is not None and not isinstance(clock, SystemClock)
        self.durations = durations or (Durations.realistic() if fake else Durations.quick())
        self.server = server
        self.endpoint_url: str | None = None
        self.client: SageMakerClient | None = None
        self._given_clock = clock
        self._simulation: Simulation | None = None
        self._stops: list[Any] = []

    @property
    def running(self) -> bool:
        return self.client is not None

    def now(self) -> datetime.datetime:
        """The backend's time now, as the client returns times: aware, UTC, to the millisecond.

        The backend dates what it creates and moves by ``clock``, not by the wall clock, so
        compare the times it returns with this rather than ``datetime.now()``: a job created
        now has it as its ``CreationTime``, and a ``FakeClock`` advanced by a minute moves it
        by a minute. Raises ``RuntimeError`` if the backend is not running.
        """
        if self._simulation is None:
            raise RuntimeError("the local backend is not running: start() it first")
        now = self._simulation.wall_now()
        # The service's (and the wire's) times stop at milliseconds: so that a time equals
        # the CreationTime of what is created at it.
        millisecond = now.microsecond // 1000 * 1000
        return now.replace(microsecond=millisecond, tzinfo=datetime.UTC)

    def session(self) -> boto3.Session:
        """A private boto3 session with fake credentials, in the backend's region."""
        import boto3

        return boto3.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name=self.region_name,
        )

    def start(self) -> SageMakerClient:
        """Start the backend; return a ``SageMakerClient`` on it."""
        global _running
        require_moto()
        from sagemaker_typed import SageMakerClient

        with _running_lock:
            if _running is not None:
                raise RuntimeError(
                    "a local backend is already running: stop it first (one at a time,"
                    " as moto's backends are process-wide)"
                )
            _running = self
        try:
            sim = self._simulation = Simulation(self.clock, self.durations, self.region_name)
            simulation.activate(sim)
            installed = _install()
            self._stops.append(lambda: _uninstall(installed))
            boto_client = self._serve()
        except BaseException:
            self._stop_all()
            raise
        self.client = SageMakerClient(
            boto_client=boto_client,
            logs_client=self.session().client("logs", endpoint_url=self.endpoint_url),
            cloudwatch_client=self.session().client("cloudwatch", endpoint_url=self.endpoint_url),
            clock=self._given_clock,
        )
        return self.client

    def _serve(self) -> Any:
        """Start moto (in-process or its server); return a boto3 SageMaker client on it."""
        session = self.session()
        if not self.server:
            from moto import mock_aws
            from moto.core.config import default_user_config

            # moto would put fake credentials into os.environ for the block (and, on the
            # way out, delete a variable that was set but empty); the session has its own.
            core = {**default_user_config.get("core", {}), "mock_credentials": False}
            mock = mock_aws(config=cast(Any, {"core": core}))
            mock.start()
            self._stops.append(mock.stop)
            return session.client("sagemaker")
        from moto.core.base_backend import BackendDict
        from moto.server import ThreadedMotoServer

        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        self._stops.append(BackendDict.reset)  # forget everything, as mock_aws does
        self._stops.append(server.stop)
        host, port = server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        return session.client("sagemaker", endpoint_url=self.endpoint_url)

    def stop(self) -> None:
        """Stop the backend: moto forgets what it held, and is plain moto again."""
        if self.running:
            self._stop_all()

    def _stop_all(self) -> None:
        global _running
        try:
            while self._stops:
                self._stops.pop()()
        finally:
            self.client = None
            self.endpoint_url = None
            self._simulation = None
            simulation.activate(None)
            with _running_lock:
                if _running is self:
                    _running = None

    def __enter__(self) -> SageMakerClient:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.endpoint_url or ("in-process" if self.running else "stopped")
        return f"LocalSageMaker(region_name={self.region_name!r}, {where})"


def _install() -> Installed:
    from moto.sagemaker.responses import SageMakerResponse

    from sagemaker_typed._local_backend import patching

    patches: list[Patch] = [patching.advancing(SageMakerResponse)]
    for area in AREAS:
        module = importlib.import_module(f"sagemaker_typed._local_backend.{area}")
        patches.extend(module.PATCHES)
    return patching.install(patches)


def _uninstall(installed: Installed) -> None:
    from sagemaker_typed._local_backend import patching

    patching.uninstall(installed)
