"""moto's server in a process of its own: ``python -m benchmarks.moto_process [CPU]``.

Runs on CPU number ``CPU`` only, if given (its threads with it). Starts
``ThreadedMotoServer`` on 127.0.0.1 at a free port, prints its URL, and serves until its
standard input closes. werkzeug's per-request log line is silenced: it would cost the
server time on every call and flood the output.
"""

from __future__ import annotations

import logging
import os
import sys


def main() -> None:
    """Serve until stdin closes."""
    if len(sys.argv) > 1:
        os.sched_setaffinity(0, {int(sys.argv[1])})  # before any thread starts
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(f"http://{host}:{port}", flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
