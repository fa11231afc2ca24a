"""``make bench`` (``python -m benchmarks [--peers]``): measure, print a table, write
``docs/benchmarks.md``.

Sections: conversion against the floor, import time and installed size (ours installed
as users get it, in ``.bench-venvs/``), a typed describe and a typed create against the
raw boto3 calls over loopback, the waiters' efficiency, log following, the local
backend's listing and metric reads, waiting on many jobs, and 1,000 concurrent async
waits. ``--peers`` adds sagemaker-core 1.0.78 and the newest 2.x, and reading a tuning
job's results against the SageMaker SDK's analytics, each installed into a venv of its
own on first use (never a dependency of the project).
Without peers a run takes several minutes, most of it the many-jobs section's 500
waiting threads and moto answering the async waits.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import sys
from pathlib import Path

from benchmarks import (
    async_waits,
    client_call,
    conversion,
    first_call,
    import_time,
    install_size,
    local_listing,
    local_metrics,
    log_following,
    many_jobs,
    tuning_results,
    venvs,
    waiter_efficiency,
)
from benchmarks.peers import SageMakerCorePeer
from benchmarks.report import Figure, Section, console_table, load_average, machine, markdown
from sagemaker_typed import models
from sagemaker_typed._converters import OPERATIONS
from sagemaker_typed._model_support import Model
from sagemaker_typed._poll_policy import PollPolicy

# Rounds and batch lengths: enough rounds that the medians hold still on a shared
# two-core machine, short batches so that the two sides of a ratio run close in time.
CONVERSION_ROUNDS = 100
CONVERSION_BATCH_SECONDS = 0.005
IMPORT_RUNS = 15
FIRST_CALL_RUNS = 15
# The loopback calls: a typed call and a raw one differ by about 1% of a call moto answers
# in milliseconds, so the per-round ratios need this many rounds for their median to hold
# still to a few tenths of a percent.
CALL_ROUNDS = 400
CALL_BATCH_SECONDS = 0.02

OURS = "sagemaker-typed"
OUR_IMPORT = "import sagemaker_typed; from sagemaker_typed.models import CreateTrainingJobRequest"
# Every model class of the whole coverage, for comparison (no target: nobody needs them all).
ALL_MODELS = "every model"
OUR_IMPORT_ALL = "import sagemaker_typed; from sagemaker_typed.models import *"
# (venv spec, import statement) of each peer; sagemaker-core 2.x moved the package.
PEERS = (
    (venvs.SAGEMAKER_CORE_1, "import sagemaker_core.resources"),
    (venvs.SAGEMAKER_CORE_2, "import sagemaker.core.resources"),
)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _model_classes() -> int:
    """How many model classes the coverage has (an alias counted once)."""
    named = {getattr(models, name) for name in models.__all__}
    return sum(
        1 for cls in named if isinstance(cls, type) and issubclass(cls, Model) and cls is not Model
    )


def conversion_section(peer_venv: venvs.Venv | None) -> Section:
    """Conversion against the floor, and against sagemaker-core 1.0.78 if given."""
    with contextlib.ExitStack() as stack:
        peer = None
        if peer_venv is not None:
            wires = {payload.name: payload.wire() for payload in conversion.PAYLOADS}
            peer = stack.enter_context(
                SageMakerCorePeer(peer_venv, wires, CONVERSION_BATCH_SECONDS)
            )
        timings = conversion.measure(
            rounds=CONVERSION_ROUNDS, batch_seconds=CONVERSION_BATCH_SECONDS, peer=peer
        )
        results = conversion.results(timings, peer)
    return conversion.section(
        results, rounds=CONVERSION_ROUNDS, batch_seconds=CONVERSION_BATCH_SECONDS
    )


def waiter_section() -> Section:
    """The waiters' efficiency on the simulated one-hour job (``benchmarks.waiter_efficiency``)."""
    default = waiter_efficiency.simulate(PollPolicy())
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        waiter_efficiency.main()
    return Section(
        "Waiter efficiency",
        (waiter_efficiency.__doc__ or "").strip(),
        [
            Figure(
                "default PollPolicy on the one-hour job",
                f"{default.calls} calls, end seen {default.lag:.1f} s late"
                f" (at worst {default.worst_lag:.1f} s)",
                f"≤ {waiter_efficiency.MAX_CALLS} calls,"
                f" ≤ {waiter_efficiency.MAX_LAG_SECONDS:g} s late",
                waiter_efficiency.meets_target(default),
            )
        ],
        ["```text\n" + printed.getvalue().rstrip() + "\n```"],
    )


