"""Run inside the SageMaker Python SDK's venv: time its tuning job analytics.

``python peer_sagemaker_analytics.py <endpoint url> <tuning job> <rounds>`` reads the
tuning job's trials with ``HyperparameterTuningJobAnalytics(...).dataframe()``, and
its best training job with ``.description()`` (what ``tuning_job_results`` returns
too), against the local backend at ``endpoint url`` and prints one JSON line: the
SDK's version, the HTTP requests of the table alone and of both, the median seconds
of both and the rows. Not part of the package; it imports only what that venv has.
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def main() -> None:
    endpoint, tuning_job, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    import boto3
    import sagemaker  # type: ignore[import-not-found]
    from sagemaker.analytics import (  # type: ignore[import-not-found]
        HyperparameterTuningJobAnalytics,
    )

    boto_session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    client = boto_session.client("sagemaker", endpoint_url=endpoint)
    session = sagemaker.Session(boto_session=boto_session, sagemaker_client=client)
    sent: list[str] = []
    client.meta.events.register("before-send.sagemaker", lambda **_: sent.append("request"))
    seconds, table_calls, calls, rows = [], 0, 0, 0
    for _ in range(rounds):
        sent.clear()
        started = time.perf_counter()
        analytics = HyperparameterTuningJobAnalytics(tuning_job, sagemaker_session=session)
        frame = analytics.dataframe()
        table_calls = len(sent)
        best = analytics.description()["BestTrainingJob"]  # what the table lacks
        seconds.append(time.perf_counter() - started)
        calls, rows = len(sent), len(frame)
    print(
        json.dumps(
            {
                "version": sagemaker.__version__,
                "table_calls": table_calls,
                "calls": calls,
                "seconds": statistics.median(seconds),
                "rows": rows,
                "best": best["TrainingJobName"],
            }
        )
    )


if __name__ == "__main__":
    main()
