"""Every script in examples/ runs on the local backend and prints what it promises."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import cast

import boto3
import pytest

from sagemaker_typed import _waiters
from tests.moto_server import running_moto_server

REPO = Path(__file__).parents[1]
EXAMPLES = REPO / "examples"

Main = Callable[[list[str] | None], int]


def load(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` as a module (examples/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_main(name: str, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    main = cast(Main, load(name).main)
    assert main(list(argv)) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_every_example_has_a_test() -> None:
    tested = {"quickstart", "tuning_with_warm_start", "notebook_lifecycle", "handle_errors"}
    assert {path.stem for path in EXAMPLES.glob("*.py")} == tested


# -- quickstart -------------------------------------------------------------------------


def test_quickstart_runs_every_step_and_prints_a_typed_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, err = run_main("quickstart", capsys)
    steps = [line.split(".")[0] for line in out.splitlines() if line[:1].isdigit()]
    assert steps == [str(n) for n in range(1, 8)]
    assert "Running on the local backend (moto)" in out
    assert "Updating it to ml.t3.large with a 10 GB volume" in out
    assert "warm-started from demo-tuning-parent" in out
    # Step 5 describes the tuning job's best training job: the one with the lowest rmse,
    # which step 6 lists first.
    listed = [line.split() for line in out.splitlines() if line.startswith("   demo-tuning-child-")]
    values = [float(row[-1]) for row in listed]
    assert len(values) == 3
    assert values == sorted(values)
    assert f"   best training job {listed[0][0]}: Completed, validation:rmse = " in out
    summary = out[out.index("Summary") :]
    assert (
        "notebook instance  demo-notebook: was ml.t3.medium, updated to ml.t3.large "
        "with 10 GB, deleted"
    ) in summary
    assert "training job       demo-training: Completed, model at s3://demo-bucket/" in summary
    assert "tuning job         demo-tuning-child: Completed, warm-started from " in summary
    assert "3 training jobs" in summary
    assert f"best training job  {listed[0][0]} (eta=" in summary
    assert out.rstrip().splitlines()[-1].startswith("Done in ")
    # progress=True: one line per status change, on stderr, in simulated time; the
    # training wait's logs=True adds the lines its one host writes (no host prefix).
    summary_lines = ("Training seconds", "Billable seconds", "Managed spot", "Final metrics")
    status_or_log = [line for line in err.splitlines() if not line.startswith(summary_lines)]
    progress = [line for line in status_or_log if line.startswith("[")]
    summary_shown = [line for line in err.splitlines() if line.startswith(summary_lines)]
    log_lines = [line for line in status_or_log if not line.startswith("[")]
    assert log_lines == [
        "Training started on algo-1 (host 1 of 1)",
        *(f"Epoch {n}/10" for n in range(1, 11)),
        "Training finished: uploading the model",
        "Reporting training SUCCESS",
    ]
    # The lines show while the job runs: after the status line of its Downloading phase,
    # before the one of its end (the demo runs on the real clock, so how the polls fall
    # among the lines varies with the machine's load).
    first, last = (status_or_log.index(line) for line in (log_lines[0], log_lines[-1]))
    downloading = next(
        index
        for index, line in enumerate(status_or_log)
        if line.endswith("] InProgress / Downloading \N{EM DASH} Downloading input data")
    )
    completed = next(
        index for index, line in enumerate(status_or_log) if "] Completed / Completed" in line
    )
    assert downloading < first < last < completed
    # (the polls' jitter moves the times seen by a second or so)
    assert progress[0] == "[  0m00s] Pending"
    assert progress[1].startswith("[  5m")
    assert progress[1].endswith("] InService")
    assert "[  0m00s] Updating" in progress
    training = [line for line in progress if " / " in line]
    assert [line.split(" / ")[1].split()[0] for line in training] == [
        "Starting",
        "Downloading",
        "Training",
        "Uploading",
        "Completed",
    ]
    assert training[-1].startswith("[ 60m")
    assert progress[-2] == "[  0m00s] Deleting"
    assert progress[-1].startswith("[  1m")
    assert progress[-1].endswith("] Deleted")
    # The training wait ends with its summary (training and billable seconds, metrics).
    assert summary_shown


def test_quickstart_with_aws_needs_its_three_options(capsys: pytest.CaptureFixture[str]) -> None:
    main = cast(Main, load("quickstart").main)
    with pytest.raises(SystemExit) as exit_info:
        main(["--aws", "--bucket", "b"])
    assert exit_info.value.code == 2
    assert "--aws needs --role-arn, --image" in capsys.readouterr().err


@pytest.fixture
def aws_endpoint() -> Iterator[str]:
    """boto3's default session pointed at a moto server, as if it were a real account."""
    with running_moto_server() as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", url)
        patch.setattr(boto3, "DEFAULT_SESSION", None)
        yield url


