"""Progress for people: status lines, log lines, tuning counters, the closing summary."""

from __future__ import annotations

import datetime
import logging

import pytest

from sagemaker_typed import LogEvent
from sagemaker_typed._convert import from_boto
from sagemaker_typed._progress import Progress, training_summary, tuning_line
from sagemaker_typed.models import (
    DescribeHyperParameterTuningJobResponse,
    DescribeTrainingJobResponse,
    FinalHyperParameterTuningJobObjectiveMetric,
    HyperParameterTrainingJobSummary,
    ObjectiveStatusCounters,
    TrainingJobStatusCounters,
)

NOW = datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)


def _training(**fields: object) -> DescribeTrainingJobResponse:
    wire = {"TrainingJobName": "job", "TrainingJobStatus": "Completed", **fields}
    return from_boto(wire, DescribeTrainingJobResponse)


def test_the_summary_has_seconds_spot_savings_and_final_metrics() -> None:
    job = _training(
        TrainingTimeInSeconds=1000,
        BillableTimeInSeconds=300,
        EnableManagedSpotTraining=True,
        FinalMetricDataList=[
            {"MetricName": "validation:auc", "Value": 0.91, "Timestamp": NOW},
            {"MetricName": "train:loss", "Value": 0.125, "Timestamp": NOW},
        ],
    )
    assert training_summary(job) == [
        "Training seconds: 1000",
        "Billable seconds: 300",
        "Managed spot training savings: 70.0%",
        "Final metrics: validation:auc = 0.91, train:loss = 0.125",
    ]
    on_demand = _training(TrainingTimeInSeconds=10, BillableTimeInSeconds=10)
    assert training_summary(on_demand) == ["Training seconds: 10", "Billable seconds: 10"]
    assert training_summary(_training()) == []


def test_the_tuning_line_has_the_counters_and_the_best_objective() -> None:
    counters = TrainingJobStatusCounters(
        completed=4, in_progress=2, retryable_error=1, non_retryable_error=1, stopped=0
    )
    response = DescribeHyperParameterTuningJobResponse(
        hyper_parameter_tuning_job_name="tuning",
        hyper_parameter_tuning_job_arn="arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/tuning",
        hyper_parameter_tuning_job_config=None,  # type: ignore[arg-type]
        hyper_parameter_tuning_job_status="InProgress",
        creation_time=NOW,
        training_job_status_counters=counters,
        objective_status_counters=ObjectiveStatusCounters(),
    )
    assert tuning_line(response) == "4 completed, 2 in progress, 2 failed, 0 stopped"
    best = HyperParameterTrainingJobSummary(
        training_job_name="tuning-003-abcdef12",
        training_job_arn="arn",
        creation_time=NOW,
        training_job_status="Completed",
        tuned_hyper_parameters={},
        final_hyper_parameter_tuning_job_objective_metric=(
            FinalHyperParameterTuningJobObjectiveMetric(metric_name="validation:auc", value=0.93)
        ),
    )
    import attrs

    with_best = attrs.evolve(response, best_training_job=best)
    assert tuning_line(with_best).endswith("; best validation:auc 0.93 (tuning-003-abcdef12)")


def _event(host: str, message: str) -> LogEvent:
    return LogEvent(
        timestamp=NOW, ingestion_time=NOW, message=message, host=host, stream=f"j/{host}-1"
    )


def test_nothing_is_printed_unless_asked_but_everything_is_logged(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="sagemaker_typed")
    quiet = Progress("training job", "job", show=False)
    quiet.change(5.0, "InProgress / Training", "Training in progress.")
    quiet.log(_event("algo-1", "epoch 1"))
    quiet.finish_training(_training(TrainingTimeInSeconds=10, BillableTimeInSeconds=10))
    assert capsys.readouterr() == ("", "")
    assert [r.getMessage() for r in caplog.records] == [
        "training job job: InProgress / Training",
        "training job job log: epoch 1",
        "training job job: Training seconds: 10",
        "training job job: Billable seconds: 10",
    ]


def test_in_a_terminal_each_change_and_line_goes_to_stderr_prefixed_by_host_when_many(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = Progress("training job", "job", show=True, hosts=2)
    shown.change(65.0, "InProgress / Training", "Training in progress.")
    shown.log(_event("algo-2", "epoch 1"))
    shown.finish_training(_training(TrainingTimeInSeconds=10, BillableTimeInSeconds=10))
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "[  1m05s] InProgress / Training \N{EM DASH} Training in progress.",
        "[algo-2] epoch 1",
        "Training seconds: 10",
        "Billable seconds: 10",
    ]
    single = Progress("training job", "job", show=True, hosts=1)
    single.log(_event("algo-1", "epoch 1"))
    assert capsys.readouterr().err == "epoch 1\n"
