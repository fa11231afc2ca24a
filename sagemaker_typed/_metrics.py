"""A training job's metric curves, from CloudWatch.

SageMaker publishes the metrics a training job's ``MetricDefinitions`` name into the
CloudWatch namespace ``/aws/sagemaker/TrainingJobs``, one series per host (dimension
``Host``: ``<job>/algo-<n>``). :func:`read_training_job_metrics` is a machine (see
``_machine``): it describes the job, then asks GetMetricData for every (metric, host)
series over the job's time, 500 series a request, following the page token to the
end, so a week-long job comes back whole (GetMetricStatistics would stop at 1,440
points). Throttling and passing faults are ridden out. The answer is a
:class:`MetricCurves`: a ``dict`` that notebooks show as a table, with ``to_pandas()``
and ``plot()`` for those who have pandas and matplotlib.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from sagemaker_typed._errors import MissingExtraError
from sagemaker_typed._machine import Call, Machine, next_page_token

if TYPE_CHECKING:
    import pandas

    from sagemaker_typed.models import DescribeTrainingJobResponse

__all__ = ["NAMESPACE", "MetricCurves", "MetricPoint", "read_training_job_metrics"]

NAMESPACE = "/aws/sagemaker/TrainingJobs"
# GetMetricData takes at most 500 queries a request.
QUERIES_PER_REQUEST = 500
# How long CloudWatch keeps each resolution: 1-minute points for 15 days, 5-minute
# points for 63 days, hourly ones for 455 days.
_RETENTION = ((datetime.timedelta(days=15), 60), (datetime.timedelta(days=63), 300))
_OLDEST_PERIOD = 3600


@attrs.frozen(kw_only=True)
class MetricPoint:
    """One value of a metric series: the average over one period."""

    timestamp: datetime.datetime
    """The start of the period (tz-aware)."""
    value: float
    """The metric's average over the period."""
    host: str
    """The host that reported it: ``algo-1``, ``algo-2``, ..."""


class MetricCurves(dict[str, list[MetricPoint]]):
    """A training job's metric series, keyed by metric name, each point in time order
    (hosts interleaved): a ``dict``, which notebooks show as a table of its series (one
    row per metric and host). ``to_pandas()`` and ``plot()`` need the ``pandas`` and
    ``plot`` extras."""

    def __init__(self, training_job_name: str, series: dict[str, list[MetricPoint]]) -> None:
        super().__init__(series)
        self.training_job_name = training_job_name

    def _by_host(self) -> list[tuple[str, str, list[MetricPoint]]]:
        """(metric, host, its points), metrics in order, hosts by name."""
        rows = []
        for metric, points in self.items():
            hosts = sorted({point.host for point in points})
            rows += [(metric, host, [p for p in points if p.host == host]) for host in hosts]
        return rows

    def to_pandas(self) -> pandas.DataFrame:
        """Every point as a row: ``metric``, ``host``, ``timestamp``, ``value``. Needs pandas."""
        try:
            import pandas
        except ImportError as error:
            raise MissingExtraError("pandas", "MetricCurves.to_pandas()") from error
        rows = [
            (metric, point.host, point.timestamp, point.value)
            for metric, points in self.items()
            for point in points
        ]
        return pandas.DataFrame(rows, columns=["metric", "host", "timestamp", "value"])

    def plot(self, ax: Any = None) -> Any:
        """One line per metric and host, by time; returns the matplotlib ``Axes``.
        Needs matplotlib."""
        try:
            import matplotlib.pyplot as pyplot
        except ImportError as error:
            raise MissingExtraError("plot", "MetricCurves.plot()") from error
        ax = ax if ax is not None else pyplot.subplots()[1]
        for metric, host, points in self._by_host():
            ax.plot(
                [p.timestamp for p in points], [p.value for p in points], label=f"{metric} ({host})"
            )
        ax.set_xlabel("time")
        ax.set_title(self.training_job_name)
        if self:
            ax.legend()
        return ax

    def _repr_html_(self) -> str:
        from sagemaker_typed._results import html_table

        empty = [metric for metric, points in self.items() if not points]
        caption = f"{self.training_job_name}: {len(self)} metrics" + (
            f" (no points yet: {', '.join(empty)})" if empty else ""
        )
        columns = ("metric", "host", "points", "first", "last", "last value")
        rows = [
            (metric, host, len(points), points[0].timestamp, points[-1].timestamp, points[-1].value)
            for metric, host, points in self._by_host()
        ]
        return html_table(caption, columns, rows)

    def __repr__(self) -> str:
        return f"MetricCurves({self.training_job_name!r}, {dict.__repr__(self)})"


