"""Training job metrics on the local backend: published to moto's CloudWatch, read as
the service lets them be read.

**Publishing.** SageMaker publishes the metrics a training job's ``MetricDefinitions``
name into the CloudWatch namespace ``/aws/sagemaker/TrainingJobs``, one series per host
(dimension ``Host``: ``<job>/algo-<n>``), while the job trains. Here an observer of
:mod:`.progress` does it on the backend's timeline: from the moment a job enters
``Training``, one value per metric and host at that moment and at each whole minute
after it, each dated at its simulated time (``Simulation.wall``), never at the time of
the request that revealed it; when the job moves on to ``Uploading`` (or is completed),
the value of that last minute is the planned final value
(``TrainingPlan.final_metrics``; one drawn from the job's and the metric's names when
none was planned), so a curve ends where ``FinalMetricDataList`` says. A stopped or
failed job's curve ends where it stopped. The metrics are the job's own definitions
(moto replaces them with a placeholder: they are kept) and its planned final metrics,
so a tuning job's training jobs publish their objective metric.

**Reading, with the service's limits.** moto's GetMetricData scans every stored point
once per period of every query (quadratic: 11,520 points take seconds), never pages
and ignores ``MaxDatapoints``; its GetMetricStatistics returns any number of points.
While a backend runs, GetMetricData's metric queries are answered in one pass over the
stored points, at most ``MaxDatapoints`` points a call (default and cap
:data:`MAX_DATAPOINTS`, the service's 100,800) with a ``NextToken`` to the rest and at
most 500 queries a call; GetMetricStatistics refuses a request of more than 1,440
periods, as the service does. Math and Metrics Insights expressions are left to moto,
paged the same way. CloudWatch requests see the timeline at the clock's time, as
SageMaker's do. moto's CloudWatch keeps no time window of its own (PutMetricData takes
any timestamp): there is none to lift.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import zlib
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from moto.cloudwatch.exceptions import (
    CloudWatchException,
    InvalidParameterCombination,
    ValidationError,
)
from moto.cloudwatch.models import (
    CloudWatchBackend,
    MetricDatum,
    MetricDatumBase,
    Statistics,
    cloudwatch_backends,
)
from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.responses import ActionResult
from moto.sagemaker.models import SageMakerModelBackend

from sagemaker_typed._local_backend import progress
from sagemaker_typed._local_backend.patching import Patch, advancing, wrapping
from sagemaker_typed._local_backend.training import PHASES

__all__ = ["MAX_DATAPOINTS", "NAMESPACE", "PATCHES", "PUBLISH_EVERY"]

NAMESPACE = "/aws/sagemaker/TrainingJobs"
# One value a minute per metric and host, as SageMaker publishes them.
PUBLISH_EVERY = timedelta(minutes=1)
# GetMetricData's points per call (default and cap of MaxDatapoints) and queries per call.
MAX_DATAPOINTS = 100_800
MAX_QUERIES = 500
# GetMetricStatistics' points per call.
MAX_STATISTICS_POINTS = 1440
_BASIC_STATS = frozenset({"Average", "Sum", "Minimum", "Maximum", "SampleCount"})
# How long Training lasts, as a fraction of a job's planned duration.
_TRAINING_SHARE = next(f for s, _, f in PHASES if s == "Uploading") - next(
    f for s, _, f in PHASES if s == "Training"
)


class InvalidNextToken(CloudWatchException):
    code = "InvalidNextToken"


class Publishing:
    """Per backend: the publishing chain of each training job in Training, as (chain,
    the clock time its training began)."""

    def __init__(self) -> None:
        self.chains: dict[Any, tuple[int, float]] = {}
        self.serial = itertools.count()


# --- Publishing --------------------------------------------------------------------------


@progress.observe
def _publish_while_training(event: progress.TrainingJobProgress) -> None:
    names = _metric_names(event)
    if not names:
        return
    publishing = event.simulation.area(Publishing)
    running = publishing.chains.pop(event.job, None)  # whatever happens, that chain ends
    if event.secondary_status == "Training":
        # Held again while training: the curve goes on from where it was.
        began = event.at if running is None else running[1]
        chain = next(publishing.serial)
        publishing.chains[event.job] = (chain, began)
        _tick(event, names, chain, began, 0)
    elif running is not None and event.secondary_status in ("Uploading", "Completed"):
        _put(event, names, 1.0, event.when)


def _tick(
    event: progress.TrainingJobProgress, names: list[str], chain: int, began: float, tick: int
) -> None:
    """Publish tick ``tick``: the value at the start of training (0), then at each whole
    minute of wall time after it, up to the minute in which training is planned to end
    (whose value is the final one, published at the end). Then schedule the next."""
    sim = event.simulation
    current = sim.area(Publishing).chains.get(event.job)
    if current is None or current[0] != chain:
        return  # the job has moved on
    planned = _TRAINING_SHARE * event.plan.duration
    start = sim.wall(began)
    when = _minute(start) + tick * PUBLISH_EVERY if tick else start
    if _minute(when) >= _minute(sim.wall(began + planned)):
        return
    at = began + (when - start).total_seconds()
    _put(event, names, min(1.0, (at - began) / planned), when)
    after = _minute(start) + (tick + 1) * PUBLISH_EVERY
    sim.schedule(
        began + (after - start).total_seconds(),
        lambda _: _tick(event, names, chain, began, tick + 1),
    )


def _minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)


def _metric_names(event: progress.TrainingJobProgress) -> list[str]:
    definitions = (event.job.algorithm_specification or {}).get("MetricDefinitions") or []
    names = [str(definition["Name"]) for definition in definitions]
    return list(dict.fromkeys([*names, *event.plan.final_metrics]))


def _put(
    event: progress.TrainingJobProgress, names: list[str], fraction: float, when: datetime
) -> None:
    """One value per metric and host, ``fraction`` of the way through training."""
    store = cloudwatch_backends[event.account_id][event.region_name]
    job = str(event.job.training_job_name)
    for metric in names:
        final = event.plan.final_metrics.get(metric)
        if final is None:
            final = round(0.05 + 0.9 * (zlib.crc32(f"{job}/{metric}".encode()) / 2**32), 4)
        # From well above the final value down to it; hosts differ until the end.
        start = final + max(1.0, abs(final))
        remaining = 1.0 - fraction
        for index, host in enumerate(event.hosts):
            value = final + (start - final) * remaining**2 + 0.01 * index * remaining
            dimensions = [{"Name": "Host", "Value": f"{job}/{host}"}]
            store.metric_data.append(MetricDatum(NAMESPACE, metric, value, dimensions, when))


def _keep_metric_definitions(
    create: Callable[..., Any], self: SageMakerModelBackend, **arguments: Any
) -> Any:
    """moto writes a placeholder over the job's metric definitions: put them back."""
    specification = arguments.get("algorithm_specification") or {}
    definitions = specification.get("MetricDefinitions")
    job = create(**arguments)
    if definitions:
        job.algorithm_specification["MetricDefinitions"] = definitions
    else:
        job.algorithm_specification.pop("MetricDefinitions", None)
    return job


