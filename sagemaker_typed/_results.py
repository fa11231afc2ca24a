"""What a finished (or running) tuning job found: its trials, best first.

:func:`read_tuning_job_results` is a machine (see ``_machine``): it describes the
tuning job, reads every page of its training jobs (no cap) and, for a warm start, its
parents' too; the sync and async clients drive it. :class:`TuningJobResults` and
:class:`TrialResult` are what it returns: plain frozen data, with a table for
notebooks, ``to_pandas()`` and ``plot()`` for those who have pandas and matplotlib.
"""

from __future__ import annotations

import datetime
import html
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from sagemaker_typed._errors import MissingExtraError
from sagemaker_typed._machine import Call, Machine, next_page_token

if TYPE_CHECKING:  # the models load on first use, not with the package
    import pandas

    from sagemaker_typed.models import (
        DescribeHyperParameterTuningJobResponse,
        HyperParameterTrainingJobSummary,
    )

__all__ = ["TrialResult", "TuningJobResults", "read_tuning_job_results"]

# The largest page ListTrainingJobsForHyperParameterTuningJob serves.
PAGE_SIZE = 100


@attrs.frozen(kw_only=True)
class TrialResult:
    """One training job a tuning job launched, as the tuning job saw it."""

    training_job_name: str
    """The training job's name: describe it for everything else."""
    status: str
    """``TrainingJobStatus``: Completed, InProgress, Stopped, Failed, ... (a newer
    service may add values)."""
    hyper_parameters: dict[str, str]
    """The tuned hyper-parameters, as the service gave them (strings, never cast)."""
    objective_value: float | None
    """The final value of the tuning objective, or ``None`` if there is none (yet)."""
    objective_status: str | None
    """Whether the objective was read: Succeeded, Pending or Failed."""
    start: datetime.datetime | None
    """When training started, or ``None`` before it has."""
    end: datetime.datetime | None
    """When training ended, or ``None`` while it runs."""
    tuning_job: str
    """The tuning job that launched it (a warm-start parent's, with ``include_parents``)."""
    failure_reason: str | None = None
    """Why it failed, if it did."""

    @property
    def duration(self) -> datetime.timedelta | None:
        """``end - start``, or ``None`` until both are known."""
        if self.start is None or self.end is None:
            return None
        return self.end - self.start

    @classmethod
    def from_summary(
        cls, summary: HyperParameterTrainingJobSummary, tuning_job: str
    ) -> TrialResult:
        metric = summary.final_hyper_parameter_tuning_job_objective_metric
        return cls(
            training_job_name=summary.training_job_name,
            status=summary.training_job_status,
            hyper_parameters=dict(summary.tuned_hyper_parameters),
            objective_value=metric.value if metric is not None else None,
            objective_status=summary.objective_status,
            start=summary.training_start_time,
            end=summary.training_end_time,
            tuning_job=summary.tuning_job_name or tuning_job,
            failure_reason=summary.failure_reason,
        )


# The columns of the table, in order: what ``to_pandas`` and the notebook show.
_COLUMNS = (
    "training_job_name",
    "status",
    "objective_value",
    "objective_status",
    "start",
    "end",
    "duration",
    "tuning_job",
)


