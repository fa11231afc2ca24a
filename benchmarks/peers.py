"""Drives ``peer_sagemaker_core.py`` in sagemaker-core 1.0.78's venv, one round at a time.

The peer process stays up for the whole conversion benchmark, so each of its rounds
runs right after ours and the speed-ups compare rounds taken side by side.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from benchmarks.venvs import ROOT, Venv

__all__ = ["PEER_LABEL", "SageMakerCorePeer"]

PEER_LABEL = "sagemaker-core"
_SCRIPT = Path(__file__).resolve().parent / "peer_sagemaker_core.py"


class SageMakerCorePeer:
    """sagemaker-core's conversions of ``payloads``, timed in ``venv`` on request."""

    def __init__(self, venv: Venv, payloads: dict[str, dict[str, Any]], batch_seconds: float):
        self._payloads_file = tempfile.NamedTemporaryFile(suffix=".pickle")  # noqa: SIM115
        pickle.dump(payloads, self._payloads_file)
        self._payloads_file.flush()
        self._process = subprocess.Popen(
            [
                str(venv.python),
                "-I",
                str(_SCRIPT),
                str(ROOT),
                self._payloads_file.name,
                str(batch_seconds),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = self._answer("READY")
        self.version: str = ready["version"]
        self.changed_leaves: dict[str, int] = ready["changed_leaves"]
        """Per payload: leaf values that sagemaker-core's round trip loses or changes."""

    def _answer(self, kind: str) -> Any:
        stdout: IO[str] | None = self._process.stdout
        assert stdout is not None
        for line in stdout:
            if line.startswith(f"{kind} "):
                return json.loads(line.removeprefix(f"{kind} "))
        raise RuntimeError(f"the sagemaker-core peer exited ({self._process.wait()})")

    def round(self) -> dict[str, float]:
        """Seconds per call of each case, measured now; names prefixed with the peer's."""
        stdin = self._process.stdin
        assert stdin is not None
        stdin.write("round\n")
        stdin.flush()
        seconds: dict[str, float] = self._answer("ROUND")
        return {f"{PEER_LABEL} {case}": value for case, value in seconds.items()}

    def close(self) -> None:
        """End the peer process."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=60)
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._payloads_file.close()

    def __enter__(self) -> SageMakerCorePeer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