# --- Reading -----------------------------------------------------------------------------


def _get_metric_data(_original: Callable[[], Any], self: CloudWatchResponse) -> ActionResult:
    params = self._get_params()
    queries: list[dict[str, Any]] = params.get("MetricDataQueries", [])
    if len(queries) > MAX_QUERIES:
        raise ValidationError(
            f"The collection MetricDataQueries must not have a size greater than {MAX_QUERIES}."
        )
    for number, query in enumerate(queries, 1):
        if "MetricStat" not in query and "Expression" not in query:
            raise ValidationError(
                f"The parameter MetricDataQueries.member.{number}.MetricStat is required."
            )
    start, end = params["StartTime"], params["EndTime"]
    scan_by = params.get("ScanBy") or "TimestampDescending"
    results = metric_data_results(self.cloudwatch_backend, queries, start, end, scan_by)
    limit = min(int(params.get("MaxDatapoints") or MAX_DATAPOINTS), MAX_DATAPOINTS)
    digest = hashlib.sha256(repr((queries, start, end, scan_by, limit)).encode()).hexdigest()
    offset = _offset(params.get("NextToken"), digest[:16])
    page, more = _page(results, offset, limit)
    answer: dict[str, Any] = {"MetricDataResults": page, "Messages": []}
    if more:
        answer["NextToken"] = f"{offset + limit}.{digest[:16]}"
    return ActionResult(answer)


def _offset(token: str | None, digest: str) -> int:
    if token is None:
        return 0
    offset, _, of = token.partition(".")
    if of != digest or not offset.isdigit():
        raise InvalidNextToken("The service returned an invalid next token")
    return int(offset)


