"""One client shared by many threads, against moto's server over HTTP.

- 16 threads, each running the training, tuning and notebook lifecycles (every
  operation, every waiter) in its own order on its own resources: no errors, and every
  description holds what that thread asked for.
- 50 training jobs waited for at once, finished one by one by another thread: every
  wait ends Completed, and no job is described more often than the poll policy allows
  for the time its wait took. The policy is the default one on a clock 100 times
  faster (same growth and jitter, delays divided by 100), so the counts are those the
  default policy implies for waits 100 times longer.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

import attrs
import boto3
import pytest
from botocore.config import Config

from sagemaker_typed import ResourceNotFoundError, SageMakerClient, models
from sagemaker_typed._waiters import PollPolicy
from sagemaker_typed.testing import attach_training_jobs, complete_job, hold_in_progress
from tests.moto_server import fake_session, running_moto_server
from tests.requests import notebook_request, training_job_request, tuning_job_request

DEFAULT = PollPolicy()
SCALE = 100
# The default policy, 100 times faster.
FAST_DEFAULT = PollPolicy(
    initial_delay=DEFAULT.initial_delay / SCALE,
    max_delay=DEFAULT.max_delay / SCALE,
    multiplier=DEFAULT.multiplier,
    jitter=DEFAULT.jitter,
)
THREADS = 16
JOBS = 50


class Server(NamedTuple):
    url: str
    session: boto3.Session


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    session = fake_session()
    with running_moto_server() as url:
        yield Server(url, session)


def shared_client(server: Server, connections: int) -> SageMakerClient:
    config = Config(max_pool_connections=connections)  # one connection per thread
    return SageMakerClient(session=server.session, endpoint_url=server.url, config=config)


# -- 16 threads, every operation and waiter -------------------------------------------------


def finish_when_running(arn: str) -> Callable[[Any], None]:
    """An ``on_change`` that finishes the job once the waiter has seen it running."""

    def on_change(response: Any) -> None:
        status = getattr(response, "training_job_status", None) or getattr(
            response, "hyper_parameter_tuning_job_status", None
        )
        if status == "InProgress":
            complete_job(arn)

    return on_change


def training_lifecycle(sm: SageMakerClient, tag: str) -> None:
    request = attrs.evolve(
        training_job_request(f"train-{tag}"), hyper_parameters={"eta": f"0.{tag}"}
    )
    arn = sm.create_training_job(request).training_job_arn
    job = sm.describe_training_job(request.training_job_name)
    assert (job.training_job_arn, job.hyper_parameters) == (arn, request.hyper_parameters)
    assert job.resource_config == request.resource_config
    hold_in_progress(arn)
    done = sm.wait_for_training_job(
        request.training_job_name, poll=FAST_DEFAULT, on_change=finish_when_running(arn)
    )
    assert (done.training_job_arn, done.training_job_status) == (arn, "Completed")

    stopped_name = f"stop-{tag}"
    stopped_arn = sm.create_training_job(training_job_request(stopped_name)).training_job_arn
    hold_in_progress(stopped_arn)
    sm.stop_training_job(stopped_name)
    stopped = sm.wait_for_training_job(stopped_name, poll=FAST_DEFAULT)
    assert (stopped.training_job_arn, stopped.training_job_status) == (stopped_arn, "Stopped")


def tuning_lifecycle(sm: SageMakerClient, tag: str) -> None:
    name = f"tune-{tag}"
    request = tuning_job_request(name)
    limits = models.ResourceLimits(
        max_number_of_training_jobs=int(tag) + 3, max_parallel_training_jobs=2
    )
    config = attrs.evolve(request.hyper_parameter_tuning_job_config, resource_limits=limits)
    request = attrs.evolve(request, hyper_parameter_tuning_job_config=config)
    arn = sm.create_hyper_parameter_tuning_job(request).hyper_parameter_tuning_job_arn
    tuning = sm.describe_hyper_parameter_tuning_job(name)
    assert tuning.hyper_parameter_tuning_job_arn == arn
    assert tuning.hyper_parameter_tuning_job_config.resource_limits == limits
    hold_in_progress(arn)
    values = [0.25, 0.75, 0.5]
    trials = attach_training_jobs(arn, values)
    listed = list(sm.list_training_jobs_for_hyper_parameter_tuning_job(name, max_results=2))
    assert sorted(s.training_job_arn for s in listed) == sorted(trials)
    done = sm.wait_for_hyper_parameter_tuning_job(
        name, poll=FAST_DEFAULT, on_change=finish_when_running(arn)
    )
    assert (done.hyper_parameter_tuning_job_arn, done.hyper_parameter_tuning_job_status) == (
        arn,
        "Completed",
    )

    stopped_name = f"tstop-{tag}"
    stopped_arn = sm.create_hyper_parameter_tuning_job(
        tuning_job_request(stopped_name)
    ).hyper_parameter_tuning_job_arn
    hold_in_progress(stopped_arn)
    sm.stop_hyper_parameter_tuning_job(stopped_name)
    stopped = sm.wait_for_hyper_parameter_tuning_job(stopped_name, poll=FAST_DEFAULT)
    assert stopped.hyper_parameter_tuning_job_status == "Stopped"


def notebook_lifecycle(sm: SageMakerClient, tag: str) -> None:
    name = f"nb-{tag}"
    arn = sm.create_notebook_instance(notebook_request(name)).notebook_instance_arn
    assert sm.describe_notebook_instance(name).notebook_instance_arn == arn
    assert sm.wait_for_notebook_instance(name, poll=FAST_DEFAULT).instance_type == "ml.t3.medium"
    sm.stop_notebook_instance(name)
    sm.wait_for_notebook_instance(name, target="Stopped", poll=FAST_DEFAULT)
    volume = 10 + int(tag)
    sm.update_notebook_instance(
        models.UpdateNotebookInstanceRequest(notebook_instance_name=name, volume_size_in_gb=volume)
    )
    updated = sm.wait_for_notebook_instance(name, target="Stopped", poll=FAST_DEFAULT)
    assert (updated.notebook_instance_arn, updated.volume_size_in_gb) == (arn, volume)
    sm.start_notebook_instance(name)
    sm.wait_for_notebook_instance(name, poll=FAST_DEFAULT)
    sm.stop_notebook_instance(name)
    sm.wait_for_notebook_instance(name, target="Stopped", poll=FAST_DEFAULT)
    sm.delete_notebook_instance(name)
    sm.wait_for_notebook_instance_deleted(name, poll=FAST_DEFAULT)
    with pytest.raises(ResourceNotFoundError):
        sm.describe_notebook_instance(name)


LIFECYCLES = [training_lifecycle, tuning_lifecycle, notebook_lifecycle]


def every_lifecycle(sm: SageMakerClient, thread: int) -> None:
    """All three, starting with a different one per thread; tags unique per thread."""
    for step in range(len(LIFECYCLES)):
        LIFECYCLES[(thread + step) % len(LIFECYCLES)](sm, str(thread))


def test_sixteen_threads_share_one_client(server: Server) -> None:
    sm = shared_client(server, THREADS)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(every_lifecycle, sm, thread) for thread in range(THREADS)]
    for future in futures:
        future.result(timeout=0)  # re-raises the thread's error, if any


# -- 50 waits at once, within the poll budget ---------------------------------------------


def polls_allowed(policy: PollPolicy, elapsed: float) -> int:
    """The most describes a wait of ``elapsed`` seconds may make: one at once, then one
    after each delay, every delay as short as the jitter can make it."""
    polls, waited, delay = 1, 0.0, policy.initial_delay
    while True:
        waited += delay * (1 - policy.jitter)
        if waited > elapsed:
            return polls
        polls += 1
        delay = min(policy.max_delay, delay * policy.multiplier)


def test_the_budget_matches_the_default_policy() -> None:
    # A one-hour job costs at most ~130 describes with the default policy
    # (benchmarks.waiter_efficiency); the fast policy allows the same for 36 s.
    assert polls_allowed(DEFAULT, 3600) == polls_allowed(FAST_DEFAULT, 36)
    assert polls_allowed(DEFAULT, 3600) <= 130


class Wait(NamedTuple):
    name: str
    seconds: float
    status: str


def test_fifty_waits_at_once_stay_within_the_poll_budget(server: Server) -> None:
    sm = shared_client(server, JOBS)
    describes: Counter[str] = Counter()
    describes_lock = threading.Lock()

    def count(request: Any, **_: Any) -> None:
        with describes_lock:
            describes[json.loads(request.body)["TrainingJobName"]] += 1

    sm.boto_client.meta.events.register("before-send.sagemaker.DescribeTrainingJob", count)
    names = [f"fifty-{index}" for index in range(JOBS)]
    arns = [sm.create_training_job(training_job_request(name)).training_job_arn for name in names]
    for arn in arns:
        hold_in_progress(arn)

    def wait(name: str) -> Wait:
        started = time.monotonic()
        job = sm.wait_for_training_job(name, poll=FAST_DEFAULT, timeout=30)
        return Wait(name, time.monotonic() - started, job.training_job_status)

    def finish_one_by_one() -> None:
        for arn in random.Random(6).sample(arns, len(arns)):
            time.sleep(0.04)
            complete_job(arn)

    finisher = threading.Thread(target=finish_one_by_one)
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        futures = [pool.submit(wait, name) for name in names]
        finisher.start()
        waits = [future.result(timeout=60) for future in futures]
    finisher.join()

    assert {w.status for w in waits} == {"Completed"}
    over_budget = {
        w.name: (describes[w.name], polls_allowed(FAST_DEFAULT, w.seconds))
        for w in waits
        if describes[w.name] > polls_allowed(FAST_DEFAULT, w.seconds)
    }
    assert over_budget == {}
    assert sum(describes.values()) <= sum(polls_allowed(FAST_DEFAULT, w.seconds) for w in waits)
