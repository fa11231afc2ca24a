"""What reading a metric series costs: moto's GetMetricData against the local backend's.

One series of 2,880 and of 11,520 points a minute apart (two and eight days), read whole
with GetMetricData (period 60 s, every page) through a real boto3 client in-process:
once on plain moto (``mock_aws``), whose GetMetricData scans every stored point once per
period (quadratic), and on the local backend, which reads them in one pass and pages at
the service's 100,800 points. Run ``python -m benchmarks.local_metrics``.

Target: on the local backend the time per point for 11,520 points at most twice the
time per point for 2,880 (linear).
"""

from __future__ import annotations

import datetime
import statistics
import time
from typing import Any, NamedTuple

from benchmarks.report import Figure, Section
from sagemaker_typed.testing import FakeClock, LocalSageMaker

SIZES = (2880, 11520)
MAX_RATIO = 2.0
ROUNDS = 3
START = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


class Reading(NamedTuple):
    points: int
    pages: int
    seconds: float  # the median of the rounds


def _put(cloudwatch: Any, points: int) -> None:
    for first in range(0, points, 1000):  # PutMetricData takes 1,000 values a call
        cloudwatch.put_metric_data(
            Namespace="bench",
            MetricData=[
                {"MetricName": "loss", "Timestamp": START + i * MINUTE, "Value": float(i)}
                for i in range(first, min(first + 1000, points))
            ],
        )


def _read(cloudwatch: Any, points: int, rounds: int) -> Reading:
    asked: dict[str, Any] = {
        "MetricDataQueries": [
            {
                "Id": "loss",
                "MetricStat": {
                    "Metric": {"Namespace": "bench", "MetricName": "loss"},
                    "Period": 60,
                    "Stat": "Average",
                },
            }
        ],
        "StartTime": START,
        "EndTime": START + points * MINUTE,
        "ScanBy": "TimestampAscending",
    }
    timings, pages = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        read, pages, token = 0, 0, None
        while True:
            page = cloudwatch.get_metric_data(**asked, **({"NextToken": token} if token else {}))
            read += len(page["MetricDataResults"][0]["Values"])
            pages += 1
            token = page.get("NextToken")
            if not token:
                break
        timings.append(time.perf_counter() - started)
        assert read == points, (read, points)
    return Reading(points, pages, statistics.median(timings))


def measure_moto(points: int) -> Reading:
    """Plain moto in-process: one round (it takes seconds)."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        session = boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
        )
        cloudwatch = session.client("cloudwatch")
        _put(cloudwatch, points)
        return _read(cloudwatch, points, rounds=1)


def measure_local(points: int, rounds: int = ROUNDS) -> Reading:
    with LocalSageMaker(clock=FakeClock()) as sm:
        _put(sm.cloudwatch_client, points)
        return _read(sm.cloudwatch_client, points, rounds)


def measure() -> tuple[list[Reading], list[Reading]]:
    """(plain moto, local backend), one reading per size."""
    return [measure_moto(n) for n in SIZES], [measure_local(n) for n in SIZES]


def ratio(readings: list[Reading]) -> float:
    small, large = readings
    return (large.seconds / large.points) / (small.seconds / small.points)


def table(moto: list[Reading], local: list[Reading]) -> str:
    lines = [f"{'points':>7} {'plain moto (s)':>15} {'local backend (s)':>18} {'pages':>6}"]
    for theirs, ours in zip(moto, local, strict=True):
        lines.append(
            f"{ours.points:>7} {theirs.seconds:>15.3f} {ours.seconds:>18.3f} {ours.pages:>6}"
        )
    lines.append(
        f"time per point, {SIZES[1]} / {SIZES[0]}: plain moto {ratio(moto):.2f},"
        f" local backend {ratio(local):.2f} (target <= {MAX_RATIO:g})"
    )
    return "\n".join(lines)


def section(moto: list[Reading], local: list[Reading]) -> Section:
    return Section(
        "Local backend metric reads",
        (__doc__ or "").strip(),
        [
            Figure(
                f"time per point, {SIZES[1]:,} / {SIZES[0]:,} points, local backend",
                f"{ratio(local):.2f}x (plain moto {ratio(moto):.2f}x)",
                f"≤ {MAX_RATIO:g}x",
                ratio(local) <= MAX_RATIO,
            )
        ],
        ["```text\n" + table(moto, local) + "\n```"],
    )


def main() -> None:
    moto, local = measure()
    print("GetMetricData of one series, a point a minute, read whole through boto3 in-process")
    print(table(moto, local))


if __name__ == "__main__":
    main()
