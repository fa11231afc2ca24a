"""Progress for people: what a wait shows while it runs, and how it ends.

A :class:`Progress` is the reporter a waiter's machine calls (it does no network I/O,
so the sync and the async shells share it): a status line per change, log lines,
tuning counters with the best objective so far, and the closing summary of a
training job. Where it goes is its :class:`Display`: in a terminal (or any plain
Python), a line per change on stderr; under Jupyter, one display that updates in
place (IPython's display handles) with the log lines streaming below it on stdout,
so no red stderr boxes. IPython is imported only when it is already running.
Everything is also logged at INFO on the ``sagemaker_typed`` logger, shown or not.
"""

from __future__ import annotations

import html
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sagemaker_typed._log_event import LogEvent
    from sagemaker_typed.models import (
        DescribeHyperParameterTuningJobResponse,
        DescribeTrainingJobResponse,
    )

__all__ = ["Progress", "training_summary", "tuning_line"]

logger = logging.getLogger("sagemaker_typed")


def _clock_text(elapsed: float) -> str:
    minutes, seconds = divmod(int(elapsed), 60)
    return f"[{minutes:3d}m{seconds:02d}s]"


def tuning_line(response: DescribeHyperParameterTuningJobResponse) -> str:
    """``4 completed, 2 in progress, 1 failed, 0 stopped; best validation:auc 0.91 (job-003)``."""
    counters = response.training_job_status_counters
    failed = (counters.retryable_error or 0) + (counters.non_retryable_error or 0)
    line = (
        f"{counters.completed or 0} completed, {counters.in_progress or 0} in progress, "
        f"{failed} failed, {counters.stopped or 0} stopped"
    )
    best = response.best_training_job
    metric = best.final_hyper_parameter_tuning_job_objective_metric if best else None
    if best is not None and metric is not None:
        line += f"; best {metric.metric_name} {metric.value:g} ({best.training_job_name})"
    return line


def training_summary(response: DescribeTrainingJobResponse) -> list[str]:
    """The lines users know from the SageMaker SDK's end of ``fit()``: training and
    billable seconds, managed-spot savings, final metrics."""
    lines = []
    training, billable = response.training_time_in_seconds, response.billable_time_in_seconds
    if training is not None:
        lines.append(f"Training seconds: {training}")
    if billable is not None:
        lines.append(f"Billable seconds: {billable}")
    if response.enable_managed_spot_training and training and billable is not None:
        lines.append(f"Managed spot training savings: {(1 - billable / training) * 100:.1f}%")
    metrics = [m for m in response.final_metric_data_list or () if m.metric_name]
    if metrics:
        values = ", ".join(f"{m.metric_name} = {m.value:g}" for m in metrics if m.value is not None)
        lines.append(f"Final metrics: {values}")
    return lines


class Display(Protocol):
    """Where progress goes."""

    def status(self, line: str) -> None:
        """A new status line (a change)."""

    def log(self, line: str) -> None:
        """A log line of the job."""

    def summary(self, lines: list[str]) -> None:
        """The closing summary."""


class _Terminal:
    """One line per change on stderr."""

    def status(self, line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    def log(self, line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    def summary(self, lines: list[str]) -> None:
        for line in lines:
            print(line, file=sys.stderr, flush=True)


class _Notebook:
    """One display, updated in place with the latest status and, at the end, the
    summary; the log lines stream below it as plain output (stdout)."""

    def __init__(self, title: str, ipython_display: Any) -> None:
        self._title = title
        self._ipython_display = ipython_display
        self._handle: Any = None
        self._status = ""

    def _show(self, rows: list[str]) -> None:
        body = "".join(f"<div>{html.escape(row)}</div>" for row in rows)
        text = "\n".join([self._title, *rows])
        bundle = {
            "text/plain": text,
            "text/html": f"<div><b>{html.escape(self._title)}</b>{body}</div>",
        }
        if self._handle is None:
            self._handle = self._ipython_display.display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)

    def status(self, line: str) -> None:
        self._status = line
        self._show([line])

    def log(self, line: str) -> None:
        print(line, flush=True)

    def summary(self, lines: list[str]) -> None:
        self._show([self._status, *lines])


def _display_for(title: str) -> Display:
    """The notebook display under a Jupyter kernel, else the terminal one."""
    ipython_module = sys.modules.get("IPython")
    if ipython_module is not None:
        shell = ipython_module.get_ipython()
        if shell is not None and shell.has_trait("kernel"):
            from IPython import display as ipython_display

            return _Notebook(title, ipython_display)
    return _Terminal()


class Progress:
    """The reporter of one wait: logs everything at INFO, shows it if ``show``."""

    def __init__(self, noun: str, name: str, *, show: bool, hosts: int = 1) -> None:
        self._noun, self._name = noun, name
        self._display: Display | None = _display_for(f"{noun} {name}") if show else None
        self._message: str | None = None  # of the latest status shown
        self.hosts = hosts  # more than one: log lines are prefixed by host

    def change(self, elapsed: float, summary: str, message: str | None) -> None:
        """The status or secondary status changed."""
        logger.info("%s %s: %s", self._noun, self._name, summary)
        self._message = message
        line = f"{_clock_text(elapsed)} {summary}"
        text = f"{line} \N{EM DASH} {message}" if message else line
        self._show(lambda display: display.status(text))

    def tuning(self, elapsed: float, response: DescribeHyperParameterTuningJobResponse) -> None:
        """A tuning job's poll: shows the counters and best objective when they changed
        since the latest line (a status change shows them as its message)."""
        line = tuning_line(response)
        if line == self._message:
            return
        self._message = line
        logger.info("%s %s: %s", self._noun, self._name, line)
        status = response.hyper_parameter_tuning_job_status
        text = f"{_clock_text(elapsed)} {status} \N{EM DASH} {line}"
        self._show(lambda display: display.status(text))

    def log(self, event: LogEvent) -> None:
        """A log line of the job."""
        line = f"[{event.host}] {event.message}" if self.hosts > 1 else event.message
        logger.info("%s %s log: %s", self._noun, self._name, line)
        self._show(lambda display: display.log(line))

    def finish_training(self, response: DescribeTrainingJobResponse) -> None:
        """The training job ended: its summary."""
        lines = training_summary(response)
        for line in lines:
            logger.info("%s %s: %s", self._noun, self._name, line)
        if lines:
            self._show(lambda display: display.summary(lines))

    def _show(self, show: Callable[[Display], None]) -> None:
        """Show through the display, if any. Output can never end a wait: the first
        failed write (a closed stderr, a pipe whose reader left: ``python run.py 2>&1 |
        head``) is logged once and turns the display off for the rest of the wait."""
        if self._display is None:
            return
        try:
            show(self._display)
        except (OSError, ValueError) as error:  # ValueError: a write to a closed file
            self._display = None
            logger.warning("progress output failed (%s); no more progress lines", error)
