"""The benchmark code runs, and its floor builds what ``from_boto`` builds (no timings asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import conversion, first_call, import_time, many_jobs, report, timing
from benchmarks.venvs import Venv
from sagemaker_typed import corrected_fields, from_boto, to_boto


@pytest.mark.parametrize("payload", conversion.ALL_PAYLOADS, ids=lambda payload: payload.name)
def test_the_floor_builds_what_from_boto_builds(payload: conversion.Payload) -> None:
    wire = payload.wire()
    by_hand = payload.by_hand(wire)
    converted = from_boto(wire, payload.cls)
    assert by_hand == converted
    if not corrected_fields(converted):  # the floor fills, but does not record, corrections
        assert to_boto(by_hand) == wire


@pytest.mark.parametrize("payload", conversion.PAYLOADS, ids=lambda payload: payload.name)
def test_the_floor_checks_exact_types(payload: conversion.Payload) -> None:
    wire = payload.wire()
    first_string_key = next(key for key, value in wire.items() if isinstance(value, str))
    wire[first_string_key] = 1
    with pytest.raises(TypeError):
        payload.by_hand(wire)


def test_conversion_benchmark_runs_and_reports_every_payload() -> None:
    timings = conversion.measure(rounds=2, batch_seconds=0.0005)
    results = conversion.results(timings)
    assert [result.payload for result in results] == [p.name for p in conversion.ALL_PAYLOADS]
    for result in results:
        assert result.exact_round_trip
        assert result.floor_us > 0
        assert result.from_boto_ratio > 0
        assert result.to_boto_ratio > 0
        assert result.peer is None
    section = conversion.section(results, rounds=2, batch_seconds=0.0005)
    assert len(section.figures) == 3 * len(conversion.ALL_PAYLOADS)
    assert "make bench PEERS=1" in section.method


def test_the_running_job_answer_is_partial_and_corrected_losslessly() -> None:
    wire = conversion.RUNNING_JOB.wire()
    assert "ModelArtifacts" not in wire
    job = from_boto(wire, conversion.RUNNING_JOB.cls)
    assert corrected_fields(job) == ["model_artifacts"]
    assert to_boto(job) == wire


def test_first_call_benchmark_measures_both_calls() -> None:
    result = first_call.measure(Venv(Path(sys.prefix)), runs=1)
    assert result.raw_ms > 0
    assert result.typed_ms > 0
    section = first_call.section(result)
    assert [figure.name for figure in section.figures][-1] == (
        "first typed call over the first raw call"
    )


def test_interleaved_takes_one_sample_per_round_and_case() -> None:
    calls: list[str] = []
    timings = timing.interleaved(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")},
        rounds=3,
        batch_seconds=0.0001,
        elsewhere=lambda: {"c": 2.0},
    )
    assert {name: len(samples) for name, samples in timings.samples.items()} == {
        "a": 3,
        "b": 3,
        "c": 3,
    }
    assert timings.median("c") == 2.0
    assert timings.ratio("c", "c") == 1.0
    assert calls.count("a") > 3  # calibration and three batches


def test_importtime_report_sums_the_top_level_imports_after_boto3() -> None:
    lines = [
        "import time: self [us] | cumulative | imported package",
        "import time:       100 |        100 |   botocore",
        "import time:       200 |        300 | boto3",
        "import time:      1000 |       1000 |     attr._make",
        "import time:       500 |       1500 |   attr",
        "import time:      2000 |       3500 | sagemaker_typed",
        "import time:       400 |        400 | sagemaker_typed.models",
    ]
    assert import_time.top_imports("\n".join(lines)) == pytest.approx(3.9)


def test_report_shows_every_figure_and_verdict() -> None:
    sections = [
        report.Section(
            "Conversion",
            "How it was measured.",
            [
                report.Figure("from_boto / floor", "1.10x", "≤ 1.6x", True),
                report.Figure("to_boto / floor", "0.50x", "≤ 0.45x", False),
            ],
            ["A detail."],
        ),
        report.Section("Waiter efficiency", "Not measured."),
    ]
    table = report.console_table(sections)
    assert "from_boto / floor" in table
    assert "MISSED" in table
    document = report.markdown(sections, report.machine(), "make bench")
    assert "| Conversion | to_boto / floor | 0.50x | ≤ 0.45x | MISSED |" in document
    assert "How it was measured." in document
    assert "## Waiter efficiency" in document
    assert "A detail." in document


def test_importing_the_package_leaves_what_is_built_on_first_use_unloaded() -> None:
    # The import-time target depends on it: the conversion modules and their shape tables,
    # and the waiters' machinery load on first use only (the model families: test_lazy_models).
    code = """
import sys
import sagemaker_typed, sagemaker_typed.models
lazy = ("sagemaker_typed._converters", "sagemaker_typed._schema", "sagemaker_typed._waiters")
loaded = [name for name in lazy if name in sys.modules]
assert not loaded, loaded
"""
    subprocess.run([sys.executable, "-c", code], check=True)


def test_log_following_benchmark_reads_every_line_once_for_fewer_calls() -> None:
    from benchmarks import log_following

    ours = log_following.run(log_following.read_ours, hosts=2, every=60.0)
    theirs = log_following.run(log_following.read_sdk_algorithm, hosts=2, every=60.0)
    assert (ours.lost, ours.repeated) == (0, 0)
    assert ours.calls <= log_following.MAX_RATIO * theirs.calls
    row = log_following.Row("quiet", 2, ours, theirs)
    assert "quiet" in log_following.table([row])


def test_many_jobs_benchmark_runs_every_strategy_on_one_timeline() -> None:
    results = many_jobs.measure(sizes=(4,))
    assert [result.strategy for result in results] == [
        "training_jobs_as_completed",
        "wait_for_training_job per job",
        "botocore waiter (120 s)",
        "sagemaker-core poll (5 s)",
    ]
    for result in results:
        assert result.jobs == 4
        assert result.calls >= 4
        assert 0 <= result.mean_lag <= result.worst_lag
    botocore = results[2]
    assert botocore.worst_lag <= 120.0  # its sleeps ran on the simulated clock
    section = many_jobs.section(results)
    assert "training_jobs_as_completed" in section.details[0]
