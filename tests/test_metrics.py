"""``training_job_metrics``: a training job's metric curves from CloudWatch GetMetricData."""

from __future__ import annotations

import asyncio
import datetime
import itertools
import pickle
from collections.abc import Iterator
from typing import Any, cast

import attrs
import boto3
import pytest
from botocore.awsrequest import AWSResponse, HTTPHeaders
from botocore.exceptions import ClientError

from benchmarks import local_metrics as local_metrics_benchmark
from sagemaker_typed import (
    AsyncSageMakerClient,
    ConfigurationError,
    MetricCurves,
    MetricPoint,
    MissingExtraError,
    ResponseParseError,
    SageMakerClient,
    models,
)
from sagemaker_typed._local_backend import metrics as local_metrics
from sagemaker_typed.testing import (
    FakeClock,
    local_sagemaker,
    plan_training_job,
    plan_tuning_job,
)
from tests.moto_server import fake_session
from tests.requests import training_job_request, tuning_job_request

NAMESPACE = "/aws/sagemaker/TrainingJobs"
METRICS = [
    models.MetricDefinition(name="train:loss", regex="loss=(\\S+)"),
    models.MetricDefinition(name="validation:rmse", regex="rmse=(\\S+)"),
]
_serial = itertools.count()


def metered_job_request(name: str, hosts: int = 2) -> models.CreateTrainingJobRequest:
    request = training_job_request(name)
    assert request.algorithm_specification is not None
    assert request.resource_config is not None
    return attrs.evolve(
        request,
        algorithm_specification=attrs.evolve(
            request.algorithm_specification, metric_definitions=METRICS
        ),
        resource_config=attrs.evolve(request.resource_config, instance_count=hosts),
    )


# -- on the local backend: its jobs publish to moto's CloudWatch, in-process and over HTTP --

HOUR = 3600.0
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(params=["in-process", "server"])
def local(request: pytest.FixtureRequest) -> Iterator[tuple[SageMakerClient, FakeClock]]:
    """A client on the local backend (in-process or over HTTP), and its fake clock."""
    clock = FakeClock()
    with local_sagemaker(clock=clock, server=request.param == "server") as sm:
        yield sm, clock


def phase_starts(sm: SageMakerClient, name: str) -> dict[str, datetime.datetime]:
    job = sm.describe_training_job(name)
    return {t.status: t.start_time for t in job.secondary_status_transitions or ()}


def minute(when: datetime.datetime) -> datetime.datetime:
    return when.replace(second=0, microsecond=0)


def every_minute(first: datetime.datetime, last: datetime.datetime) -> list[datetime.datetime]:
    return [first + i * MINUTE for i in range(int((last - first) / MINUTE) + 1)]


def by_host(points: list[MetricPoint]) -> dict[str, list[MetricPoint]]:
    hosts: dict[str, list[MetricPoint]] = {}
    for point in points:
        hosts.setdefault(point.host, []).append(point)
    return hosts


def test_a_job_publishes_each_metric_per_host_while_it_trains(
    local: tuple[SageMakerClient, FakeClock],
) -> None:
    sm, clock = local
    plan_training_job("metered", duration=HOUR, final_metrics={"validation:rmse": 0.25})
    sm.create_training_job(metered_job_request("metered", hosts=2))
    sm.create_training_job(metered_job_request("neighbour", hosts=1))  # not in the curves
    # Not started: empty series (from the job's own metric definitions), no error.
    assert sm.training_job_metrics("metered") == {"train:loss": [], "validation:rmse": []}

    clock.advance(HOUR / 2)  # half-way: Training, with the points so far
    training = minute(phase_starts(sm, "metered")["Training"])
    created = sm.describe_training_job("metered").creation_time
    now = minute(created + datetime.timedelta(seconds=HOUR / 2))
    so_far = sm.training_job_metrics("metered")
    for hosts in (by_host(series) for series in so_far.values()):
        assert sorted(hosts) == ["algo-1", "algo-2"]
        for points in hosts.values():
            # A value a minute, from the one Training began in to now.
            assert [p.timestamp for p in points] == every_minute(training, now)

    clock.advance(HOUR)
    job = sm.describe_training_job("metered")
    assert job.training_job_status == "Completed"
    uploading = minute(phase_starts(sm, "metered")["Uploading"])
    curves = sm.training_job_metrics("metered")
    for metric, series in curves.items():
        assert [p.timestamp for p in series] == sorted(p.timestamp for p in series)
        hosts = by_host(series)
        assert sorted(hosts) == ["algo-1", "algo-2"]
        for points in hosts.values():
            assert [p.timestamp for p in points] == every_minute(training, uploading)
            values = [p.value for p in points]
            assert values == sorted(values, reverse=True), metric  # down to the final value
        # The hosts differ on the way and agree at the end.
        assert hosts["algo-1"][0].value != hosts["algo-2"][0].value
        assert hosts["algo-1"][-1].value == hosts["algo-2"][-1].value
    final = {m.metric_name: m.value for m in job.final_metric_data_list or ()}
    assert final == {"validation:rmse": 0.25}
    assert curves["validation:rmse"][-1].value == 0.25