@attrs.frozen(kw_only=True)
class TuningJobResults(Sequence[TrialResult]):
    """A tuning job's description and all its trials, best first.

    Trials with an objective value come first, ordered by the objective's own direction
    (lowest first for Minimize, highest first for Maximize; ties by name); the others
    (failed, stopped before a value, still running) follow by name. Iterate, index or
    ``len()`` it like a list.
    """

    description: DescribeHyperParameterTuningJobResponse
    """The tuning job's description when the trials were read."""
    trials: tuple[TrialResult, ...]
    """Every trial, best first (see the class docstring)."""

    @property
    def objective(self) -> tuple[str, str] | None:
        """``(metric name, "Minimize" or "Maximize")``, or ``None`` without an objective."""
        config = self.description.hyper_parameter_tuning_job_config
        objective = config.hyper_parameter_tuning_job_objective if config else None
        return (objective.metric_name, objective.type) if objective else None

    @property
    def best(self) -> TrialResult | None:
        """The trial the service names as the best training job, ``None`` until it has one."""
        best = self.description.best_training_job
        name = best.training_job_name if best else None
        return next((t for t in self.trials if t.training_job_name == name), None)

    @property
    def counts(self) -> dict[str, int]:
        """How many trials are in each status: ``{"Completed": 18, "Failed": 2}``."""
        return dict(Counter(trial.status for trial in self.trials))

    def __len__(self) -> int:
        return len(self.trials)

    def __iter__(self) -> Iterator[TrialResult]:
        return iter(self.trials)

    def __getitem__(self, index: Any) -> Any:
        return self.trials[index]

    def to_pandas(self) -> pandas.DataFrame:
        """The trials as a ``DataFrame``, best first: one row each, the columns of the
        table plus one per tuned hyper-parameter (strings, as given). Needs pandas."""
        try:
            import pandas
        except ImportError as error:
            raise MissingExtraError("pandas", "TuningJobResults.to_pandas()") from error
        rows = [{**_row(trial), **trial.hyper_parameters} for trial in self.trials]
        names = sorted({name for trial in self.trials for name in trial.hyper_parameters})
        return pandas.DataFrame(rows, columns=[*_COLUMNS, *names])

    def plot(self, ax: Any = None) -> Any:
        """The objective value of each trial by its end time, best marked; returns the
        matplotlib ``Axes``. Needs matplotlib."""
        try:
            import matplotlib.pyplot as pyplot
        except ImportError as error:
            raise MissingExtraError("plot", "TuningJobResults.plot()") from error
        ax = ax if ax is not None else pyplot.subplots()[1]
        done = sorted(
            (t for t in self.trials if t.objective_value is not None and t.end is not None),
            key=lambda t: (t.end, t.training_job_name),
        )
        ax.plot([t.end for t in done], [t.objective_value for t in done], "o", label="trials")
        best = self.best
        if best is not None and best.objective_value is not None:
            ax.plot([best.end], [best.objective_value], "*", markersize=14, label="best")
        objective = self.objective
        ax.set_ylabel(objective[0] if objective else "objective")
        ax.set_xlabel("end time")
        ax.set_title(self.description.hyper_parameter_tuning_job_name)
        ax.legend()
        return ax

    def _repr_html_(self) -> str:
        objective = self.objective
        caption = (
            f"{self.description.hyper_parameter_tuning_job_name}: "
            f"{self.description.hyper_parameter_tuning_job_status}, {len(self)} trials"
            + (f", {objective[1]} {objective[0]}" if objective else "")
        )
        return html_table(caption, _COLUMNS, [_row(t).values() for t in self.trials])

    def __repr__(self) -> str:
        best = self.best
        shown = f"best={best.training_job_name!r} ({best.objective_value})" if best else "best=None"
        return (
            f"TuningJobResults({self.description.hyper_parameter_tuning_job_name!r}, "
            f"{len(self)} trials, {shown}, counts={self.counts})"
        )


def _row(trial: TrialResult) -> dict[str, Any]:
    return {column: getattr(trial, column) for column in _COLUMNS}


def html_table(caption: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """A notebook's table, every text escaped (``None`` shows as an empty cell)."""
    header = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(value))}</td>" for value in row) + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{header}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _sort_key(direction: str | None) -> Any:
    """Valued trials first, by the objective's direction then name; the rest by name."""
    sign = -1.0 if direction == "Maximize" else 1.0

    def key(trial: TrialResult) -> tuple[int, float, str]:
        if trial.objective_value is None or direction is None:
            return 1, 0.0, trial.training_job_name
        return 0, sign * trial.objective_value, trial.training_job_name

    return key


def read_tuning_job_results(name: str, *, include_parents: bool) -> Machine[TuningJobResults]:
    """Describe tuning job ``name``, read all its trials (and its warm-start parents',
    transitively, with ``include_parents``), and sort them."""
    description: DescribeHyperParameterTuningJobResponse = yield Call(
        "describe_hyper_parameter_tuning_job", (name,)
    )
    trials = yield from _trials(name)
    if include_parents:
        seen = {name}
        pending = _parents(description)
        while pending:
            parent = pending.pop(0)
            if parent in seen:
                continue
            seen.add(parent)
            trials += yield from _trials(parent)
            parent_description = yield Call("describe_hyper_parameter_tuning_job", (parent,))
            pending += _parents(parent_description)
    objective = TuningJobResults(description=description, trials=()).objective
    trials.sort(key=_sort_key(objective[1] if objective else None))
    return TuningJobResults(description=description, trials=tuple(trials))


def _parents(description: DescribeHyperParameterTuningJobResponse) -> list[str]:
    warm_start = description.warm_start_config
    parents = warm_start.parent_hyper_parameter_tuning_jobs if warm_start else None
    return [
        p.hyper_parameter_tuning_job_name
        for p in parents or ()
        if p.hyper_parameter_tuning_job_name
    ]


def _trials(tuning_job: str) -> Machine[list[TrialResult]]:
    """Every trial of ``tuning_job``: one list call per page, to the last page."""
    from sagemaker_typed.models import (
        ListTrainingJobsForHyperParameterTuningJobRequest,
        ListTrainingJobsForHyperParameterTuningJobResponse,
    )

    request = ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=tuning_job, max_results=PAGE_SIZE
    )
    trials: list[TrialResult] = []
    seen_tokens: set[str] = set()
    while True:
        page = yield Call(
            "_call",
            (
                "ListTrainingJobsForHyperParameterTuningJob",
                request,
                ListTrainingJobsForHyperParameterTuningJobResponse,
                None,
            ),
        )
        trials += [TrialResult.from_summary(s, tuning_job) for s in page.training_job_summaries]
        token = next_page_token(page, seen_tokens, "ListTrainingJobsForHyperParameterTuningJob")
        if token is None:
            return trials
        request = attrs.evolve(request, next_token=token)
