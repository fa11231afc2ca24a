"""sagemaker_typed.testing: FakeClock, local_sagemaker() and the job hooks."""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import boto3
import pytest

from sagemaker_typed import (
    ResourceNotFoundError,
    SageMakerClient,
    ServiceValidationError,
    models,
    testing,
)
from sagemaker_typed._clock import Clock
from sagemaker_typed.testing import (
    FakeClock,
    attach_training_jobs,
    hold_in_progress,
    local_sagemaker,
)
from tests.requests import notebook_request, training_job_request, tuning_job_request

REPO = Path(__file__).parents[1]

# -- FakeClock --------------------------------------------------------------------------


def test_fake_clock_is_a_clock() -> None:
    clock: Clock = FakeClock()
    assert clock.monotonic() == 0.0


def test_sleep_moves_time_at_once_and_is_recorded() -> None:
    clock = FakeClock(start=1000.0)
    clock.sleep(2.5)
    clock.sleep(0)
    clock.sleep(7)
    assert clock.monotonic() == 1009.5
    assert clock.sleeps == [2.5, 0.0, 7.0]


def test_advance_moves_time_without_recording_a_sleep() -> None:
    clock = FakeClock()
    clock.advance(30)
    clock.sleep(1)
    assert clock.monotonic() == 31.0
    assert clock.sleeps == [1.0]


def test_negative_times_are_rejected_as_time_sleep_does() -> None:
    clock = FakeClock(start=5)
    for move in (clock.sleep, clock.advance):
        with pytest.raises(ValueError, match="non-negative"):
            move(-0.1)
    assert (clock.monotonic(), clock.sleeps) == (5.0, [])


def test_sleeps_is_a_copy() -> None:
    clock = FakeClock()
    clock.sleep(1)
    clock.sleeps.append(99.0)
    assert clock.sleeps == [1.0]
    assert repr(clock) == "FakeClock(now=1.0, sleeps=1)"


