"""Following a training job's logs in CloudWatch Logs, as a sans-I/O machine.

SageMaker writes each host's output to the log group ``/aws/sagemaker/TrainingJobs``,
one stream per host and container start, named ``<job>/algo-N-<epoch seconds>``. A
:class:`LogFollower` keeps what has been read: the streams it knows, and for each the
page token of the first line not yet handed out and how many lines of that page were.
Page tokens, never timestamps, decide what was read, so every line comes out exactly
once, and that state is the serialisable ``position`` a later read resumes from.

What it costs, given that DescribeLogStreams is limited to 5 requests per second for
the whole account: discovery (DescribeLogStreams, 50 streams a page) runs until every
expected host (the job's instance count) has a stream (once a round, so that a late
host's first lines are not older than lines already handed out), then again only
when the secondary status says instances restarted (``Restarting``,
``Interrupted``) and once after the job ends.
Reading (GetLogEvents) takes one call per stream and round while a stream has lines;
a stream that had none is read every 3, 5, then 7 rounds, and every stream is read in
the rounds after the job ends. Throttling, 5xx and connection errors back off and
repeat the same request, so nothing is skipped.

The same machine serves ``SageMakerClient.training_job_logs`` (through
:class:`LogReader`), ``AsyncSageMakerClient.training_job_logs`` and the waiters'
``logs=True``: it only yields effects (``_machine``), the shells do the I/O.
"""

from __future__ import annotations

import datetime
import email.utils
import heapq
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from sagemaker_typed._errors import (
    ResourceNotFoundError,
    SageMakerTypedError,
    ServiceError,
    ThrottlingError,
    TransportError,
)
from sagemaker_typed._log_event import LogEvent
from sagemaker_typed._logs_models import (
    DescribeLogStreamsRequest,
    DescribeLogStreamsResponse,
    GetLogEventsRequest,
    GetLogEventsResponse,
)
from sagemaker_typed._machine import Call, Emit, Machine, Now, Sleep

if TYPE_CHECKING:
    from sagemaker_typed.models import DescribeTrainingJobResponse

__all__ = ["AsyncLogReader", "LogFollower", "LogReader", "riding_faults"]

logger = logging.getLogger("sagemaker_typed")

LOG_GROUP = "/aws/sagemaker/TrainingJobs"
DISCOVERY_PAGE = 50  # DescribeLogStreams' largest page
EVENTS_PAGE = 10_000  # GetLogEvents' largest page (also at most 1 MB)
ROUND_SECONDS = 10.0  # between two reads of a stream that has lines
IDLE_ROUNDS = (2, 4, 6)  # rounds skipped after 1, 2, 3+ empty reads of a stream
DESCRIBE_SECONDS = 30.0  # how often a follower describes the job while it runs
FAULT_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)  # back-off after a throttled read
RESTARTS = frozenset({"Restarting", "Interrupted"})
ENDED = frozenset({"Completed", "Failed", "Stopped"})
_POSITION_VERSION = 1