def period_for(start: datetime.datetime, now: datetime.datetime) -> int:
    """The finest period CloudWatch still keeps for points as old as ``start``."""
    age = now - start
    return next((period for kept, period in _RETENTION if age <= kept), _OLDEST_PERIOD)


def hosts_of(job: DescribeTrainingJobResponse) -> list[str]:
    """``algo-1`` ... ``algo-<n>``: one per instance (instance groups counted)."""
    resources = job.resource_config
    count = 0
    if resources is not None:
        count = resources.instance_count or 0
        count += sum(group.instance_count or 0 for group in resources.instance_groups or ())
    return [f"algo-{index}" for index in range(1, max(count, 1) + 1)]


def metric_names_of(job: DescribeTrainingJobResponse) -> list[str]:
    """The job's metric definitions, then any final metric they do not name."""
    algorithm = job.algorithm_specification
    definitions = (algorithm.metric_definitions if algorithm else None) or ()
    names = [definition.name for definition in definitions]
    names += [m.metric_name for m in job.final_metric_data_list or () if m.metric_name]
    return list(dict.fromkeys(name for name in names if name))


def read_training_job_metrics(
    name: str, *, metric_names: Sequence[str] | None, now: datetime.datetime
) -> Machine[MetricCurves]:
    """The metric series of training job ``name``, keyed by metric name, each in time
    order (hosts interleaved by timestamp). ``now`` (wall time) picks the resolution
    CloudWatch still keeps. A job that has not started has empty series."""
    from sagemaker_typed._cloudwatch_models import (
        Dimension,
        GetMetricDataRequest,
        Metric,
        MetricDataQuery,
        MetricStat,
    )
    from sagemaker_typed._logs import riding_faults

    job: DescribeTrainingJobResponse = yield Call("describe_training_job", (name,))
    names = list(metric_names) if metric_names is not None else metric_names_of(job)
    series = MetricCurves(name, {metric: [] for metric in names})
    start = job.training_start_time
    if start is None or not names:
        return series
    limit = job.stopping_condition.max_runtime_in_seconds or 0
    end = job.training_end_time or start + datetime.timedelta(seconds=max(limit, 86400))
    period = period_for(start, now)
    # Whole periods around the job: CloudWatch aligns points to the period.
    first = datetime.datetime.fromtimestamp(
        math.floor(start.timestamp() / period) * period, tz=datetime.UTC
    )
    last = datetime.datetime.fromtimestamp(
        math.ceil(end.timestamp() / period + 1) * period, tz=datetime.UTC
    )
    wanted = [(metric, host) for metric in names for host in hosts_of(job)]
    for offset in range(0, len(wanted), QUERIES_PER_REQUEST):
        chunk = wanted[offset : offset + QUERIES_PER_REQUEST]
        queries = [
            MetricDataQuery(
                id=f"q{index}",
                metric_stat=MetricStat(
                    metric=Metric(
                        namespace=NAMESPACE,
                        metric_name=metric,
                        dimensions=[Dimension(name="Host", value=f"{name}/{host}")],
                    ),
                    period=period,
                    stat="Average",
                ),
                return_data=True,
            )
            for index, (metric, host) in enumerate(chunk)
        ]
        request = GetMetricDataRequest(
            metric_data_queries=queries,
            start_time=first,
            end_time=last,
            scan_by="TimestampAscending",
        )
        seen_tokens: set[str] = set()
        while True:
            page = yield from riding_faults("_get_metric_data", request)
            for result in page.metric_data_results or ():
                metric, host = chunk[int(result.id[1:])]
                series[metric] += [
                    MetricPoint(timestamp=when.astimezone(datetime.UTC), value=value, host=host)
                    for when, value in zip(
                        result.timestamps or (), result.values or (), strict=False
                    )
                ]
            token = next_page_token(page, seen_tokens, "GetMetricData")
            if token is None:
                break
            request = attrs.evolve(request, next_token=token)
    for points in series.values():
        points.sort(key=lambda point: (point.timestamp, point.host))
    return series
