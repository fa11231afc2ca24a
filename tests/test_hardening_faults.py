"""Faults over real HTTP: moto's server behind ``tests.fault_proxy`` on 127.0.0.1.

For every operation method: a transient fault (500, 503, throttling, a load balancer's
502 page, a connection dropped before the server saw the request) is retried by
botocore and the call succeeds; when the faults outlast botocore's attempts the call
raises a typed error; an answer lost after the server acted (connection dropped after
forwarding, an answer slower than the read timeout) ends as documented below. Creates
whose answer was lost return the created resource; a name taken by other settings is a
``ResourceInUseError``. Waiters ride out fault bursts and end right.

botocore's standard retry backoff is random up to 50 ms * 2^n (1 s * 2^n for
throttling). The throttling scale is lowered to 50 ms here to keep the suite fast; the
retry decisions, counts and error mapping are botocore's own.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import attrs
import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ConnectionClosedError, ReadTimeoutError
from botocore.retries.standard import ExponentialBackoff

from sagemaker_typed import (
    ResourceInUseError,
    ResourceNotFoundError,
    SageMakerClient,
    SageMakerTypedError,
    ServiceError,
    ServiceValidationError,
    ThrottlingError,
    TransportError,
    WaiterTimeoutError,
    models,
)
from sagemaker_typed._base_client import _EFFECTS
from sagemaker_typed._waiters import PollPolicy
from sagemaker_typed.testing import FakeClock, attach_training_jobs, complete_job, hold_in_progress
from tests.fault_proxy import (
    BAD_GATEWAY_PAGE,
    DROP_AFTER,
    DROP_BEFORE,
    INTERNAL_ERROR,
    THROTTLED,
    UNAVAILABLE,
    Fault,
    FaultProxy,
    Reply,
    Slow,
    running_fault_proxy,
)
from tests.hardening import HEAVY
from tests.moto_server import fake_session, running_moto_server
from tests.requests import notebook_request, training_job_request, tuning_job_request

# Long enough for any answer of moto's, short enough to keep the slow cases quick.
READ_TIMEOUT = 0.5
SLOW = Slow(READ_TIMEOUT * 2)
# For cases that script no slow answer: long enough for moto on a busy machine.
PATIENT = 5.0
FAST_POLLS = PollPolicy(initial_delay=0.02, max_delay=0.1)


class Backend(NamedTuple):
    session: boto3.Session
    direct: SageMakerClient  # straight to moto: to prepare and to check
    proxy: FaultProxy


@pytest.fixture(scope="module")
def backend() -> Iterator[Backend]:
    session = fake_session()
    with running_moto_server() as url, running_fault_proxy(url) as proxy:
        direct = SageMakerClient(session=session, endpoint_url=url)
        # moto's first call of a kind is slow (it builds its backend): not under a timeout.
        direct.create_training_job(training_job_request("warm-up"))
        direct.create_hyper_parameter_tuning_job(tuning_job_request("warm-up"))
        direct.create_notebook_instance(notebook_request("warm-up"))
        yield Backend(session, direct, proxy)


@pytest.fixture(autouse=True)
def fast_throttling_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    scales = vars(ExponentialBackoff)["_DEFAULT_BACKOFF_CONFIG"]
    monkeypatch.setitem(scales, "throttling_base_scale", 0.05)


@pytest.fixture(autouse=True)
def every_fault_used(backend: Backend) -> Iterator[None]:
    backend.proxy.reset()
    yield
    assert backend.proxy.pending() == {}, "scripted faults the calls never met"


def proxied(
    backend: Backend,
    attempts: int,
    clock: FakeClock | None = None,
    read_timeout: float = READ_TIMEOUT,
) -> SageMakerClient:
    """A fresh client through the proxy (its own retry quota), ``attempts`` in all;
    cases without a slow answer may wait longer (a busy machine slows moto)."""
    config = Config(
        retries={"mode": "standard", "total_max_attempts": attempts},
        read_timeout=read_timeout,
        connect_timeout=1,
    )
    return SageMakerClient(
        session=backend.session, endpoint_url=backend.proxy.url, config=config, clock=clock
    )


_serial = itertools.count()


def unique(prefix: str) -> str:
    """A name no earlier test used: the server lives for the whole module."""
    return f"{prefix}-{next(_serial)}"


# -- one case per operation ----------------------------------------------------------------


class Case(NamedTuple):
    prepare: Callable[[SageMakerClient, str], None]  # on the direct client
    call: Callable[[SageMakerClient, str], Any]
    check: Callable[[SageMakerClient, str, Any], None]  # the call did what it should


def _nothing(direct: SageMakerClient, name: str) -> None:
    pass


def _training_job(direct: SageMakerClient, name: str) -> None:
    direct.create_training_job(training_job_request(name))


def _running_training_job(direct: SageMakerClient, name: str) -> None:
    hold_in_progress(direct.create_training_job(training_job_request(name)).training_job_arn)


def _tuning_job(direct: SageMakerClient, name: str) -> None:
    direct.create_hyper_parameter_tuning_job(tuning_job_request(name))


def _running_tuning_job(direct: SageMakerClient, name: str) -> None:
    request = tuning_job_request(name)
    hold_in_progress(
        direct.create_hyper_parameter_tuning_job(request).hyper_parameter_tuning_job_arn
    )


def _tuning_job_with_trials(direct: SageMakerClient, name: str) -> None:
    request = tuning_job_request(name)
    arn = direct.create_hyper_parameter_tuning_job(request).hyper_parameter_tuning_job_arn
    attach_training_jobs(arn, [0.1, 0.2, 0.3])


def _notebook(direct: SageMakerClient, name: str) -> None:
    direct.create_notebook_instance(notebook_request(name))


def _stopped_notebook(direct: SageMakerClient, name: str) -> None:
    direct.create_notebook_instance(notebook_request(name))
    direct.stop_notebook_instance(name)


def _created_training_job(direct: SageMakerClient, name: str, result: Any) -> None:
    assert result.training_job_arn == direct.describe_training_job(name).training_job_arn


def _created_tuning_job(direct: SageMakerClient, name: str, result: Any) -> None:
    described = direct.describe_hyper_parameter_tuning_job(name)
    assert result.hyper_parameter_tuning_job_arn == described.hyper_parameter_tuning_job_arn


def _created_notebook(direct: SageMakerClient, name: str, result: Any) -> None:
    described = direct.describe_notebook_instance(name)
    assert result.notebook_instance_arn == described.notebook_instance_arn


def _training_job_status(*statuses: str) -> Callable[[SageMakerClient, str, Any], None]:
    def check(direct: SageMakerClient, name: str, result: Any) -> None:
        assert direct.describe_training_job(name).training_job_status in statuses

    return check


def _tuning_job_status(*statuses: str) -> Callable[[SageMakerClient, str, Any], None]:
    def check(direct: SageMakerClient, name: str, result: Any) -> None:
        status = direct.describe_hyper_parameter_tuning_job(name).hyper_parameter_tuning_job_status
        assert status in statuses

    return check


def _notebook_status(status: str) -> Callable[[SageMakerClient, str, Any], None]:
    def check(direct: SageMakerClient, name: str, result: Any) -> None:
        # Transient states (Stopping, Updating) last one describe on the local backend.
        statuses = [direct.describe_notebook_instance(name).notebook_instance_status]
        statuses.append(direct.describe_notebook_instance(name).notebook_instance_status)
        assert statuses[-1] == status, statuses

    return check


def _updated(direct: SageMakerClient, name: str, result: Any) -> None:
    assert result in (None, models.UpdateNotebookInstanceResponse())  # None: answer lost
    _notebook_status("Stopped")(direct, name, result)
    assert direct.describe_notebook_instance(name).volume_size_in_gb == 20


def _deleted(direct: SageMakerClient, name: str, result: Any) -> None:
    with pytest.raises(ResourceNotFoundError):
        direct.describe_notebook_instance(name)


def _described(attribute: str) -> Callable[[SageMakerClient, str, Any], None]:
    def check(direct: SageMakerClient, name: str, result: Any) -> None:
        assert getattr(result, attribute) == name

    return check


def _three_trials(direct: SageMakerClient, name: str, result: Any) -> None:
    assert sorted(s.final_hyper_parameter_tuning_job_objective_metric.value for s in result) == [
        0.1,
        0.2,
        0.3,
    ]


CASES: dict[str, Case] = {
    "CreateTrainingJob": Case(
        _nothing,
        lambda sm, name: sm.create_training_job(training_job_request(name)),
        _created_training_job,
    ),
    "DescribeTrainingJob": Case(
        _training_job,
        lambda sm, name: sm.describe_training_job(name),
        _described("training_job_name"),
    ),
    "StopTrainingJob": Case(
        _running_training_job,
        lambda sm, name: sm.stop_training_job(name),
        _training_job_status("Stopping", "Stopped"),
    ),
    "CreateHyperParameterTuningJob": Case(
        _nothing,
        lambda sm, name: sm.create_hyper_parameter_tuning_job(tuning_job_request(name)),
        _created_tuning_job,
    ),
    "DescribeHyperParameterTuningJob": Case(
        _tuning_job,
        lambda sm, name: sm.describe_hyper_parameter_tuning_job(name),
        _described("hyper_parameter_tuning_job_name"),
    ),
    "StopHyperParameterTuningJob": Case(
        _running_tuning_job,
        lambda sm, name: sm.stop_hyper_parameter_tuning_job(name),
        _tuning_job_status("Stopping", "Stopped"),
    ),
    "ListTrainingJobsForHyperParameterTuningJob": Case(
        _tuning_job_with_trials,
        # Two pages: a fault on either is retried without losing or repeating items.
        lambda sm, name: list(
            sm.list_training_jobs_for_hyper_parameter_tuning_job(name, max_results=2)
        ),
        _three_trials,
    ),
    "CreateNotebookInstance": Case(
        _nothing,
        lambda sm, name: sm.create_notebook_instance(notebook_request(name)),
        _created_notebook,
    ),
    "DescribeNotebookInstance": Case(
        _notebook,
        lambda sm, name: sm.describe_notebook_instance(name),
        _described("notebook_instance_name"),
    ),
    "UpdateNotebookInstance": Case(
        _stopped_notebook,
        lambda sm, name: sm.update_notebook_instance(
            models.UpdateNotebookInstanceRequest(notebook_instance_name=name, volume_size_in_gb=20)
        ),
        _updated,
    ),
    "StartNotebookInstance": Case(
        _stopped_notebook,
        lambda sm, name: sm.start_notebook_instance(name),
        _notebook_status("InService"),
    ),
    "StopNotebookInstance": Case(
        _notebook,
        lambda sm, name: sm.stop_notebook_instance(name),
        _notebook_status("Stopped"),
    ),
    "DeleteNotebookInstance": Case(
        _stopped_notebook,
        lambda sm, name: sm.delete_notebook_instance(name),
        _deleted,
    ),
}
OPERATIONS = sorted(CASES)
# Mutations whose effect a describe shows (``BaseClient``'s table of effects).
MUTATIONS = frozenset(_EFFECTS)


def _describe_of(operation: str) -> str:
    """``DescribeNotebookInstance`` for ``StopNotebookInstance``."""
    for verb in ("Create", "Stop", "Start", "Update", "Delete"):
        if operation.startswith(verb):
            return "Describe" + operation.removeprefix(verb)
    raise AssertionError(operation)


TRANSIENT: dict[str, Fault] = {
    "500": INTERNAL_ERROR,
    "503": UNAVAILABLE,
    "throttled": THROTTLED,
    "502 page": BAD_GATEWAY_PAGE,
    "dropped before": DROP_BEFORE,
}


def run(backend: Backend, operation: str, sm: SageMakerClient) -> tuple[str, Any]:
    """Prepare the operation's resource and call it through ``sm``: (name, result)."""
    case = CASES[operation]
    name = unique(operation[:20].lower())
    case.prepare(backend.direct, name)
    return name, case.call(sm, name)


