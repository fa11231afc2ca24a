"""``SageMakerClient``: the typed operations and the waiters on one object."""

from __future__ import annotations

from sagemaker_typed._operations import Operations

__all__ = ["SageMakerClient"]


class SageMakerClient(Operations):
    """A typed SageMaker client on top of boto3.

    ``SageMakerClient()`` builds a boto3 client from a private session (boto3's default
    session is not thread-safe) with botocore's ``standard`` retries;
    ``SageMakerClient(boto_client=client)`` wraps one you have. Every method validates
    its request before sending (``validate=False`` to skip, here or per call), returns
    typed responses whose ``response_metadata`` holds the request id, and raises the
    ``SageMakerTypedError`` subclasses. One instance is safe to share across threads.
    """
