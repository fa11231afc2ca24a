"""What importing a SageMaker SDK adds to ``import boto3``, in fresh processes.

Two figures per SDK, each the median over ``runs`` fresh processes, the SDKs taking
turns within each run:

- CPU and wall clock: the process imports boto3, then times the SDK's import
  statement with ``time.process_time`` and ``time.perf_counter`` (everything the
  statement costs, nothing else; other processes' load inflates the wall clock far
  more than the CPU time);
- ``-X importtime``: the sum of the cumulative times of the top-level imports that the
  statement triggers (CPython's own accounting; its instrumentation adds a little).

Each interpreter runs isolated (``-I``) from a neutral directory, so it imports the
installed package, byte-compiled as pip leaves it, never the checkout's sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchmarks.report import Figure, Section
from benchmarks.timing import median
from benchmarks.venvs import Venv

__all__ = ["IMPORT_TARGET_MS", "ImportResult", "ImportTarget", "measure", "section", "top_imports"]

# What importing sagemaker-typed and one request class may add to `import boto3`, in
# milliseconds of CPU: half of round 1's 38.5 ms, however many operations are covered.
IMPORT_TARGET_MS = 19.0

# "import time: self [us] | cumulative | imported package", nesting shown by indentation.
_IMPORTTIME_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


@dataclass(frozen=True)
class ImportTarget:
    """An SDK's import statement, run with a venv's interpreter."""

    label: str
    venv: Venv
    statement: str


@dataclass(frozen=True)
class ImportResult:
    """Medians in milliseconds over fresh processes, and the heaviest imports of one of them."""

    label: str
    statement: str
    wall_ms: float
    cpu_ms: float
    importtime_ms: float
    runs: int
    heaviest: list[tuple[str, float]]
    """Top-level-or-nested modules with the largest self time (ms), from the last run."""


def _clock_seconds(target: ImportTarget) -> tuple[float, float]:
    """Wall-clock and CPU seconds of the statement, in a fresh process after boto3."""
    code = (
        "import time, boto3\n"
        "wall, cpu = time.perf_counter(), time.process_time()\n"
        f"{target.statement}\n"
        "print(time.perf_counter() - wall, time.process_time() - cpu)\n"
    )
    wall, cpu = target.venv.run_python("-c", code).stdout.split()[-2:]
    return float(wall), float(cpu)


def _importtime_report(target: ImportTarget) -> str:
    """CPython's ``-X importtime`` report (on stderr) of boto3's import, then the SDK's."""
    code = f"import boto3\n{target.statement}\n"
    return target.venv.run_python("-X", "importtime", "-c", code).stderr


def _entries(report: str) -> list[tuple[int, int, int, str]]:
    """(self us, cumulative us, depth, module) of each import after boto3's.

    A module's line comes after those of the imports it triggered, so the statement's
    imports are the lines after boto3's own top-level line.
    """
    entries = []
    after_boto3 = False
    for line in report.splitlines():
        match = _IMPORTTIME_LINE.match(line)
        if not match:
            continue
        own, cumulative, indent, module = match.groups()
        depth = len(indent) // 2
        if after_boto3:
            entries.append((int(own), int(cumulative), depth, module))
        elif depth == 0 and module == "boto3":
            after_boto3 = True
    return entries


def top_imports(report: str) -> float:
    """Milliseconds: the cumulative times of the top-level imports after boto3's."""
    return sum(cumulative for _, cumulative, depth, _ in _entries(report) if depth == 0) / 1000


def _heaviest(report: str, count: int) -> list[tuple[str, float]]:
    entries = sorted(_entries(report), key=lambda entry: entry[0], reverse=True)
    return [(module, own / 1000) for own, _, _, module in entries[:count]]


def measure(targets: list[ImportTarget], *, runs: int) -> list[ImportResult]:
    """Import overhead over boto3 of each target, its runs interleaved with the others'."""
    wall: dict[str, list[float]] = {target.label: [] for target in targets}
    cpu: dict[str, list[float]] = {target.label: [] for target in targets}
    importtime: dict[str, list[float]] = {target.label: [] for target in targets}
    last_report: dict[str, str] = {}
    for run in range(runs):
        shift = run % len(targets)
        for target in targets[shift:] + targets[:shift]:
            wall_seconds, cpu_seconds = _clock_seconds(target)
            wall[target.label].append(wall_seconds * 1000)
            cpu[target.label].append(cpu_seconds * 1000)
            report = _importtime_report(target)
            importtime[target.label].append(top_imports(report))
            last_report[target.label] = report
    return [
        ImportResult(
            label=target.label,
            statement=target.statement,
            wall_ms=median(wall[target.label]),
            cpu_ms=median(cpu[target.label]),
            importtime_ms=median(importtime[target.label]),
            runs=runs,
            heaviest=_heaviest(last_report[target.label], 8),
        )
        for target in targets
    ]


def section(results: list[ImportResult], *, ours: str) -> Section:
    """The report's import-time section; ``ours`` is our result's label."""
    runs = results[0].runs
    out = Section(
        "Import time",
        "What the SDK's import statement adds to `import boto3`, each SDK installed in a"
        " venv of its own as a user gets it (a pip-built wheel, byte-compiled; ours from"
        f" this checkout, non-editable). Median over {runs} fresh processes per SDK, the"
        " SDKs taking turns within each run. *CPU*: the process imports boto3, then"
        " measures the statement's CPU time with `time.process_time`; *wall*: the same"
        " with `time.perf_counter`. An import waits for nothing (its files are in the"
        " page cache), so on an idle machine the two agree; on this shared machine the"
        " wall clock also counts the time other processes held both cores, which is not"
        " the SDK's cost: the target is judged on CPU time, and a wall figure well above"
        " it marks a busy spell (CPU time counts every thread, so an import that starts"
        " threads can show more CPU than wall time). *-X importtime*: the sum of the"
        " cumulative times of the top-level imports the statement triggers, in a"
        " separate process (CPython's own wall-clock accounting; its instrumentation"
        " adds a little). An editable development install measures more (the editable"
        " finder, and no `.pyc` files where `PYTHONDONTWRITEBYTECODE` is set, as in this"
        " machine's shells): that is not what users run.",
    )
    for result in results:
        is_ours = result.label == ours
        out.figures.append(
            Figure(
                f"{result.label} over boto3",
                f"{result.cpu_ms:.1f} ms CPU (wall {result.wall_ms:.1f} ms,"
                f" -X importtime {result.importtime_ms:.1f} ms)",
                f"≤ {IMPORT_TARGET_MS:g} ms" if is_ours else "",
                result.cpu_ms <= IMPORT_TARGET_MS if is_ours else None,
            )
        )
        out.details.append(f"`{result.label}` runs `{result.statement}`.")
        heaviest = ", ".join(f"`{module}` {ms:.1f}" for module, ms in result.heaviest)
        out.details.append(f"Heaviest modules of `{result.label}` (self ms): {heaviest}.")
    return out