@pytest.mark.parametrize("fault", sorted(TRANSIENT))
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_transient_fault_is_retried(backend: Backend, operation: str, fault: str) -> None:
    backend.proxy.inject(operation, TRANSIENT[fault])
    name, result = run(backend, operation, proxied(backend, attempts=2))
    CASES[operation].check(backend.direct, name, result)
    exchanges = backend.proxy.exchanges(operation)
    assert [e.fault for e in exchanges[:2]] == [TRANSIENT[fault], None]
    # A typed response says botocore retried once (the others return None or items).
    if operation.startswith(("Create", "Describe", "Update")):
        assert result.response_metadata is not None
        assert result.response_metadata.retry_attempts == 1
    else:
        assert result is None or isinstance(result, list)


EXHAUSTED: dict[str, tuple[type[Exception], int | None]] = {
    "500": (ServiceError, 500),
    "503": (ServiceError, 503),
    "throttled": (ThrottlingError, 400),
    "502 page": (ServiceError, 502),
    "dropped before": (TransportError, None),
}


def _exhausted_cases() -> list[tuple[str, str]]:
    """Every operation with every fault in heavy runs; by default every operation with
    one fault and every fault with two operations or more (the mapping to error types
    does not depend on the operation), plus all faults for one operation."""
    faults = sorted(TRANSIENT)
    if HEAVY:
        return [(operation, fault) for operation in OPERATIONS for fault in faults]
    diagonal = [(op, faults[index % len(faults)]) for index, op in enumerate(OPERATIONS)]
    return sorted({*diagonal, *(("DescribeTrainingJob", fault) for fault in faults)})


