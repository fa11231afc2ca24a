"""The local backend's server form (moto's HTTP server on 127.0.0.1) for tests.

Not pytest-specific: test modules wrap :func:`running_moto_server` in their own
fixtures. The server shares this process's moto backends, so the job controls of
``sagemaker_typed.testing`` apply to it too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import boto3

from sagemaker_typed._clock import Clock
from sagemaker_typed.testing import Durations, LocalSageMaker

__all__ = ["fake_session", "running_moto_server"]


@contextlib.contextmanager
def running_moto_server(
    clock: Clock | None = None, durations: Durations | None = None
) -> Iterator[str]:
    """Run the local backend over HTTP on a free loopback port; yield its endpoint URL.

    Moves take no time unless ``durations`` says otherwise: the next request sees a job
    ended, as plain moto answers.
    """
    backend = LocalSageMaker(clock=clock, durations=durations or Durations.instant(), server=True)
    backend.start()
    try:
        assert backend.endpoint_url is not None
        yield backend.endpoint_url
    finally:
        backend.stop()


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