def _utc(milliseconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(milliseconds / 1000, tz=datetime.UTC)


def _milliseconds(moment: datetime.datetime) -> int:
    if moment.tzinfo is None:  # as the waiters read ``since``: local time
        moment = moment.astimezone()
    return int(moment.timestamp() * 1000)


def host_of(job: str, stream: str) -> str:
    """``algo-1`` of ``<job>/algo-1-1700000000``."""
    tail = stream.removeprefix(f"{job}/")
    head, _, epoch = tail.rpartition("-")
    return head if head and epoch.isdigit() else tail


def expected_hosts(description: DescribeTrainingJobResponse) -> int:
    """How many hosts the job runs on: its instance count, or its instance groups'."""
    config = description.resource_config
    if config is None:
        return 0
    if config.instance_count:
        return config.instance_count
    return sum(group.instance_count for group in config.instance_groups or ())


@attrs.define
class _Stream:
    """One log stream and how far it has been handed out."""

    name: str
    host: str
    created: int = 0  # creation time, epoch milliseconds
    # Where the first line not yet handed out is: its page's token and how many of
    # that page's lines were handed out (None: from the head of the stream).
    token: str | None = None
    skip: int = 0
    # Where the next read starts, and how many of its lines were handed out already
    # (a resumed position).
    fetch_token: str | None = None
    fetch_skip: int = 0
    known_until: int = 0  # epoch ms up to which its lines have been read
    idle_reads: int = 0  # consecutive reads without lines
    wait_rounds: int = 0  # rounds to skip before the next read


@attrs.frozen
class Line:
    """A line read but not handed out yet, with where its page starts (private)."""

    stream: _Stream
    event: LogEvent
    timestamp_ms: int
    page_token: str | None
    index: int  # in its page
    next_token: str | None  # the page's next forward token, when it is its last line


class LogFollower:
    """What has been read of one training job's logs, and the machines that read on.

    ``position`` is the serialisable state; :meth:`follow` is the machine of
    ``training_job_logs``; :meth:`start` and :meth:`round` serve a waiter that reads
    logs on its own schedule (``wait_for_training_job(logs=True)``).
    """

    def __init__(
        self,
        job: str,
        *,
        start_time: datetime.datetime | None = None,
        position: str | None = None,
        drain_seconds: float,
    ) -> None:
        if not drain_seconds >= 0:
            raise ValueError("drain_seconds must be a non-negative number of seconds")
        self.job = job
        self.drain_seconds = float(drain_seconds)
        self._start = None if start_time is None else _milliseconds(start_time)
        self._streams: dict[str, _Stream] = {}
        if position is not None:
            self._restore(position)
        self._expected = 0
        self._restarted_at: int | None = None  # epoch ms of the latest restart seen
        self._transitions_seen = 0
        self._ended = False
        self._drain_until: float | None = None
        self._waiting: list[Line] = []  # read, held back until older lines may have come

    # -- position ------------------------------------------------------------------------

    @property
    def position(self) -> str:
        """Where this read stopped, as a string to pass back as ``position=``."""
        return json.dumps(
            {
                "version": _POSITION_VERSION,
                "job": self.job,
                "start_time": self._start,
                "streams": {s.name: [s.token, s.skip] for s in self._streams.values()},
            },
            separators=(",", ":"),
        )

    def _restore(self, position: str) -> None:
        try:
            state = json.loads(position)
            if state["version"] != _POSITION_VERSION:
                raise ValueError
            job, streams = state["job"], state["streams"]
            entries = [(str(name), tok, int(skip)) for name, (tok, skip) in streams.items()]
            start = state["start_time"]
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise ValueError("position is not a position of a training job log read") from error
        if job != self.job:
            raise ValueError(f"position is of the logs of training job {job!r}, not {self.job!r}")
        if start is not None and self._start is None:
            self._start = int(start)
        for name, token, skip in entries:
            if token is not None and not isinstance(token, str):
                raise ValueError("position is not a position of a training job log read")
            self._streams[name] = _Stream(
                name=name,
                host=host_of(self.job, name),
                token=token,
                skip=skip,
                fetch_token=token,
                fetch_skip=skip,
            )

    # -- the machines --------------------------------------------------------------------

    def follow(self, *, follow: bool) -> Machine[None]:
        """The machine of ``training_job_logs``: emits each :class:`LogEvent`.

        Without ``follow``: one pass over what the log holds now. With it: rounds every
        ``ROUND_SECONDS`` while the job runs, then until ``drain_seconds`` after it
        ended, then a last discovery and read.
        """
        description = yield Call("describe_training_job", (self.job,))
        now: float = yield Now()
        self.start(description, now)
        last_describe = now
        while True:
            final = not follow or self._drain_over(now)
            for line in (yield from self.round(final=final)):
                yield Emit(self.hand_out(line))
            if final:
                return
            yield Sleep(self.sleep_seconds(now))
            now = yield Now()
            if not self._ended and now - last_describe >= DESCRIBE_SECONDS:
                description = yield from _describe_riding_faults(self.job)
                if description is not None:
                    now = yield Now()
                    last_describe = now
                    self.observe(description, now)

    def start(self, description: DescribeTrainingJobResponse, now: float) -> None:
        """Take the first description of the job (what hosts to expect, whether it ended)."""
        self._transitions_seen = len(description.secondary_status_transitions or ())
        self.observe(description, now)

    def observe(self, description: DescribeTrainingJobResponse, now: float) -> None:
        """Take a newer description: restarts call for discovery, the end starts the drain."""
        self._expected = expected_hosts(description)
        transitions = description.secondary_status_transitions or []
        for entry in transitions[self._transitions_seen :]:
            if entry.status in RESTARTS:
                self._restarted_at = _milliseconds(entry.start_time)
                logger.debug("training job %s: %s, new log streams ahead", self.job, entry.status)
        self._transitions_seen = len(transitions)
        if not self._ended and description.training_job_status in ENDED:
            self._ended = True
            ended_ago = _ended_ago(description)
            self._drain_until = now + max(0.0, self.drain_seconds - ended_ago)

    @property
    def ended(self) -> bool:
        """Whether a description showed the job ended."""
        return self._ended

    def _drain_over(self, now: float) -> bool:
        return self._drain_until is not None and now >= self._drain_until

    def drain_remaining(self, now: float) -> float:
        """Seconds of draining left after the job ended (0 when it is over)."""
        return 0.0 if self._drain_until is None else max(0.0, self._drain_until - now)

    def sleep_seconds(self, now: float) -> float:
        """How long to wait before the next round."""
        if self._drain_until is None:
            return ROUND_SECONDS
        return max(0.0, min(ROUND_SECONDS, self._drain_until - now))

    def round(self, *, final: bool = False) -> Machine[list[Line]]:
        """Discover streams if needed, read the streams that are due, and return the
        lines that can go out now, merged by timestamp (each stream's in its own order).

        A line counts as read once passed to :meth:`hand_out`. A line goes out once
        every stream is known up to its timestamp: lines newer than the oldest newest
        line of the streams read this round wait for the next round (a stream read a
        little later, after a throttled call, or ingested with more delay, may still
        bring older ones), and a quiet stream skipped this round is read after all if
        it is known only up to an older time. ``final``: discover once more, read every
        stream and let every line go (the last round, after the end).
        """
        if final or self._needs_discovery():
            yield from self._discover()
        fresh: dict[str, list[Line]] = {}
        skipped: list[_Stream] = []
        for stream in sorted(self._streams.values(), key=lambda s: s.name):
            if self._ended or final or stream.wait_rounds == 0:
                fresh[stream.name] = yield from self._read(stream)
            else:
                stream.wait_rounds -= 1
                skipped.append(stream)
        mark = None if final else _mark(fresh, self._waiting)
        for stream in skipped:
            if mark is not None and stream.known_until < mark:
                fresh[stream.name] = yield from self._read(stream)
                mark = _mark(fresh, self._waiting)
        for name, lines in fresh.items():
            stream = self._streams[name]
            newest = [line.timestamp_ms for line in lines[-1:]]
            stream.known_until = max([stream.known_until, mark or 0, *newest])
        waiting: dict[str, list[Line]] = {}
        for line in self._waiting:
            waiting.setdefault(line.stream.name, []).append(line)
        for name, lines in fresh.items():
            waiting.setdefault(name, []).extend(lines)
        going: list[list[Line]] = []
        self._waiting = []
        for lines in waiting.values():
            cut = len(lines)
            if mark is not None:
                cut = next((i for i, line in enumerate(lines) if line.timestamp_ms > mark), cut)
            going.append(lines[:cut])
            self._waiting.extend(lines[cut:])
        return list(heapq.merge(*going, key=_merge_key))

    @staticmethod
    def hand_out(line: Line) -> LogEvent:
        """The line's event, now counted as read (the position moves past it)."""
        stream = line.stream
        if line.next_token is not None:
            stream.token, stream.skip = line.next_token, 0
        else:
            stream.token, stream.skip = line.page_token, line.index + 1
        return line.event

    # -- discovery -----------------------------------------------------------------------

    def _needs_discovery(self) -> bool:
        since = self._restarted_at or 0
        hosts = {s.host for s in self._streams.values() if s.created >= since}
        if self._restarted_at is not None and len(hosts) >= max(1, self._expected):
            self._restarted_at = None  # every host has its new stream
        return len(hosts) < max(1, self._expected)

    def _discover(self) -> Machine[None]:
        """Every stream of the job, one DescribeLogStreams page at a time."""
        token: str | None = None
        while True:
            request = DescribeLogStreamsRequest(
                log_group_name=LOG_GROUP,
                log_stream_name_prefix=f"{self.job}/",
                limit=DISCOVERY_PAGE,
                next_token=token,
            )
            try:
                page: DescribeLogStreamsResponse = yield from riding_faults(
                    "_describe_log_streams", request
                )
            except ResourceNotFoundError:
                return  # no log group yet: no lines yet
            for listed in page.log_streams or ():
                name = listed.log_stream_name
                if name is None or not name.startswith(f"{self.job}/"):
                    continue
                stream = self._streams.get(name)
                if stream is None:
                    stream = self._streams[name] = _Stream(name=name, host=host_of(self.job, name))
                    logger.debug("training job %s: log stream %s", self.job, name)
                stream.created = listed.creation_time or 0
            if not page.next_token or page.next_token == token:
                return
            token = page.next_token

    # -- reading -------------------------------------------------------------------------

    def _read(self, stream: _Stream) -> Machine[list[Line]]:
        """The lines of ``stream`` after what was read, page by page until the end of
        what it holds now (or a page that is not full: the rest comes next round)."""
        lines: list[Line] = []
        while True:
            sent = stream.fetch_token
            request = GetLogEventsRequest(
                log_group_name=LOG_GROUP,
                log_stream_name=stream.name,
                start_from_head=True,
                start_time=self._start,
                next_token=sent,
            )
            try:
                page: GetLogEventsResponse = yield from riding_faults("_get_log_events", request)
            except ResourceNotFoundError:
                break  # deleted, or not there yet
            events = page.events or []
            following = page.next_forward_token or sent
            first, stream.fetch_skip = stream.fetch_skip, 0
            for index in range(first, len(events)):
                event = events[index]
                lines.append(
                    Line(
                        stream=stream,
                        event=LogEvent(
                            timestamp=_utc(event.timestamp or 0),
                            ingestion_time=_utc(event.ingestion_time or 0),
                            message=event.message or "",
                            host=stream.host,
                            stream=stream.name,
                        ),
                        timestamp_ms=event.timestamp or 0,
                        page_token=sent,
                        index=index,
                        next_token=following if index == len(events) - 1 else None,
                    )
                )
            stream.fetch_token = following
            if not lines and not any(line.stream is stream for line in self._waiting):
                # Nothing of this stream is waiting to go out: it is read up to here.
                stream.token, stream.skip = following, 0
            if following == sent:
                break  # the end of what the stream holds now
            if events and len(events) < EVENTS_PAGE:
                break  # not a full page: what CloudWatch adds is read next round
            # A full page, or an empty one that moved the token (CloudWatch may answer an
            # empty page before the next lines): read on.
        stream.idle_reads = 0 if lines else stream.idle_reads + 1
        stream.wait_rounds = _pause(stream.idle_reads)
        return lines


def _pause(idle: int) -> int:
    """Rounds to skip after ``idle`` reads in a row without lines."""
    return IDLE_ROUNDS[min(idle, len(IDLE_ROUNDS)) - 1] if idle else 0


def _merge_key(line: Line) -> tuple[int, str]:
    return line.timestamp_ms, line.stream.name


def _mark(fresh: dict[str, list[Line]], waiting: list[Line]) -> int | None:
    """Up to which timestamp (epoch ms) lines may go out: the oldest newest line of the
    streams that brought lines, or else the newest line waiting (``None``: none)."""
    newest = [lines[-1].timestamp_ms for lines in fresh.values() if lines]
    if newest:
        return min(newest)
    return max((line.timestamp_ms for line in waiting), default=None)


def _ended_ago(description: DescribeTrainingJobResponse) -> float:
    """Seconds since the job ended, by the service's clock (the response's Date header);
    0 when that cannot be told (then the whole drain runs)."""
    ended = description.training_end_time or description.last_modified_time
    metadata = description.response_metadata
    date = metadata.http_headers.get("date") if metadata is not None else None
    if ended is None or not date:
        return 0.0
    try:
        service_now = email.utils.parsedate_to_datetime(date)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, (service_now - ended).total_seconds())


