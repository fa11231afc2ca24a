"""A fault-injecting HTTP proxy on 127.0.0.1, between a boto3 client and moto's server.

Point a client at :attr:`FaultProxy.url`; every request is forwarded to the upstream
server unless a fault is scripted for it. Scripts are per operation (the
``X-Amz-Target`` header of SageMaker's JSON protocol names it): each fault answers
one request, in order, and requests beyond the script pass through. What happened to
every request is recorded, so tests can tell how many attempts reached the server and
what it answered.

Faults:

- :class:`Reply`: answer at once with an HTTP status and an error body shaped as the
  service sends it (``{"__type": code, "message": ...}``), without forwarding;
  :data:`INTERNAL_ERROR` (500), :data:`UNAVAILABLE` (503), :data:`THROTTLED` (400
  ``ThrottlingException``);
- :class:`RawAnswer`: answer at once with a status and any body, without forwarding;
  :data:`BAD_GATEWAY_PAGE` (502 with a load balancer's HTML page);
- :data:`DROP_BEFORE`: close the connection without forwarding (nothing happened);
- :data:`DROP_AFTER`: forward, then close the connection instead of answering (the
  server did the work, the client never hears of it);
- :class:`Slow`: forward, then hold the answer for ``seconds`` (past the client's read
  timeout, the client gives up; the server did the work).

Every wait is bounded (upstream timeout, :class:`Slow` ends early when the proxy
stops), the server binds 127.0.0.1 only, and handler threads are daemons.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import threading
import urllib.parse
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = [
    "BAD_GATEWAY_PAGE",
    "DROP_AFTER",
    "DROP_BEFORE",
    "INTERNAL_ERROR",
    "THROTTLED",
    "UNAVAILABLE",
    "Exchange",
    "Fault",
    "FaultProxy",
    "RawAnswer",
    "Reply",
    "Slow",
    "running_fault_proxy",
]

UPSTREAM_TIMEOUT_SECONDS = 10.0
# Headers that belong to one connection, not to the message: never passed on.
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}
)


@dataclass(frozen=True)
class Reply:
    """Answer with ``status`` and a JSON error body, as SageMaker does; nothing forwarded."""

    status: int
    code: str
    message: str = ""

    def body(self) -> bytes:
        return json.dumps({"__type": self.code, "message": self.message}).encode()


@dataclass(frozen=True)
class RawAnswer:
    """Answer with ``status`` and exactly ``body`` (a load balancer's page, garbage)."""

    status: int
    body: bytes
    content_type: str = "text/html"


@dataclass(frozen=True)
class _Drop:
    forward_first: bool


@dataclass(frozen=True)
class Slow:
    """Forward, then answer only after ``seconds``."""

    seconds: float


Fault = Reply | RawAnswer | _Drop | Slow

INTERNAL_ERROR = Reply(500, "InternalFailure", "We encountered an internal error.")
UNAVAILABLE = Reply(503, "ServiceUnavailable", "Service is unavailable.")
BAD_GATEWAY_PAGE = RawAnswer(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>")
THROTTLED = Reply(400, "ThrottlingException", "Rate exceeded")
DROP_BEFORE = _Drop(forward_first=False)
DROP_AFTER = _Drop(forward_first=True)


@dataclass(frozen=True)
class Exchange:
    """One request the proxy received: its operation, the fault applied (``None``: passed
    through) and the upstream status (``None``: not forwarded)."""

    operation: str
    fault: Fault | None
    upstream_status: int | None


class FaultProxy:
    """The proxy server; see the module docstring. Use :func:`running_fault_proxy`."""

    def __init__(self, upstream_url: str) -> None:
        parsed = urllib.parse.urlsplit(upstream_url)
        assert parsed.hostname is not None
        assert parsed.port is not None
        self._upstream = (parsed.hostname, parsed.port)
        self._lock = threading.Lock()
        self._scripts: defaultdict[str, deque[Fault]] = defaultdict(deque)
        self._exchanges: list[Exchange] = []
        self.stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def inject(self, operation: str, *faults: Fault) -> None:
        """Apply ``faults`` to the next requests of ``operation``, one each, in order."""
        with self._lock:
            self._scripts[operation].extend(faults)

    def pending(self) -> dict[str, int]:
        """Faults scripted but not yet applied, by operation."""
        with self._lock:
            return {operation: len(faults) for operation, faults in self._scripts.items() if faults}

    def exchanges(self, operation: str | None = None) -> list[Exchange]:
        """What happened to each request so far (of ``operation``, or all)."""
        with self._lock:
            return [e for e in self._exchanges if operation is None or e.operation == operation]

    def reset(self) -> None:
        """Forget the scripts and the record."""
        with self._lock:
            self._scripts.clear()
            self._exchanges.clear()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()  # ends any Slow answer early
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- used by the handler ---------------------------------------------------------

    def next_fault(self, operation: str) -> Fault | None:
        with self._lock:
            script = self._scripts.get(operation)
            return script.popleft() if script else None

    def record(self, exchange: Exchange) -> None:
        with self._lock:
            self._exchanges.append(exchange)

    def forward(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self._upstream, timeout=UPSTREAM_TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=dict(headers))
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()


def _handler_for(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as botocore's pooled connections expect
        disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            target = self.headers.get("X-Amz-Target", "")
            operation = target.rpartition(".")[2] or "?"
            fault = proxy.next_fault(operation)
            if isinstance(fault, Reply):
                proxy.record(Exchange(operation, fault, None))
                self._reply(fault.status, "application/x-amz-json-1.1", fault.body())
                return
            if isinstance(fault, RawAnswer):
                proxy.record(Exchange(operation, fault, None))
                self._reply(fault.status, fault.content_type, fault.body)
                return
            if isinstance(fault, _Drop) and not fault.forward_first:
                proxy.record(Exchange(operation, fault, None))
                self.close_connection = True  # closed without a word
                return
            headers = [(k, v) for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP]
            status, response_headers, response_body = proxy.forward(
                "POST", self.path, headers, body
            )
            proxy.record(Exchange(operation, fault, status))
            if isinstance(fault, _Drop):
                self.close_connection = True  # the server did the work; the answer is lost
                return
            if isinstance(fault, Slow) and proxy.stopping.wait(fault.seconds):
                self.close_connection = True
                return
            with contextlib.suppress(OSError):  # a client that gave up has hung up
                self._answer(status, response_headers, response_body)

        def _reply(self, status: int, content_type: str, body: bytes) -> None:
            headers = [("Content-Type", content_type), ("x-amzn-RequestId", "fault-proxy")]
            self._answer(status, headers, body)

        def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers:
                if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test asserts on :meth:`FaultProxy.exchanges` instead."""

    return Handler


@contextlib.contextmanager
def running_fault_proxy(upstream_url: str) -> Iterator[FaultProxy]:
    """A :class:`FaultProxy` in front of ``upstream_url``, stopped on exit."""
    proxy = FaultProxy(upstream_url)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
