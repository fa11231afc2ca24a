"""``tuning_job_results``: every trial of a tuning job, best first, on both backends."""

from __future__ import annotations

import datetime
import itertools
import pickle
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import sagemaker_typed as st
from sagemaker_typed import SageMakerClient, TrialResult, TuningJobResults, _results, models
from sagemaker_typed.testing import (
    FakeClock,
    attach_training_jobs,
    hold_in_progress,
    local_sagemaker,
)
from tests import shells
from tests.requests import tuning_job_request

_serial = itertools.count()


@pytest.fixture(params=["in-process", "server", "in-process-async"])
def sm(request: pytest.FixtureRequest) -> Iterator[SageMakerClient]:
    """The local backend, in-process or over HTTP, on a fake clock; and the async shell."""
    clock = FakeClock()
    with local_sagemaker(clock=clock, server=request.param == "server") as client:
        if request.param == "in-process-async":  # the same reading on the async shell
            yield shells.client("async", client.boto_client, clock=clock)
        else:
            yield client


def tuning_job(
    sm: SageMakerClient, direction: str, *, warm_start_from: str | None = None
) -> tuple[str, str]:
    """A tuning job on ``validation:rmse`` in ``direction``: (name, ARN)."""
    name = f"results-{next(_serial)}"
    request = tuning_job_request(name, warm_start_from=warm_start_from)
    config = request.hyper_parameter_tuning_job_config
    objective = models.HyperParameterTuningJobObjective(
        type=direction,  # type: ignore[arg-type]
        metric_name="validation:rmse",
    )
    request = attrs.evolve(
        request,
        hyper_parameter_tuning_job_config=attrs.evolve(
            config, hyper_parameter_tuning_job_objective=objective
        ),
    )
    arn = sm.create_hyper_parameter_tuning_job(request).hyper_parameter_tuning_job_arn
    return name, arn


VALUES = [0.5, 0.25, 0.75, 0.25, 1.0]


@pytest.mark.parametrize(
    ("direction", "expected"),
    [("Minimize", [0.25, 0.25, 0.5, 0.75, 1.0]), ("Maximize", [1.0, 0.75, 0.5, 0.25, 0.25])],
)
def test_trials_are_sorted_by_the_objectives_direction(
    sm: SageMakerClient, direction: str, expected: list[float]
) -> None:
    name, arn = tuning_job(sm, direction)
    arns = attach_training_jobs(arn, VALUES)
    results = sm.tuning_job_results(name)
    assert isinstance(results, TuningJobResults)
    assert [trial.objective_value for trial in results] == expected
    assert len(results) == 5
    # Ties by name: the two 0.25 trials keep their names' order.
    ties = [t.training_job_name for t in results if t.objective_value == 0.25]
    assert ties == sorted(ties)
    assert {t.training_job_name for t in results} == {a.rsplit("/", 1)[1] for a in arns}
    assert results.objective == ("validation:rmse", direction)
    assert results.counts == {"Completed": 5}
    for trial in results:
        assert trial.status == "Completed"
        assert trial.tuning_job == name
        assert set(trial.hyper_parameters) == {"eta"}  # the tuned one, as given
        assert isinstance(trial.hyper_parameters["eta"], str)
        assert trial.start is not None
        assert trial.start.tzinfo is not None
        assert trial.end is not None
        assert trial.duration == trial.end - trial.start


def test_trials_without_a_value_come_last_by_name(sm: SageMakerClient) -> None:
    name, arn = tuning_job(sm, "Minimize")
    arns = attach_training_jobs(arn, [0.3, 0.1, 0.2, 0.4])
    for running in (arns[0], arns[3]):
        hold_in_progress(running)
    results = sm.tuning_job_results(name)
    assert [t.objective_value for t in results][:2] == [0.1, 0.2]
    last = list(results)[2:]
    assert [t.status for t in last] == ["InProgress", "InProgress"]
    assert [t.objective_value for t in last] == [None, None]
    assert [t.training_job_name for t in last] == sorted(t.training_job_name for t in last)
    assert [t.end for t in last] == [None, None]
    assert all(t.duration is None for t in last)
    assert results.counts == {"Completed": 2, "InProgress": 2}


def test_a_tuning_job_without_trials_has_empty_results(sm: SageMakerClient) -> None:
    name, _ = tuning_job(sm, "Maximize")
    results = sm.tuning_job_results(name)
    assert list(results) == []
    assert results.best is None
    assert results.counts == {}
    assert results.description.hyper_parameter_tuning_job_name == name