def test_quickstart_aws_path_runs_against_a_server_with_default_credentials(
    aws_endpoint: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The --aws path, end to end, against moto's server (real time: one 5 s poll)."""
    # The training wait reads logs, and after the end it drains for 30 s of real time
    # (tests/test_logs.py holds it to that); here the lines are all there at the end.
    defaults = _waiters.wait_for_training_job.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "drain_seconds", 0.0)
    boto3.Session().client("s3").create_bucket(Bucket="demo-bucket")
    out, err = run_main(
        "quickstart",
        capsys,
        "--aws",
        "--role-arn",
        "arn:aws:iam::123456789012:role/SageMakerRole",
        "--bucket",
        "demo-bucket",
        "--image",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1",
    )
    assert "Uploaded s3://demo-bucket/sagemaker-typed-demo/train/data.csv" in out
    assert "Running in your AWS account, region us-east-1: this costs money." in out
    assert "updated to ml.t3.large with 10 GB, deleted" in out
    assert "Completed / Completed" in err
    assert "Reporting training SUCCESS" in err.splitlines()  # the job's log, read on AWS
    objects = boto3.Session().client("s3").list_objects_v2(Bucket="demo-bucket")
    keys = {item["Key"] for item in objects.get("Contents", [])}
    assert {
        "sagemaker-typed-demo/train/data.csv",
        "sagemaker-typed-demo/validation/data.csv",
    } <= keys


def test_make_demo_command_runs_in_a_fresh_process_in_seconds() -> None:
    """What ``make demo`` runs: the script itself, with no AWS settings at all."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key != "PYTHONPATH"
    }
    environment["PYTHONPATH"] = str(REPO)  # this checkout's package, whatever is installed
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "quickstart.py")],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert "Summary" in done.stdout
    assert elapsed < 30, f"make demo took {elapsed:.1f} s"


# -- focused examples -------------------------------------------------------------------


def test_notebook_lifecycle(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run_main("notebook_lifecycle", capsys)
    assert "created: InService, ml.t3.medium" in out
    assert "updated: Stopped, ml.t3.large, 20 GB" in out
    assert "as expected: notebook instance lifecycle-demo is Stopped" in out
    assert "started: InService" in out
    assert "deleted" in out
    assert (
        "statuses seen: Pending -> InService -> Stopping -> Stopped -> Updating -> Stopped -> "
        "Pending -> InService -> Stopping -> Stopped -> Deleting -> gone"
    ) in out


def test_tuning_with_warm_start(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run_main("tuning_with_warm_start", capsys)
    assert out.splitlines()[:3] == [
        "xgb-round-1: Completed",
        "xgb-round-2: Completed",
        "xgb-round-2 warm-started from ['xgb-round-1'] (IdenticalDataAndAlgorithm)",
    ]
    assert out.splitlines()[3].startswith("best: xgb-round-2-003-")
    assert "validation:auc=0.9 " in out


def test_handle_errors(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run_main("handle_errors", capsys)
    lines = out.splitlines()
    assert lines[0].startswith("invalid: training_job_name: must be a name of letters")
    assert lines[1] == "invalid: stopping_condition.max_runtime_in_seconds: must be at least 1"
    assert lines[2].startswith("not found: DescribeTrainingJob ValidationException (request id ")
    assert lines[3] == (
        "refused: The request was rejected because the training job is in status Completed."
    )
    assert lines[4] == "unreachable: status Stopped, wanted InService"
    assert lines[5] == "timed out: still InProgress after 600 s"
    assert lines[6] == "stopped it: Stopped"
    assert len(lines) == 7