def test_fake_clock_is_thread_safe() -> None:
    clock = FakeClock()

    def sleep_a_lot() -> None:
        for _ in range(2000):
            clock.sleep(0.5)

    threads = [threading.Thread(target=sleep_a_lot) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert clock.monotonic() == 8000.0
    assert len(clock.sleeps) == 16000


def test_docstring_examples_hold() -> None:
    results = doctest.testmod(testing)
    assert (results.failed, results.attempted > 0) == (0, True)


NO_MOTO = textwrap.dedent(
    """
    import sys
    import sagemaker_typed.testing as testing
    assert "moto" not in sys.modules, "importing the module imported moto"
    sys.modules["moto"] = None  # as if the local extra were not installed
    clock = testing.FakeClock()
    clock.sleep(3)
    assert clock.monotonic() == 3.0
    uses = [
        lambda: testing.local_sagemaker().__enter__(),
        lambda: testing.LocalSageMaker().start(),
        lambda: testing.fail_job("job", "reason"),
        lambda: testing.plan_training_job("job", duration=5),
        lambda: testing.plan_tuning_job("tuning", objective_values=[0.5]),
        lambda: testing.hold_in_progress("arn"),
        lambda: testing.complete_job("arn"),
        lambda: testing.attach_training_jobs("arn", [0.5]),
        lambda: testing.write_training_log("job", "algo-1", ["line"]),
    ]
    for use in uses:
        try:
            use()
        except ImportError as error:
            assert 'pip install "sagemaker-typed[local]"' in str(error), error
        else:
            raise AssertionError("no ImportError")
    print("ok")
    """
)


def test_without_moto_the_clock_works_and_the_backend_says_what_to_install() -> None:
    done = subprocess.run(
        [sys.executable, "-c", NO_MOTO],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# -- local_sagemaker() ------------------------------------------------------------------


def test_local_sagemaker_yields_a_client_on_moto_with_fake_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    environment = dict(os.environ)
    clock = FakeClock()
    with local_sagemaker(region_name="eu-west-1", clock=clock) as sm:
        assert isinstance(sm, SageMakerClient)
        assert sm.clock is clock
        assert sm.boto_client.meta.region_name == "eu-west-1"
        signatures: list[str] = []
        sm.boto_client.meta.events.register(
            "before-send.sagemaker.*",
            lambda request, **_: signatures.append(str(request.headers["Authorization"])),
        )
        created = sm.create_notebook_instance(notebook_request("nb"))
        assert "Credential=testing/" in signatures[0]
        assert (created.notebook_instance_arn or "").startswith("arn:aws:sagemaker:eu-west-1:")
        assert sm.describe_notebook_instance("nb").notebook_instance_status == "Pending"
    assert boto3.DEFAULT_SESSION is None
    assert dict(os.environ) == environment


def test_local_sagemaker_forgets_everything_when_the_block_ends() -> None:
    with local_sagemaker() as sm:
        sm.create_training_job(training_job_request("job"))
    with local_sagemaker() as sm, pytest.raises(ResourceNotFoundError):
        sm.describe_training_job("job")


def test_typed_notebook_update_on_the_local_backend() -> None:
    clock = FakeClock()
    with local_sagemaker(clock=clock) as sm:
        sm.create_notebook_instance(notebook_request("nb"))
        sm.wait_for_notebook_instance("nb")
        with pytest.raises(ServiceValidationError, match=r"not in \(\[Stopped\]\)"):
            sm.update_notebook_instance(
                models.UpdateNotebookInstanceRequest(notebook_instance_name="nb")
            )
        sm.stop_notebook_instance("nb")
        sm.wait_for_notebook_instance("nb", target="Stopped")
        sm.update_notebook_instance(
            models.UpdateNotebookInstanceRequest(
                notebook_instance_name="nb",
                instance_type="ml.m5.xlarge",
                volume_size_in_gb=40,
                instance_metadata_service_configuration=(
                    models.InstanceMetadataServiceConfiguration(
                        minimum_instance_metadata_service_version="2"
                    )
                ),
            )
        )
        updating = sm.describe_notebook_instance("nb")
        clock.advance(120)
        stopped = sm.describe_notebook_instance("nb")
    assert updating.notebook_instance_status == "Updating"
    assert stopped.notebook_instance_status == "Stopped"
    assert (stopped.instance_type, stopped.volume_size_in_gb) == ("ml.m5.xlarge", 40)
    imds = stopped.instance_metadata_service_configuration
    assert imds is not None
    assert imds.minimum_instance_metadata_service_version == "2"
    assert stopped.last_modified_time is not None
    assert stopped.last_modified_time.tzinfo is not None


def test_typed_stops_on_the_local_backend() -> None:
    with local_sagemaker(clock=FakeClock()) as sm:
        job_arn = sm.create_training_job(training_job_request("job")).training_job_arn
        hold_in_progress(job_arn)
        sm.stop_training_job("job")
        stopping = sm.describe_training_job("job")
        stopped = sm.wait_for_training_job("job")
        with pytest.raises(ServiceValidationError, match="in status Stopped"):
            sm.stop_training_job("job")
        with pytest.raises(ResourceNotFoundError, match="Requested resource not found"):
            sm.stop_training_job("missing")
        with pytest.raises(ResourceNotFoundError, match="can't find a tuning job"):
            sm.stop_hyper_parameter_tuning_job("missing")
    assert (stopping.training_job_status, stopping.secondary_status) == ("Stopping", "Stopping")
    assert (stopped.training_job_status, stopped.secondary_status) == ("Stopped", "Stopped")
    transitions = stopped.secondary_status_transitions or []
    assert [t.status for t in transitions][-2:] == ["Stopping", "Stopped"]


def test_typed_listing_over_three_pages_one_request_each() -> None:
    with local_sagemaker() as sm:
        created = sm.create_hyper_parameter_tuning_job(tuning_job_request("tuning"))
        arns = attach_training_jobs(created.hyper_parameter_tuning_job_arn, [3, 1, 4, 1.5, 9])
        sent: list[Any] = []
        sm.boto_client.meta.events.register(
            "before-send.sagemaker.ListTrainingJobsForHyperParameterTuningJob",
            lambda **_: sent.append(1),
        )
        listing = sm.list_training_jobs_for_hyper_parameter_tuning_job("tuning", max_results=2)
        first = next(listing)
        assert len(sent) == 1  # lazily: one page so far
        summaries = [first, *listing]
    assert len(sent) == 3
    assert all(isinstance(s, models.HyperParameterTrainingJobSummary) for s in summaries)
    assert [s.training_job_arn for s in summaries] == arns
    values = [s.final_hyper_parameter_tuning_job_objective_metric for s in summaries]
    assert [v.value if v else None for v in values] == [3.0, 1.0, 4.0, 1.5, 9.0]