def test_every_page_is_read_with_no_cap(
    sm: SageMakerClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,200 trials, read 7 at a time: 172 pages, all of them."""
    monkeypatch.setattr(_results, "PAGE_SIZE", 7)
    name, arn = tuning_job(sm, "Minimize")
    values = [((index * 7919) % 1200) / 100 for index in range(1200)]  # all distinct
    attach_training_jobs(arn, values)
    sent: list[str] = []
    sm.boto_client.meta.events.register(
        "before-send.sagemaker.ListTrainingJobsForHyperParameterTuningJob",
        lambda request, **_: sent.append("list"),
    )
    results = sm.tuning_job_results(name)
    assert len(results) == 1200
    assert [t.objective_value for t in results] == sorted(values)
    assert len(sent) == -(-1200 // 7)


def test_warm_start_parents_come_with_include_parents(sm: SageMakerClient) -> None:
    parent, parent_arn = tuning_job(sm, "Minimize")
    attach_training_jobs(parent_arn, [0.2, 0.6])
    child, child_arn = tuning_job(sm, "Minimize", warm_start_from=parent)
    attach_training_jobs(child_arn, [0.4])
    alone = sm.tuning_job_results(child)
    assert [(t.tuning_job, t.objective_value) for t in alone] == [(child, 0.4)]
    both = sm.tuning_job_results(child, include_parents=True)
    assert [(t.tuning_job, t.objective_value) for t in both] == [
        (parent, 0.2),
        (child, 0.4),
        (parent, 0.6),
    ]
    assert both.description.hyper_parameter_tuning_job_name == child


def test_an_unknown_tuning_job_is_not_found(sm: SageMakerClient) -> None:
    with pytest.raises(st.ResourceNotFoundError):
        sm.tuning_job_results("no-such-tuning-job")


# -- the results object --------------------------------------------------------------------

NOW = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


def trial(name: str, value: float | None, status: str = "Completed", **changes: Any) -> TrialResult:
    return TrialResult(
        training_job_name=name,
        status=status,
        hyper_parameters={"eta": "0.1", "depth": "3"},
        objective_value=value,
        objective_status="Succeeded" if value is not None else "Pending",
        start=NOW,
        end=NOW + datetime.timedelta(minutes=5) if status != "InProgress" else None,
        tuning_job="t",
        **changes,
    )


def results(*trials: TrialResult, best: str | None = None) -> TuningJobResults:
    description = models.DescribeHyperParameterTuningJobResponse(
        hyper_parameter_tuning_job_name="t",
        hyper_parameter_tuning_job_arn="arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/t",
        hyper_parameter_tuning_job_config=models.HyperParameterTuningJobConfig(
            strategy="Bayesian",
            resource_limits=models.ResourceLimits(max_parallel_training_jobs=1),
            hyper_parameter_tuning_job_objective=models.HyperParameterTuningJobObjective(
                type="Minimize", metric_name="loss"
            ),
        ),
        hyper_parameter_tuning_job_status="Completed",
        creation_time=NOW,
        training_job_status_counters=models.TrainingJobStatusCounters(),
        objective_status_counters=models.ObjectiveStatusCounters(),
        best_training_job=(
            models.HyperParameterTrainingJobSummary(
                training_job_name=best,
                training_job_arn=f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{best}",
                creation_time=NOW,
                training_job_status="Completed",
                tuned_hyper_parameters={},
            )
            if best
            else None
        ),
    )
    return TuningJobResults(description=description, trials=trials)


def test_best_is_the_trial_the_service_names() -> None:
    # Not simply the first: the service's choice stands (it may weigh things we cannot).
    shown = results(trial("a", 0.1), trial("b", 0.2), best="b")
    assert shown.best is not None
    assert shown.best.training_job_name == "b"
    assert results(trial("a", 0.1)).best is None


def test_results_read_like_a_sequence_and_pickle() -> None:
    shown = results(trial("a", 0.1), trial("b", None, "Failed", failure_reason="OOM"))
    assert [t.training_job_name for t in shown] == ["a", "b"]
    assert shown[1].failure_reason == "OOM"
    assert len(shown) == 2
    assert pickle.loads(pickle.dumps(shown)) == shown
    assert repr(shown) == (
        "TuningJobResults('t', 2 trials, best=None, counts={'Completed': 1, 'Failed': 1})"
    )


def test_the_notebook_table_shows_every_trial_escaped() -> None:
    table = results(trial("a<b", 0.1), trial("c", None, "InProgress"), best="a<b")._repr_html_()
    assert table.count("<tr>") == 3  # the header and two trials
    assert "a&lt;b" in table
    assert "a<b" not in table
    assert "Minimize loss" in table
    assert "0:05:00" in table  # the duration


def test_to_pandas_has_a_row_per_trial_and_a_column_per_hyper_parameter() -> None:
    pandas = pytest.importorskip("pandas")
    frame = results(trial("a", 0.1), trial("b", 0.2)).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["training_job_name"]) == ["a", "b"]
    assert list(frame.columns)[-2:] == ["depth", "eta"]
    assert list(frame["eta"]) == ["0.1", "0.1"]  # as given, never cast


@pytest.mark.usefixtures("without_pandas")
def test_to_pandas_without_pandas_says_which_extra() -> None:
    with pytest.raises(ImportError) as caught:
        results(trial("a", 0.1)).to_pandas()
    error = caught.value
    assert isinstance(error, st.SageMakerTypedError)
    assert isinstance(error, st.MissingExtraError)
    assert error.extra == "pandas"
    assert 'pip install "sagemaker-typed[pandas]"' in str(error)
    assert isinstance(error.__cause__, ImportError)
    assert pickle.loads(pickle.dumps(error)).extra == "pandas"


def test_plot_marks_the_best_trial() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    ax = results(trial("a", 0.1), trial("b", 0.3), trial("c", None, "Failed"), best="a").plot()
    trials_line, best_line = ax.get_lines()
    assert list(trials_line.get_ydata()) == [0.1, 0.3]
    assert list(best_line.get_ydata()) == [0.1]
    assert ax.get_ylabel() == "loss"