def _page(
    results: list[dict[str, Any]], offset: int, limit: int
) -> tuple[list[dict[str, Any]], bool]:
    """Points ``offset`` to ``offset + limit`` of the results' points, query after query;
    whether any are left. Every query shows on the first page, even without points."""
    page = []
    seen = 0
    for result in results:
        count = len(result["timestamps"])
        low, high = max(offset - seen, 0), min(offset + limit - seen, count)
        if low < high or (offset == 0 and count == 0):
            page.append(
                {
                    **result,
                    "timestamps": result["timestamps"][low:high],
                    "values": result["values"][low:high],
                    "status_code": "Complete" if high >= count else "PartialData",
                }
            )
        seen += count
    return page, offset + limit < seen


def metric_data_results(
    store: CloudWatchBackend,
    queries: list[dict[str, Any]],
    start: datetime,
    end: datetime,
    scan_by: str,
) -> list[dict[str, Any]]:
    """GetMetricData's results, every point of every query (unpaged)."""
    plain = all(
        "MetricStat" in query and query["MetricStat"]["Stat"] in _BASIC_STATS for query in queries
    )
    if not plain:  # expressions: moto's own reading
        results: list[dict[str, Any]] = store.get_metric_data(queries, start, end, scan_by)
        return results
    start, end = start.replace(microsecond=0), end.replace(microsecond=0)
    if start >= end:
        raise ValidationError(
            "The parameter StartTime must not equal parameter EndTime."
            if start == end
            else "The parameter EndTime must be greater than StartTime."
        )
    # Series key -> the queries that read it; one pass over the stored points.
    wanted: dict[tuple[str, str, frozenset[tuple[Any, Any]]], list[int]] = defaultdict(list)
    for index, query in enumerate(queries):
        metric = query["MetricStat"]["Metric"]
        dimensions = frozenset((d["Name"], d["Value"]) for d in metric.get("Dimensions", []))
        wanted[(metric.get("Namespace"), metric.get("MetricName"), dimensions)].append(index)
    buckets: list[dict[int, list[MetricDatumBase]]] = [defaultdict(list) for _ in queries]
    for datum in store.get_all_metrics():
        if not start <= datum.timestamp < end:
            continue
        key = (datum.namespace, datum.name, frozenset((d.name, d.value) for d in datum.dimensions))
        for index in wanted.get(key, ()):
            stat = queries[index]["MetricStat"]
            if stat.get("Unit") and datum.unit != stat["Unit"]:
                continue
            period = int(stat["Period"])
            buckets[index][int((datum.timestamp - start).total_seconds()) // period].append(datum)
    results = []
    for index, query in enumerate(queries):
        if not query.get("ReturnData", True):
            continue
        stat = query["MetricStat"]
        period, name = int(stat["Period"]), stat["Metric"].get("MetricName")
        timestamps, values = [], []
        for bucket in sorted(buckets[index], reverse=scan_by == "TimestampDescending"):
            statistics = Statistics([stat["Stat"]], start + timedelta(seconds=bucket * period))
            statistics.metric_data = buckets[index][bucket]
            timestamps.append(statistics.timestamp)
            values.append(statistics.get_statistics_for_type(stat["Stat"]))
        results.append(
            {
                "id": query["Id"],
                "label": query.get("Label") or f"{name} {stat['Stat']}",
                "values": values,
                "timestamps": timestamps,
                "status_code": "Complete",
            }
        )
    return results


def _capped_statistics(
    statistics: Callable[..., Any],
    self: CloudWatchBackend,
    namespace: str,
    metric_name: str,
    start_time: datetime,
    end_time: datetime,
    period: int,
    *args: Any,
    **kwargs: Any,
) -> Any:
    requested = math.ceil((end_time - start_time).total_seconds() / period)
    if requested > MAX_STATISTICS_POINTS:
        raise InvalidParameterCombination(
            f"You have requested up to {requested} datapoints, which exceeds the limit of"
            f" {MAX_STATISTICS_POINTS}. You may reduce the datapoints requested by increasing"
            " Period, or decreasing the time range."
        )
    return statistics(namespace, metric_name, start_time, end_time, period, *args, **kwargs)


PATCHES: list[Patch] = [
    wrapping(SageMakerModelBackend, "create_training_job", _keep_metric_definitions),
    advancing(CloudWatchResponse),
    wrapping(CloudWatchResponse, "get_metric_data", _get_metric_data),
    wrapping(CloudWatchBackend, "get_metric_statistics", _capped_statistics),
]
