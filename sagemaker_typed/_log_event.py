"""``LogEvent``: one line of a training job's log (the log reader is ``_logs``)."""

from __future__ import annotations

import datetime

import attrs

__all__ = ["DEFAULT_DRAIN_SECONDS", "LogEvent"]

# How long a log reader goes on after the job ended: lines reach CloudWatch after the
# status changes.
DEFAULT_DRAIN_SECONDS = 30.0


@attrs.frozen(kw_only=True)
class LogEvent:
    """One line of a training job's log, as CloudWatch Logs holds it."""

    timestamp: datetime.datetime
    """When the line was written (tz-aware, UTC; CloudWatch keeps milliseconds)."""
    ingestion_time: datetime.datetime
    """When CloudWatch Logs received it (tz-aware, UTC)."""
    message: str
    """The line, without its newline."""
    host: str
    """The host that wrote it: ``algo-1``, ``algo-2``..."""
    stream: str
    """The log stream: ``<job>/algo-1-<epoch seconds>`` (one per host and container start)."""
