"""sagemaker-core 1.0.78's own conversion path, timed inside its venv.

Run by ``benchmarks.peers`` with the peer venv's interpreter, never imported by the
project: ``python -I peer_sagemaker_core.py ROOT PAYLOADS_PICKLE BATCH_SECONDS``. It
builds the same payloads the way sagemaker-core does, then answers on stdout:

- at start, ``READY {json}``: the version and, per payload, how many leaf values of the
  wire dict sagemaker-core's round trip does not give back unchanged;
- for each ``round`` line on stdin, ``ROUND {json}``: seconds per call of each case,
  timed like ours (``benchmarks.timing``).

The paths are sagemaker-core's own: a response goes through ``transform`` and the
resource class (what ``TrainingJob.get`` does); a request's arguments are its shape
classes, and both go back to the wire with ``serialize`` (what ``create`` does).
"""

from __future__ import annotations

import importlib.metadata
import json
import pickle
import sys
from collections.abc import Callable
from typing import Any

Cases = dict[str, Callable[[], object]]


def _cases(payloads: dict[str, dict[str, Any]]) -> tuple[Cases, dict[str, int]]:
    """The timed cases, and per payload the leaf values the round trip loses or changes."""
    from sagemaker_core.main import shapes  # type: ignore[import-not-found]
    from sagemaker_core.main.code_injection.codec import (  # type: ignore[import-not-found]
        transform,
    )
    from sagemaker_core.main.resources import TrainingJob  # type: ignore[import-not-found]
    from sagemaker_core.main.utils import serialize  # type: ignore[import-not-found]

    describe = payloads["DescribeTrainingJobResponse"]

    def training_job() -> Any:
        return TrainingJob(**transform(describe, "DescribeTrainingJobResponse"))

    create = payloads["CreateHyperParameterTuningJobRequest"]

    def tuning_request() -> dict[str, Any]:
        """The arguments of ``HyperParameterTuningJob.create``, keyed as it keys them."""
        args = transform(create, "CreateHyperParameterTuningJobRequest")
        return {
            "HyperParameterTuningJobName": args["hyper_parameter_tuning_job_name"],
            "HyperParameterTuningJobConfig": shapes.HyperParameterTuningJobConfig(
                **args["hyper_parameter_tuning_job_config"]
            ),
            "TrainingJobDefinition": shapes.HyperParameterTrainingJobDefinition(
                **args["training_job_definition"]
            ),
            "WarmStartConfig": shapes.HyperParameterTuningJobWarmStartConfig(
                **args["warm_start_config"]
            ),
            "Tags": [shapes.Tag(**tag) for tag in args["tags"]],
        }

    # As for ours: run each path once before building the objects that are timed.
    serialize(training_job())
    serialize(tuning_request())
    job = training_job()
    request = tuning_request()
    cases: Cases = {
        "DescribeTrainingJobResponse from_boto": training_job,
        "DescribeTrainingJobResponse to_boto": lambda: serialize(job),
        "CreateHyperParameterTuningJobRequest from_boto": tuning_request,
        "CreateHyperParameterTuningJobRequest to_boto": lambda: serialize(request),
    }
    changed = {
        "DescribeTrainingJobResponse": _changed_leaves(describe, serialize(job)),
        "CreateHyperParameterTuningJobRequest": _changed_leaves(create, serialize(request)),
    }
    return cases, changed


def _changed_leaves(expected: Any, actual: Any) -> int:
    """How many leaf values of ``expected`` are missing from or different in ``actual``."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return _leaves(expected)
        return sum(
            _changed_leaves(value, actual[key]) if key in actual else _leaves(value)
            for key, value in expected.items()
        )
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return _leaves(expected)
        return sum(map(_changed_leaves, expected, actual))
    return 0 if expected == actual and type(expected) is type(actual) else 1


def _leaves(value: Any) -> int:
    if isinstance(value, dict):
        return sum(map(_leaves, value.values()))
    if isinstance(value, list):
        return sum(map(_leaves, value))
    return 1


def main(root: str, payloads_path: str, batch_seconds: float) -> None:
    sys.path.insert(0, root)  # for benchmarks.timing, which needs only the standard library
    from benchmarks.timing import calibrate, time_batch

    with open(payloads_path, "rb") as file:
        payloads = pickle.load(file)
    cases, changed = _cases(payloads)
    numbers = {name: calibrate(fn, batch_seconds) for name, fn in cases.items()}
    ready = {"version": importlib.metadata.version("sagemaker-core"), "changed_leaves": changed}
    print("READY", json.dumps(ready), flush=True)
    for line in sys.stdin:
        if line.strip() != "round":
            break
        seconds = {name: time_batch(fn, numbers[name]) for name, fn in cases.items()}
        print("ROUND", json.dumps(seconds), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