def _passing(error: SageMakerTypedError) -> bool:
    """Throttling, 5xx and connection errors: wait and send the same request again."""
    if isinstance(error, ThrottlingError | TransportError):
        return True
    return isinstance(error, ServiceError) and (error.http_status or 0) >= 500


def riding_faults(method: str, request: Any) -> Machine[Any]:
    """``method(request)``, repeated after growing delays while it meets passing faults."""
    failures = 0
    while True:
        try:
            return (yield Call(method, (request,)))
        except (ServiceError, TransportError) as error:
            if not _passing(error):
                raise
            logger.debug("%s: %s, trying again", method, error)
            yield Sleep(FAULT_DELAYS[min(failures, len(FAULT_DELAYS) - 1)])
            failures += 1


def _describe_riding_faults(job: str) -> Machine[DescribeTrainingJobResponse | None]:
    """The job's description, or ``None`` after a passing fault (the next round retries)."""
    try:
        description: DescribeTrainingJobResponse = yield Call("describe_training_job", (job,))
    except (ServiceError, TransportError) as error:
        if not _passing(error):
            raise
        return None
    return description


class LogReader(Iterator[LogEvent]):
    """The lines of a training job's log, in timestamp order across hosts (see
    ``SageMakerClient.training_job_logs``); ``position`` says where it stopped."""

    def __init__(self, follower: LogFollower, lines: Iterator[LogEvent]) -> None:
        self._follower = follower
        self._lines = lines

    def __iter__(self) -> LogReader:
        return self

    def __next__(self) -> LogEvent:
        return next(self._lines)

    @property
    def position(self) -> str:
        """Where this read stopped: pass it as ``position=`` to read on from there.

        A JSON string (the streams and, for each, the page token and count of the
        first line not yet returned), so it can be stored anywhere.
        """
        return self._follower.position

    def close(self) -> None:
        """Stop reading (what has not been returned stays unread for ``position``)."""
        close: Callable[[], None] | None = getattr(self._lines, "close", None)
        if close is not None:
            close()


class AsyncLogReader(AsyncIterator[LogEvent]):
    """:class:`LogReader` for ``async for`` (``AsyncSageMakerClient.training_job_logs``)."""

    def __init__(self, follower: LogFollower, lines: AsyncIterator[LogEvent]) -> None:
        self._follower = follower
        self._lines = lines

    def __aiter__(self) -> AsyncLogReader:
        return self

    async def __anext__(self) -> LogEvent:
        return await anext(self._lines)

    @property
    def position(self) -> str:
        """Where this read stopped: pass it as ``position=`` to read on from there."""
        return self._follower.position

    async def aclose(self) -> None:
        """Stop reading (what has not been returned stays unread for ``position``)."""
        aclose: Callable[[], Awaitable[None]] | None = getattr(self._lines, "aclose", None)
        if aclose is not None:
            await aclose()
