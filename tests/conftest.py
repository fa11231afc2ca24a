"""Shared test setup: fake AWS credentials and region, never the real ones."""

from __future__ import annotations

import builtins
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"

FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    # No shared files, no instance metadata: nothing real can leak in.
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
    "AWS_CONFIG_FILE": "/nonexistent/config",
    "AWS_EC2_METADATA_DISABLED": "true",
}


@pytest.fixture(autouse=True, scope="session")
def fake_aws_environment() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in FAKE_ENVIRONMENT.items():
            patch.setenv(name, value)
        patch.delenv("AWS_PROFILE", raising=False)
        yield


def seed_payloads() -> list[dict[str, Any]]:
    """The request/response examples of the seed pages, as boto3 wire dicts."""
    payloads: list[dict[str, Any]] = json.loads((DATA / "seed_payloads.json").read_text())
    return payloads


# New York's rule as a POSIX string: needs no time zone database on the machine.
NEW_YORK = "EST+05EDT,M3.2.0,M11.1.0"


@pytest.fixture
def local_time_not_utc() -> Iterator[None]:
    """Local time 4 or 5 hours behind UTC, so that reading a naive datetime as local
    time instead of UTC shows (the suite otherwise runs wherever the machine is, often
    UTC, where the two agree)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = NEW_YORK
    time.tzset()
    try:
        assert time.timezone == 5 * 3600
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import pandas`` fails, as where the ``pandas`` extra is not installed."""
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("No module named 'pandas'", name="pandas")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
