"""``training_job_metrics``: a training job's metric curves from CloudWatch GetMetricData."""

from __future__ import annotations

import asyncio
import datetime
import itertools
from collections.abc import Iterator
from typing import Any, cast

import attrs
import boto3
import pytest
from botocore.awsrequest import AWSResponse, HTTPHeaders

from sagemaker_typed import (
    AsyncSageMakerClient,
    ConfigurationError,
    MetricPoint,
    ResponseParseError,
    SageMakerClient,
    models,
)
from sagemaker_typed.testing import Durations, FakeClock, hold_in_progress, local_sagemaker
from tests.moto_server import fake_session
from tests.requests import training_job_request

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


# -- on the local backend: moto's CloudWatch, in-process and over HTTP ---------------------


@pytest.fixture(params=["in-process", "server"])
def backend(request: pytest.FixtureRequest) -> Iterator[tuple[SageMakerClient, Any]]:
    """A client on the local backend (in-process or over HTTP), and the boto3
    CloudWatch client the test publishes metrics with."""
    server = request.param == "server"
    with local_sagemaker(clock=FakeClock(), durations=Durations.instant(), server=server) as sm:
        yield sm, sm.cloudwatch_client


def publish(
    cloudwatch: Any, job: str, host: str, metric: str, points: list[tuple[Any, float]]
) -> None:
    """What SageMaker does while the job trains: one value per minute per host."""
    for start in range(0, len(points), 500):
        cloudwatch.put_metric_data(
            Namespace=NAMESPACE,
            MetricData=[
                {
                    "MetricName": metric,
                    "Dimensions": [{"Name": "Host", "Value": f"{job}/{host}"}],
                    "Timestamp": when,
                    "Value": value,
                }
                for when, value in points[start : start + 500]
            ],
        )


def test_every_metric_of_every_host_in_time_order(backend: tuple[SageMakerClient, Any]) -> None:
    sm, cloudwatch = backend
    name = f"metered-{next(_serial)}"
    created = sm.create_training_job(metered_job_request(name, hosts=2))
    hold_in_progress(created.training_job_arn)  # still training: its points so far
    start = sm.describe_training_job(name).training_start_time
    assert start is not None
    # Whole minutes after the start: each is one period's only value.
    base = start.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    minute = datetime.timedelta(minutes=1)
    for host, offset in (("algo-1", 0.0), ("algo-2", 0.5)):
        publish(
            cloudwatch,
            name,
            host,
            "train:loss",
            [(base + i * minute, 10 - i + offset) for i in range(5)],
        )
        publish(
            cloudwatch,
            name,
            host,
            "validation:rmse",
            [(base + i * minute, 1 + offset) for i in range(3)],
        )
    publish(cloudwatch, "another-job", "algo-1", "train:loss", [(base, 99.0)])
    # moto describes placeholder metric definitions: name the job's own.
    curves = sm.training_job_metrics(name, metric_names=["train:loss", "validation:rmse"])
    assert list(curves) == ["train:loss", "validation:rmse"]
    loss = curves["train:loss"]
    assert [(p.timestamp, p.host, p.value) for p in loss] == [
        (base + i * minute, host, 10 - i + offset)
        for i in range(5)
        for host, offset in (("algo-1", 0.0), ("algo-2", 0.5))
    ]
    assert all(isinstance(p, MetricPoint) and p.timestamp.tzinfo for p in loss)
    assert len(curves["validation:rmse"]) == 6
    only = sm.training_job_metrics(name, metric_names=["validation:rmse"])
    assert list(only) == ["validation:rmse"]
    assert only["validation:rmse"] == curves["validation:rmse"]


def test_a_job_without_points_has_empty_series(backend: tuple[SageMakerClient, Any]) -> None:
    sm, _ = backend
    name = f"quiet-{next(_serial)}"
    sm.create_training_job(metered_job_request(name))
    wanted = ["train:loss", "validation:rmse"]
    assert sm.training_job_metrics(name, metric_names=wanted) == {
        "train:loss": [],
        "validation:rmse": [],
    }


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