def test_a_week_long_job_comes_back_whole_through_pages(
    local: tuple[SageMakerClient, FakeClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    """7 days a minute apart, 2 hosts: 16,690 points, read 1,440 a page (the service's
    100,800 set low, so that a reader cut at one page would show)."""
    monkeypatch.setattr(local_metrics, "MAX_DATAPOINTS", 1440)
    sm, clock = local
    plan_training_job("week", duration=7 * 24 * HOUR, final_metrics={"validation:rmse": 0.1})
    sm.create_training_job(metered_job_request("week", hosts=2))
    clock.advance(7 * 24 * HOUR)
    assert sm.describe_training_job("week").training_job_status == "Completed"
    phases = phase_starts(sm, "week")
    pages: list[str] = []
    sm.cloudwatch_client.meta.events.register(
        "before-send.cloudwatch.GetMetricData", lambda **_: pages.append("page")
    )
    series = sm.training_job_metrics("week", metric_names=["validation:rmse"])["validation:rmse"]
    stamps = every_minute(minute(phases["Training"]), minute(phases["Uploading"]))
    assert len(series) == 2 * len(stamps) > 16000  # more than 11 pages of 1,440
    assert len(pages) == -(-len(series) // 1440)
    for points in by_host(series).values():
        assert [p.timestamp for p in points] == stamps
        assert points[-1].value == 0.1


def test_a_tuning_jobs_trials_publish_their_objective_and_results_follow_them(
    local: tuple[SageMakerClient, FakeClock],
) -> None:
    """A running tuning job's results hold the trials finished so far; each trial's
    objective curve ends at its objective value."""
    sm, clock = local
    plan_tuning_job(
        "tuned",
        objective_values=[0.4, 0.3, 0.2, 0.5],
        training_job_durations=[600, 1200, 3000, 3000],
    )
    request = tuning_job_request("tuned")
    config = request.hyper_parameter_tuning_job_config
    objective = models.HyperParameterTuningJobObjective(type="Minimize", metric_name="rmse")
    sm.create_hyper_parameter_tuning_job(
        attrs.evolve(
            request,
            hyper_parameter_tuning_job_config=attrs.evolve(
                config, hyper_parameter_tuning_job_objective=objective
            ),
        )
    )
    clock.advance(1500)  # launched at 60 s: 1 ends at 660, 2 at 1260; 3 and 4 run
    running = sm.tuning_job_results("tuned")
    assert running.description.hyper_parameter_tuning_job_status == "InProgress"
    assert [t.objective_value for t in running] == [0.3, 0.4, None, None]
    assert running.counts == {"Completed": 2, "InProgress": 2}
    assert running.best is not None
    assert running.best.objective_value == 0.3

    clock.advance(HOUR)
    done = sm.tuning_job_results("tuned")
    assert [t.objective_value for t in done] == [0.2, 0.3, 0.4, 0.5]
    assert done.best is not None
    assert done.best.objective_value == 0.2
    for trial in done:
        curve = sm.training_job_metrics(trial.training_job_name)["rmse"]
        assert curve
        assert curve[-1].value == trial.objective_value


# -- the service's limits on the local backend's CloudWatch --------------------------------


def put_points(cloudwatch: Any, start: datetime.datetime, count: int) -> None:
    cloudwatch.put_metric_data(
        Namespace="custom",
        MetricData=[
            {"MetricName": "m", "Timestamp": start + i * MINUTE, "Value": float(i)}
            for i in range(count)
        ],
    )


def metric_query(query_id: str = "q") -> dict[str, Any]:
    return {
        "Id": query_id,
        "MetricStat": {
            "Metric": {"Namespace": "custom", "MetricName": "m"},
            "Period": 60,
            "Stat": "Average",
        },
    }


def test_get_metric_data_pages_by_max_datapoints(
    local: tuple[SageMakerClient, FakeClock],
) -> None:
    cloudwatch = local[0].cloudwatch_client
    start = datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)
    put_points(cloudwatch, start, 10)
    asked = {
        "MetricDataQueries": [metric_query()],
        "StartTime": start,
        "EndTime": start + 60 * MINUTE,
        "ScanBy": "TimestampAscending",
        "MaxDatapoints": 4,
    }
    pages = [cloudwatch.get_metric_data(**asked)]
    while "NextToken" in pages[-1]:
        pages.append(cloudwatch.get_metric_data(**asked, NextToken=pages[-1]["NextToken"]))
    results = [page["MetricDataResults"][0] for page in pages]
    assert [len(result["Values"]) for result in results] == [4, 4, 2]
    assert [result["StatusCode"] for result in results] == [
        "PartialData",
        "PartialData",
        "Complete",
    ]
    assert [v for result in results for v in result["Values"]] == [float(i) for i in range(10)]
    newest_first = cloudwatch.get_metric_data(**{**asked, "ScanBy": "TimestampDescending"})
    assert newest_first["MetricDataResults"][0]["Values"] == [9.0, 8.0, 7.0, 6.0]
    with pytest.raises(ClientError) as caught:
        cloudwatch.get_metric_data(**asked, NextToken="4.not-this-request")
    assert caught.value.response["Error"]["Code"] == "InvalidNextToken"
    too_many = [metric_query(f"q{i}") for i in range(501)]
    with pytest.raises(ClientError) as caught:
        cloudwatch.get_metric_data(**{**asked, "MetricDataQueries": too_many})
    assert "greater than 500" in caught.value.response["Error"]["Message"]


def test_get_metric_statistics_stops_at_1440_points(
    local: tuple[SageMakerClient, FakeClock],
) -> None:
    cloudwatch = local[0].cloudwatch_client
    start = datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)
    put_points(cloudwatch, start, 3)
    asked = {"Namespace": "custom", "MetricName": "m", "Period": 60, "Statistics": ["Average"]}
    day = cloudwatch.get_metric_statistics(**asked, StartTime=start, EndTime=start + 1440 * MINUTE)
    assert len(day["Datapoints"]) == 3
    with pytest.raises(ClientError) as caught:
        cloudwatch.get_metric_statistics(**asked, StartTime=start, EndTime=start + 1441 * MINUTE)
    assert caught.value.response["Error"]["Code"] == "InvalidParameterCombination"
    assert "requested up to 1441 datapoints" in caught.value.response["Error"]["Message"]


def test_plain_moto_keeps_its_cloudwatch_before_and_after() -> None:
    from moto.cloudwatch.models import CloudWatchBackend
    from moto.cloudwatch.responses import CloudWatchResponse

    def patched() -> list[Any]:
        return [
            CloudWatchResponse.__dict__.get("call_action"),
            CloudWatchResponse.get_metric_data,
            CloudWatchBackend.get_metric_statistics,
        ]

    before = patched()
    with local_sagemaker(clock=FakeClock()):
        during = patched()
    assert patched() == before
    assert all(a is not b for a, b in zip(before, during, strict=True))


def test_a_wrapped_boto_client_without_cloudwatch_client_says_to_pass_one() -> None:
    session = fake_session()
    sm = SageMakerClient(boto_client=session.client("sagemaker"))
    with pytest.raises(ConfigurationError, match="cloudwatch_client"):
        _ = sm.cloudwatch_client
    built = SageMakerClient(session=session)
    assert built.cloudwatch_client.meta.service_model.service_name == "cloudwatch"
    assert built.cloudwatch_client is built.cloudwatch_client


# -- the service's limits: a scripted CloudWatch that pages as the service does ------------

WEEK_START = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)
WEEK = datetime.timedelta(days=7)


