"""moto's HTTP server on 127.0.0.1 for tests, with sagemaker-typed's additions.

Not pytest-specific: test modules wrap :func:`running_moto_server` in their own
fixtures. The server shares this process's moto backends, so the additions that
``install()`` makes (and the hooks of ``sagemaker_typed.testing``) apply to it too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import boto3

from sagemaker_typed import _moto_extensions

__all__ = ["fake_session", "running_moto_server"]


@contextlib.contextmanager
def running_moto_server() -> Iterator[str]:
    """Run moto's server on a free loopback port; yield its endpoint URL."""
    from moto.server import ThreadedMotoServer

    _moto_extensions.install()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def fake_session(region_name: str = "us-east-1") -> boto3.Session:
    """A private boto3 session with fake credentials, whatever the environment holds.

    Make clients from one session: each new session parses botocore's SageMaker
    model again (a quarter of a second).
    """
    return boto3.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name=region_name,
    )