@pytest.mark.parametrize(("operation", "fault"), _exhausted_cases())
def test_faults_that_outlast_the_retries_raise_typed_errors(
    backend: Backend, operation: str, fault: str
) -> None:
    backend.proxy.inject(operation, TRANSIENT[fault], TRANSIENT[fault])
    error_class, status = EXHAUSTED[fault]
    with pytest.raises(error_class) as caught:
        run(backend, operation, proxied(backend, attempts=2))
    error = caught.value
    if isinstance(error, ServiceError):
        assert error.operation == operation
        assert error.http_status == status
    else:
        assert isinstance(error.__cause__, ConnectionClosedError)
    # Nothing done; a mutation's outcome was unknown, so it was described once, and said so.
    assert all(e.upstream_status is None for e in backend.proxy.exchanges(operation))
    mutation = not operation.startswith(("Describe", "List"))
    assert isinstance(error, SageMakerTypedError)
    assert error.may_have_been_applied == mutation
    assert [e.operation for e in backend.proxy.exchanges() if e.operation != operation] == (
        [_describe_of(operation)] if operation in MUTATIONS else []
    )


# Both ways of losing an answer in heavy runs; by default the dropped connection (the
# read timeout is covered by the creates below and the waiters' bursts).
LOST_ANSWERS = ["dropped after", "slow"] if HEAVY else ["dropped after"]