def log_following_section() -> Section:
    """CloudWatch calls of log following, ours against the SDK's (``benchmarks.log_following``)."""
    rows = log_following.measure()
    return Section(
        "Log following",
        (log_following.__doc__ or "").strip(),
        [
            Figure(
                f"{row.timeline}, {row.hosts} host(s): CloudWatch calls per job-hour",
                f"{row.ours.calls} vs {row.theirs.calls} ({row.ratio:.2f}x); lost/repeated/"
                f"out of order {row.ours.lost}/{row.ours.repeated}/{row.ours.out_of_order}"
                f" vs {row.theirs.lost}/{row.theirs.repeated}/{row.theirs.out_of_order}",
                f"≤ {log_following.MAX_RATIO:g}x, none lost or repeated",
                row.met,
            )
            for row in rows
        ],
        ["```text\n" + log_following.table(rows) + "\n```"],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--peers", action="store_true", help="also measure sagemaker-core 1.0.78 and 2.x"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=venvs.ROOT / "docs" / "benchmarks.md",
        help="where to write the report (default: docs/benchmarks.md)",
    )
    args = parser.parse_args(argv)
    where = machine()

    _log(f"installing {OURS} from this checkout into .bench-venvs/ ...")
    ours = venvs.ours()
    targets = [import_time.ImportTarget(OURS, ours, OUR_IMPORT)]
    ours_all = import_time.ImportTarget(f"{OURS}, {ALL_MODELS}", ours, OUR_IMPORT_ALL)
    if args.peers:
        for (name, requirement), statement in PEERS:
            _log(f"preparing {requirement} in .bench-venvs/{name} (installed on first use) ...")
            venv = venvs.peer((name, requirement))
            label = f"sagemaker-core {venv.version_of('sagemaker-core')}"
            targets.append(import_time.ImportTarget(label, venv, statement))

    _log("conversion ...")
    # The conversion peer is sagemaker-core 1.0.78, the first peer.
    sections = [conversion_section(targets[1].venv if args.peers else None)]

    _log("import time ...")
    imports = import_time.measure([targets[0], ours_all, *targets[1:]], runs=IMPORT_RUNS)
    import_section = import_time.section(imports, ours=OURS)
    import_section.details.insert(
        0,
        f"Coverage measured: {len(OPERATIONS)} operations, {_model_classes()} model classes, in"
        " families loaded on first use: a class loads the families of its closure only.",
    )
    sections.append(import_section)

    _log("first call ...")
    sections.append(first_call.section(first_call.measure(ours, runs=FIRST_CALL_RUNS)))

    _log("installed size ...")
    sizes = [install_size.measure(target.label, target.venv) for target in targets]
    sections.append(install_size.section(sizes, ours=OURS))

    _log("typed call over loopback ...")
    call = client_call.measure(rounds=CALL_ROUNDS, batch_seconds=CALL_BATCH_SECONDS)
    sections.append(client_call.section(call, batch_seconds=CALL_BATCH_SECONDS))
    _log("typed create over loopback ...")
    create = client_call.measure_create(rounds=CALL_ROUNDS, batch_seconds=CALL_BATCH_SECONDS)
    sections.append(client_call.create_section(create, batch_seconds=CALL_BATCH_SECONDS))

    _log("waiter efficiency ...")
    sections.append(waiter_section())

    _log("log following ...")
    sections.append(log_following_section())

    _log("local backend listing (5,000 training jobs) ...")
    sections.append(local_listing.section(local_listing.measure_all()))

    _log("local backend metric reads (plain moto's take seconds) ...")
    sections.append(local_metrics.section(*local_metrics.measure()))

    _log(f"{async_waits.WAITS} concurrent async waits (a few minutes) ...")
    sections.append(async_waits.section())

    _log("many jobs (an hour of 10, 100 and 500 jobs, simulated) ...")
    sections.append(many_jobs.section(many_jobs.measure()))

    if args.peers:
        _log("tuning job results against the SageMaker SDK's analytics ...")
        sections.append(tuning_results.section(tuning_results.run()))

    where = dataclasses.replace(where, load_after=load_average())
    print(console_table(sections))
    command = "make bench PEERS=1" if args.peers else "make bench"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(markdown(sections, where, command))
    _log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