def described(job: str, *, started: bool = True) -> dict[str, Any]:
    """A finished 7-day, 2-host job's description (as the service gives it)."""
    answer: dict[str, Any] = {
        "TrainingJobName": job,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{job}",
        "TrainingJobStatus": "Completed" if started else "InProgress",
        "SecondaryStatus": "Completed" if started else "Starting",
        "AlgorithmSpecification": {
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": "train:loss", "Regex": "loss=(\\S+)"}],
        },
        "ResourceConfig": {
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 2,
            "VolumeSizeInGB": 30,
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 8 * 86400},
        "CreationTime": WEEK_START,
    }
    if started:
        answer["TrainingStartTime"] = WEEK_START
        answer["TrainingEndTime"] = WEEK_START + WEEK
    return answer


class PagedCloudWatch:
    """GetMetricData as the service answers it: at most ``per_page`` points a page, a
    NextToken to the rest, one point a minute per host of the 7-day job. Optionally
    throttles the first ``throttles`` requests."""

    def __init__(self, per_page: int, throttles: int = 0) -> None:
        self.per_page = per_page
        self.throttles = throttles
        self.requests: list[dict[str, Any]] = []
        self.client = boto3.Session(region_name="us-east-1").client("cloudwatch")
        events = self.client.meta.events
        events.register("before-parameter-build.cloudwatch.GetMetricData", self._record)
        events.register("before-call.cloudwatch", cast(Any, self._answer))

    def _record(self, params: dict[str, Any], **_: Any) -> None:
        self.requests.append(dict(params))  # the API's parameters, before serialising

    def _answer(self, **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        params = self.requests[-1]
        http = AWSResponse("https://monitoring.us-east-1.amazonaws.com", 200, HTTPHeaders(), None)
        if self.throttles:
            self.throttles -= 1
            error = {"Error": {"Code": "Throttling", "Message": "Rate exceeded"}}
            return AWSResponse(http.url, 400, HTTPHeaders(), None), {
                **error,
                "ResponseMetadata": {"HTTPStatusCode": 400},
            }
        assert params["ScanBy"] == "TimestampAscending"
        # (query id, index of its point): everything the request covers, in order.
        queries = params["MetricDataQueries"]
        points = [(q, i) for q in queries for i in range(7 * 24 * 60)]
        offset = int(params.get("NextToken", "0"))
        page = points[offset : offset + self.per_page]
        results: dict[str, dict[str, Any]] = {}
        for query, index in page:
            host = query["MetricStat"]["Metric"]["Dimensions"][0]["Value"].rsplit("/", 1)[1]
            entry = results.setdefault(
                query["Id"], {"Id": query["Id"], "Timestamps": [], "Values": []}
            )
            entry["Timestamps"].append(WEEK_START + datetime.timedelta(minutes=index))
            entry["Values"].append(float(index) + (0.5 if host == "algo-2" else 0.0))
        answer: dict[str, Any] = {"MetricDataResults": list(results.values())}
        if offset + self.per_page < len(points):
            answer["NextToken"] = str(offset + self.per_page)
        return http, answer


def describing(job: dict[str, Any]) -> Any:
    """A boto3 SageMaker client whose DescribeTrainingJob answers ``job``."""
    boto_client = boto3.Session(region_name="us-east-1").client("sagemaker")

    def answer(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        http = AWSResponse("https://sagemaker.us-east-1.amazonaws.com", 200, HTTPHeaders(), None)
        return http, job

    boto_client.meta.events.register("before-call.sagemaker.DescribeTrainingJob", cast(Any, answer))
    return boto_client


def scripted(job: dict[str, Any], cloudwatch: Any) -> SageMakerClient:
    return SageMakerClient(describing(job), cloudwatch_client=cloudwatch, clock=FakeClock())


def test_a_week_long_job_comes_back_whole_across_pages() -> None:
    """20,160 points at most 1,440 a page (where GetMetricStatistics would stop)."""
    cloudwatch = PagedCloudWatch(per_page=1440)
    curves = scripted(described("week"), cloudwatch.client).training_job_metrics("week")
    assert list(curves) == ["train:loss"]  # the job's metric definitions
    loss = curves["train:loss"]
    assert len(loss) == 2 * 7 * 24 * 60
    assert [p.timestamp for p in loss[::2]] == [
        WEEK_START + datetime.timedelta(minutes=i) for i in range(7 * 24 * 60)
    ]
    assert [p.host for p in loss[:4]] == ["algo-1", "algo-2", "algo-1", "algo-2"]
    assert [p.value for p in loss[-2:]] == [10079.0, 10079.5]
    assert len(cloudwatch.requests) == 14  # 20,160 / 1,440
    first = cloudwatch.requests[0]
    assert first["MetricDataQueries"][0]["MetricStat"]["Period"] == 60
    assert first["StartTime"] <= WEEK_START
    assert first["EndTime"] >= WEEK_START + WEEK


def test_throttling_is_ridden_out_and_nothing_is_lost() -> None:
    cloudwatch = PagedCloudWatch(per_page=5000, throttles=2)
    sm = scripted(described("week"), cloudwatch.client)
    assert len(sm.training_job_metrics("week")["train:loss"]) == 2 * 7 * 24 * 60
    assert len(cloudwatch.requests) == 2 + 5  # two throttled, then five pages
    assert sum(cast(FakeClock, sm.clock).sleeps) > 0  # it backed off on the clock


def test_a_job_that_has_not_started_has_empty_series_and_asks_nothing() -> None:
    cloudwatch = PagedCloudWatch(per_page=1440)
    sm = scripted(described("early", started=False), cloudwatch.client)
    assert sm.training_job_metrics("early") == {"train:loss": []}
    assert cloudwatch.requests == []


class LoopingCloudWatch(PagedCloudWatch):
    """Answers every request with the same page token: a listing that never ends."""

    def _answer(self, **kwargs: Any) -> tuple[AWSResponse, dict[str, Any]]:
        http, answer = super()._answer(**kwargs)
        return http, {**answer, "NextToken": "0"}


def test_a_repeated_page_token_is_a_parse_error() -> None:
    cloudwatch = LoopingCloudWatch(per_page=1440)
    sm = scripted(described("week"), cloudwatch.client)
    with pytest.raises(ResponseParseError) as caught:
        sm.training_job_metrics("week")
    assert caught.value.operation == "GetMetricData"
    assert len(cloudwatch.requests) == 2  # the second answer repeated the first's token


def test_the_async_client_reads_the_same_curves() -> None:
    cloudwatch = PagedCloudWatch(per_page=1440)
    boto_client = describing(described("week"))

    async def read() -> dict[str, list[MetricPoint]]:
        async with AsyncSageMakerClient(
            boto_client, cloudwatch_client=cloudwatch.client, clock=FakeClock()
        ) as sm:
            return await sm.training_job_metrics("week")

    curves = asyncio.run(read())
    assert len(curves["train:loss"]) == 2 * 7 * 24 * 60


def test_the_metric_read_benchmark_runs() -> None:
    moto = local_metrics_benchmark.measure_moto(120)
    local = local_metrics_benchmark.measure_local(480, rounds=1)
    assert (moto.points, moto.pages, local.points, local.pages) == (120, 1, 480, 1)


# -- the curves in a notebook ----------------------------------------------------------------


def curves() -> MetricCurves:
    at = [WEEK_START + i * MINUTE for i in range(3)]
    return MetricCurves(
        "job<1>",
        {
            "train:loss": [
                MetricPoint(timestamp=when, value=v + offset, host=host)
                for when, v in zip(at, (3.0, 2.0, 1.0), strict=True)
                for host, offset in (("algo-1", 0.0), ("algo-2", 0.5))
            ],
            "validation:rmse": [],
        },
    )


def test_curves_are_a_dict_shown_as_a_table_of_their_series() -> None:
    shown = curves()
    assert isinstance(shown, dict)
    assert shown == {"train:loss": shown["train:loss"], "validation:rmse": []}
    table = shown._repr_html_()
    assert table.count("<tr>") == 1 + 2  # the header, one row per host of train:loss
    assert "job&lt;1&gt;: 2 metrics (no points yet: validation:rmse)" in table
    assert "<td>algo-2</td><td>3</td>" in table
    assert "<td>1.5</td>" in table  # algo-2's last value
    copied = pickle.loads(pickle.dumps(shown))
    assert (copied, copied.training_job_name) == (shown, "job<1>")
    assert "MetricCurves('job<1>'" in repr(shown)


def test_curves_to_pandas_and_plot() -> None:
    pandas = pytest.importorskip("pandas")
    frame = curves().to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["metric", "host", "timestamp", "value"]
    assert len(frame) == 6
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    ax = curves().plot()
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["train:loss (algo-1)", "train:loss (algo-2)"]
    assert list(lines[1].get_ydata()) == [3.5, 2.5, 1.5]
    assert ax.get_title() == "job<1>"


@pytest.mark.usefixtures("without_pandas")
def test_curves_without_pandas_say_which_extra() -> None:
    with pytest.raises(MissingExtraError) as caught:
        curves().to_pandas()
    assert isinstance(caught.value, ImportError)
    assert caught.value.extra == "pandas"
