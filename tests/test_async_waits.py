"""Many concurrent async waits on the simulated clock: correct, bounded in threads and in
Describe rate, and never blocking the loop (``benchmarks.async_waits`` measures 1,000)."""

from __future__ import annotations

import pytest

from benchmarks import async_waits
from sagemaker_typed import testing
from sagemaker_typed._async_base_client import MAX_WORKERS

# The benchmark runs 1,000; moto answers each Describe with milliseconds of CPU, so the
# default test run takes fewer through the same code.
WAITS = 200


@pytest.mark.skipif(
    not hasattr(testing, "SimulatedClock"), reason="SimulatedClock (issue 17) is not on main yet"
)
def test_concurrent_waits_complete_within_threads_rate_and_loop_budget() -> None:
    run = async_waits.concurrent_waits(WAITS)
    assert run.completed == WAITS
    assert 0 < run.peak_workers <= MAX_WORKERS
    assert run.peak_rate <= async_waits.MAX_DESCRIBE_PER_SECOND
    assert run.describes >= WAITS
    assert run.callbacks > 0
    assert run.callbacks_over_cpu == 0
    assert async_waits.meets_targets(run, async_waits.MAX_DESCRIBE_PER_SECOND)


def test_cpu_per_poll_is_measured_on_both_shells() -> None:
    cpu = async_waits.cpu_per_poll(20, rounds=1)
    assert cpu.sync_polls >= 20
    assert cpu.async_polls >= 20
    assert cpu.sync_us > 0
    assert cpu.async_us > 0