@pytest.mark.parametrize("fault", LOST_ANSWERS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_lost_answer_is_not_a_failure(backend: Backend, operation: str, fault: str) -> None:
    """The server acted but the client never heard: botocore retries the call, and the
    retry meets the new state (a stop of a Stopping job, a delete of a gone instance).
    The client describes the resource, sees the effect, and returns as if it had heard."""
    lost: Fault = DROP_AFTER if fault == "dropped after" else SLOW
    backend.proxy.inject(operation, lost)
    case = CASES[operation]
    name = unique(operation[:20].lower())
    case.prepare(backend.direct, name)
    case.check(backend.direct, name, case.call(proxied(backend, attempts=2), name))
    attempts = [e.upstream_status for e in backend.proxy.exchanges(operation)]
    assert attempts[0] == 200  # acted once, by the first attempt
    assert len(attempts) == (3 if operation.startswith("List") else 2)  # two pages
    others = [e.operation for e in backend.proxy.exchanges() if e.operation != operation]
    if operation.startswith("Create"):  # the retry met ResourceInUse: ours?
        assert others == [_describe_of(operation)]
    elif operation in MUTATIONS:  # described when the retry failed (a start or stop repeats)
        assert others == ([] if attempts[1] == 200 else [_describe_of(operation)])
    else:
        assert others == []


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_answer_lost(backend: Backend, operation: str) -> None:
    """No attempt's answer arrives. A mutation whose effect a describe shows returns; a
    create raises ``TransportError`` marked ``may_have_been_applied``, and the caller's
    own retry of it returns the resource the lost attempt made; a read is a plain
    ``TransportError``."""
    backend.proxy.inject(operation, DROP_AFTER, DROP_AFTER)
    case = CASES[operation]
    name = unique(operation[:20].lower())
    case.prepare(backend.direct, name)
    sm = proxied(backend, attempts=2, read_timeout=PATIENT)
    if operation in MUTATIONS:
        case.check(backend.direct, name, case.call(sm, name))
        assert [e.operation for e in backend.proxy.exchanges()][-1] == _describe_of(operation)
        return
    with pytest.raises(TransportError) as caught:
        case.call(sm, name)
    creates = operation.startswith("Create")
    assert caught.value.may_have_been_applied == creates
    if creates:
        assert "returns the created resource" in caught.value.__notes__[-1]
        result = case.call(sm, name)  # the caller's own retry: ResourceInUse, ours
        case.check(backend.direct, name, result)
        assert sm.created_recently(operation.removeprefix("Create"), name)
        assert [e.operation for e in backend.proxy.exchanges()][-2:] == [
            operation,
            _describe_of(operation),
        ]


@pytest.mark.parametrize("operation", sorted(MUTATIONS))
def test_a_lost_mutation_that_cannot_be_described_may_have_been_applied(
    backend: Backend, operation: str
) -> None:
    backend.proxy.inject(operation, DROP_AFTER, DROP_AFTER)
    backend.proxy.inject(_describe_of(operation), UNAVAILABLE, UNAVAILABLE)
    case = CASES[operation]
    name = unique(operation[:20].lower())
    case.prepare(backend.direct, name)
    with pytest.raises(TransportError) as caught:
        case.call(proxied(backend, attempts=2, read_timeout=PATIENT), name)
    assert caught.value.may_have_been_applied
    assert "ServiceError" in caught.value.__notes__[0]  # why it could not be told
    assert "may have taken effect" in caught.value.__notes__[-1]


def test_a_mutation_refused_at_once_was_not_applied(backend: Backend) -> None:
    name = unique("done")
    _training_job(backend.direct, name)  # Completed at once on the local backend
    with pytest.raises(ServiceValidationError) as caught:
        proxied(backend, attempts=2).stop_training_job(name)
    assert not caught.value.may_have_been_applied
    assert [e.operation for e in backend.proxy.exchanges()] == ["StopTrainingJob"]  # no describe


def test_a_read_timeout_that_outlasts_the_retries_is_a_transport_error(backend: Backend) -> None:
    backend.proxy.inject("DescribeTrainingJob", SLOW, SLOW)
    with pytest.raises(TransportError) as caught:
        run(backend, "DescribeTrainingJob", proxied(backend, attempts=2))
    assert isinstance(caught.value.__cause__, ReadTimeoutError)


def test_a_long_mixed_burst_is_ridden_out_by_botocore(backend: Backend) -> None:
    burst: list[Fault] = [INTERNAL_ERROR, THROTTLED, DROP_BEFORE, BAD_GATEWAY_PAGE, UNAVAILABLE]
    backend.proxy.inject("DescribeTrainingJob", *burst)
    name, result = run(backend, "DescribeTrainingJob", proxied(backend, attempts=6))
    assert result.training_job_name == name
    assert result.response_metadata.retry_attempts == len(burst)


# -- creates: never duplicated, a lost answer is not a failure ---------------------------


class Resource(NamedTuple):
    create: str  # the operation
    describe: str
    request: Callable[[str], Any]
    other_settings: Callable[[Any], Any]  # the same name, different settings
    setting: Callable[[Any], Any]  # reads the changed setting from a description


def _other_instance_type(request: Any) -> Any:
    if isinstance(request, models.CreateHyperParameterTuningJobRequest):
        config = request.hyper_parameter_tuning_job_config
        limits = models.ResourceLimits(max_number_of_training_jobs=9, max_parallel_training_jobs=3)
        return attrs.evolve(
            request, hyper_parameter_tuning_job_config=attrs.evolve(config, resource_limits=limits)
        )
    if isinstance(request, models.CreateNotebookInstanceRequest):
        return attrs.evolve(request, instance_type="ml.m5.xlarge")
    assert request.resource_config is not None
    resources = attrs.evolve(request.resource_config, instance_type="ml.c5.xlarge")
    return attrs.evolve(request, resource_config=resources)


RESOURCES = {
    "training job": Resource(
        "CreateTrainingJob",
        "DescribeTrainingJob",
        training_job_request,
        _other_instance_type,
        lambda described: described.resource_config.instance_type,
    ),
    "tuning job": Resource(
        "CreateHyperParameterTuningJob",
        "DescribeHyperParameterTuningJob",
        tuning_job_request,
        _other_instance_type,
        lambda d: d.hyper_parameter_tuning_job_config.resource_limits.max_number_of_training_jobs,
    ),
    "notebook instance": Resource(
        "CreateNotebookInstance",
        "DescribeNotebookInstance",
        notebook_request,
        _other_instance_type,
        lambda described: described.instance_type,
    ),
}


def create(sm: SageMakerClient, request: Any) -> Any:
    if isinstance(request, models.CreateTrainingJobRequest):
        return sm.create_training_job(request)
    if isinstance(request, models.CreateHyperParameterTuningJobRequest):
        return sm.create_hyper_parameter_tuning_job(request)
    return sm.create_notebook_instance(request)


def describe(sm: SageMakerClient, resource: Resource, name: str) -> Any:
    by_operation: dict[str, Callable[[str], Any]] = {
        "DescribeTrainingJob": sm.describe_training_job,
        "DescribeHyperParameterTuningJob": sm.describe_hyper_parameter_tuning_job,
        "DescribeNotebookInstance": sm.describe_notebook_instance,
    }
    return by_operation[resource.describe](name)


@pytest.mark.parametrize("fault", ["dropped after", "slow"])
@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_a_create_whose_answer_was_lost_returns_the_created_resource(
    backend: Backend, kind: str, fault: str
) -> None:
    resource = RESOURCES[kind]
    name = unique("lost")
    lost: Fault = DROP_AFTER if fault == "dropped after" else SLOW
    backend.proxy.inject(resource.create, lost)
    created = create(proxied(backend, attempts=2), resource.request(name))
    described = describe(backend.direct, resource, name)
    arn_attribute = next(a for a in attrs.fields_dict(type(created)) if a.endswith("_arn"))
    assert getattr(created, arn_attribute) == getattr(described, arn_attribute)
    # The first attempt created it; the retry was refused (no duplicate), then described.
    assert [(e.operation, e.upstream_status) for e in backend.proxy.exchanges()] == [
        (resource.create, 200),
        (resource.create, 400),
        (resource.describe, 200),
    ]


@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_a_lost_create_recovers_through_eventual_consistency(backend: Backend, kind: str) -> None:
    """The describe that tells our lost create from another's meets "not found" (the
    service's eventual consistency): it is asked again within the grace, on the client's
    clock; the recovered create counts as created recently."""
    resource = RESOURCES[kind]
    name = unique("late")
    not_yet = Reply(400, "ValidationException", "Requested resource not found")
    backend.proxy.inject(resource.create, DROP_AFTER)
    backend.proxy.inject(resource.describe, not_yet, not_yet)
    clock = FakeClock()
    sm = proxied(backend, attempts=2, clock=clock, read_timeout=PATIENT)
    created = create(sm, resource.request(name))
    arn_attribute = next(a for a in attrs.fields_dict(type(created)) if a.endswith("_arn"))
    assert getattr(created, arn_attribute) == getattr(
        describe(backend.direct, resource, name), arn_attribute
    )
    assert clock.sleeps == [1.0, 2.0]
    assert sm.created_recently(resource.create.removeprefix("Create"), name)
    assert [e.operation for e in backend.proxy.exchanges()] == [
        resource.create,
        resource.create,
        *[resource.describe] * 3,
    ]


@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_a_retried_create_of_a_name_taken_by_other_settings_is_resource_in_use(
    backend: Backend, kind: str
) -> None:
    resource = RESOURCES[kind]
    name = unique("taken")
    theirs = resource.other_settings(resource.request(name))
    create(backend.direct, theirs)
    before = resource.setting(describe(backend.direct, resource, name))
    backend.proxy.inject(resource.create, DROP_BEFORE)  # so that botocore retries
    with pytest.raises(ResourceInUseError) as caught:
        create(proxied(backend, attempts=2), resource.request(name))
    assert caught.value.operation == resource.create
    assert resource.setting(describe(backend.direct, resource, name)) == before  # untouched
    assert [e.operation for e in backend.proxy.exchanges()] == [
        resource.create,
        resource.create,
        resource.describe,  # compared with the request: not ours
    ]


@pytest.mark.parametrize(
    ("theirs", "ours"), [(2, 1), (1, 2)], ids=["they have more", "we ask for more"]
)
def test_a_retried_create_is_not_ours_when_a_list_differs_in_length(
    backend: Backend, theirs: int, ours: int
) -> None:
    """Channels that agree as far as both go are still other settings."""
    name = unique("channels")

    def with_channels(count: int) -> models.CreateTrainingJobRequest:
        request = training_job_request(name)
        assert request.input_data_config is not None
        channel = request.input_data_config[0]
        channels = [attrs.evolve(channel, channel_name=f"c{index}") for index in range(count)]
        return attrs.evolve(request, input_data_config=channels)

    backend.direct.create_training_job(with_channels(theirs))
    backend.proxy.inject("CreateTrainingJob", DROP_BEFORE)  # so that botocore retries
    with pytest.raises(ResourceInUseError):
        proxied(backend, attempts=2).create_training_job(with_channels(ours))
    described = backend.direct.describe_training_job(name)
    assert len(described.input_data_config or []) == theirs  # untouched
    assert [e.operation for e in backend.proxy.exchanges()] == [
        "CreateTrainingJob",
        "CreateTrainingJob",
        "DescribeTrainingJob",  # compared with the request: not ours
    ]


@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_a_first_attempt_meeting_a_taken_name_is_resource_in_use_at_once(
    backend: Backend, kind: str
) -> None:
    resource = RESOURCES[kind]
    name = unique("dup")
    create(backend.direct, resource.request(name))
    with pytest.raises(ResourceInUseError):
        create(proxied(backend, attempts=2, read_timeout=PATIENT), resource.request(name))
    # Not retried, so it cannot be a lost answer of ours: nothing is described.
    assert [e.operation for e in backend.proxy.exchanges()] == [resource.create]


@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_a_lost_create_that_cannot_be_described_is_resource_in_use(
    backend: Backend, kind: str
) -> None:
    resource = RESOURCES[kind]
    backend.proxy.inject(resource.create, DROP_AFTER)
    backend.proxy.inject(resource.describe, UNAVAILABLE, UNAVAILABLE)
    with pytest.raises(ResourceInUseError) as caught:
        create(proxied(backend, attempts=2), resource.request(unique("blind")))
    assert caught.value.operation == resource.create
    assert "ServiceError" in caught.value.__notes__[0]  # why it could not be told apart


# -- waiters ride out bursts ---------------------------------------------------------------

QUICK_BURST: list[Fault] = [UNAVAILABLE, THROTTLED, DROP_BEFORE, BAD_GATEWAY_PAGE, INTERNAL_ERROR]
BURST = [*QUICK_BURST, SLOW]  # a read timeout too (half a second of waiting)


def once(condition: Callable[[], bool], action: Callable[[], None]) -> threading.Thread:
    """Run ``action`` on another thread once ``condition`` holds (checked for 10 s)."""

    def wait_then_act() -> None:
        for _ in range(1000):
            if condition():
                break
            time.sleep(0.01)
        action()

    thread = threading.Thread(target=wait_then_act)
    thread.start()
    return thread


@pytest.mark.parametrize("attempts", [1, 3], ids=["waiter alone", "with botocore retries"])
def test_a_training_job_wait_rides_out_a_burst(backend: Backend, attempts: int) -> None:
    name = unique("wait-train")
    arn = backend.direct.create_training_job(training_job_request(name)).training_job_arn
    hold_in_progress(arn)
    backend.proxy.inject("DescribeTrainingJob", *BURST)
    seen: list[str] = []
    # The job ends once the waiter has met the whole burst and seen it running.
    completer = once(lambda: not backend.proxy.pending() and bool(seen), lambda: complete_job(arn))
    job = proxied(backend, attempts).wait_for_training_job(
        name, poll=FAST_POLLS, on_change=lambda r: seen.append(r.training_job_status)
    )
    completer.join()
    assert (job.training_job_arn, job.training_job_status) == (arn, "Completed")
    assert seen == ["InProgress", "Completed"]


def test_a_tuning_job_wait_rides_out_a_burst(backend: Backend) -> None:
    name = unique("wait-tune")
    arn = backend.direct.create_hyper_parameter_tuning_job(
        tuning_job_request(name)
    ).hyper_parameter_tuning_job_arn
    hold_in_progress(arn)
    backend.proxy.inject("DescribeHyperParameterTuningJob", *BURST)
    completer = once(lambda: not backend.proxy.pending(), lambda: complete_job(arn))
    tuning = proxied(backend, 1).wait_for_hyper_parameter_tuning_job(name, poll=FAST_POLLS)
    completer.join()
    assert tuning.hyper_parameter_tuning_job_status == "Completed"


def test_notebook_waits_ride_out_bursts(backend: Backend) -> None:
    name = unique("wait-nb")
    sm = proxied(backend, 1)
    sm.create_notebook_instance(notebook_request(name))
    backend.proxy.inject("DescribeNotebookInstance", *QUICK_BURST)
    assert sm.wait_for_notebook_instance(name, poll=FAST_POLLS).notebook_instance_status == (
        "InService"
    )
    sm.stop_notebook_instance(name)
    backend.proxy.inject("DescribeNotebookInstance", *QUICK_BURST)
    stopped = sm.wait_for_notebook_instance(name, target="Stopped", poll=FAST_POLLS)
    assert stopped.notebook_instance_status == "Stopped"
    sm.delete_notebook_instance(name)
    backend.proxy.inject("DescribeNotebookInstance", *QUICK_BURST)
    sm.wait_for_notebook_instance_deleted(name, poll=FAST_POLLS)


def test_a_wait_whose_faults_outlast_its_timeout_says_so(backend: Backend) -> None:
    name = unique("wait-down")
    backend.direct.create_training_job(training_job_request(name))
    backend.proxy.inject("DescribeTrainingJob", *[UNAVAILABLE] * 200)
    with pytest.raises(WaiterTimeoutError) as caught:
        proxied(backend, 1).wait_for_training_job(name, timeout=0.5, poll=FAST_POLLS)
    backend.proxy.reset()  # the unused rest of the outage
    assert caught.value.last_response is None  # never described
    cause = caught.value.__cause__
    assert isinstance(cause, ServiceError)
    assert cause.http_status == 503


# -- botocore's retries are standard, whatever the environment says -------------------------


def test_throttled_calls_get_standard_retries_under_a_legacy_environment(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Standard mode: 3 attempts in all; legacy mode would make 5 and get the answer.
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
    sm = SageMakerClient(session=backend.session, endpoint_url=backend.proxy.url)
    backend.proxy.inject("DescribeTrainingJob", *[THROTTLED] * 4)
    with pytest.raises(ThrottlingError):
        sm.describe_training_job("warm-up")
    assert [e.operation for e in backend.proxy.exchanges()] == ["DescribeTrainingJob"] * 3
    backend.proxy.reset()  # the fifth answer was never asked for
