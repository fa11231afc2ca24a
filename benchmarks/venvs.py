"""The virtual environments the benchmarks install and measure in.

Each lives under ``.bench-venvs/`` (git-ignored) and is never a dependency of the
project: ``sagemaker-typed`` installed from this checkout the way users get it (a
built wheel, byte-compiled, no editable finder), and the peers from PyPI.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BENCH_VENVS",
    "ROOT",
    "SAGEMAKER_CORE_1",
    "SAGEMAKER_CORE_2",
    "Venv",
    "ours",
    "peer",
]

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENVS = ROOT / ".bench-venvs"

# Peers: (directory name, pip requirement).
SAGEMAKER_CORE_1 = ("sagemaker-core-1.0.78", "sagemaker-core==1.0.78")
SAGEMAKER_CORE_2 = ("sagemaker-core-2", "sagemaker-core>=2,<3")


@dataclass(frozen=True)
class Venv:
    """A virtual environment under ``.bench-venvs/``."""

    path: Path

    @property
    def python(self) -> Path:
        """Its interpreter."""
        return self.path / "bin" / "python"

    def run_python(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        """Run its interpreter isolated (``-I``: no current directory or user site on
        ``sys.path``, no ``PYTHON*`` variables) from a neutral directory."""
        with tempfile.TemporaryDirectory() as neutral:
            completed = subprocess.run(
                [str(self.python), "-I", *args],
                cwd=neutral,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        if completed.returncode != 0:
            raise RuntimeError(f"{self.python} {args[:2]} failed:\n{completed.stderr[-3000:]}")
        return completed

    def version_of(self, distribution: str) -> str:
        """The installed version of ``distribution`` here."""
        code = f"import importlib.metadata as m; print(m.version({distribution!r}))"
        return self.run_python("-c", code).stdout.strip()

    def pip_install(self, *args: str) -> None:
        """``pip install`` into it, quietly unless it fails."""
        completed = subprocess.run(
            [str(self.python), "-m", "pip", "install", "--quiet", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"pip install {' '.join(args)} failed:\n{completed.stderr[-3000:]}")


def _created(name: str, requirements: list[str], stamp: str) -> tuple[Venv, bool]:
    """The venv ``name``, created with ``requirements`` unless it was already, for the
    same ``stamp`` (what it is for: a peer's requirement, our dependency list).

    Returns it and whether it was created now.
    """
    venv = Venv(BENCH_VENVS / name)
    stamp_file = venv.path / "bench-stamp.txt"
    if venv.python.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return venv, False
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv.path)], check=True)
    venv.pip_install(*requirements)
    stamp_file.write_text(stamp)
    return venv, True


def ours() -> Venv:
    """``sagemaker-typed`` from this checkout, installed as a user gets it.

    The runtime dependencies are installed once; the package itself is rebuilt and
    reinstalled on every call, so the figures are of the code as it is now. It is
    built from a copy of the sources: a build in the checkout would leave ``build/``
    behind, whose stale files later builds pick up.
    """
    with tempfile.TemporaryDirectory() as source:
        # The license too: pyproject.toml's license-files puts it in every wheel.
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(ROOT / name, Path(source) / name)
        shutil.copytree(
            ROOT / "sagemaker_typed",
            Path(source) / "sagemaker_typed",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        venv, fresh = _created("sagemaker-typed", [source], json.dumps(project["dependencies"]))
        if not fresh:
            venv.pip_install("--no-deps", "--force-reinstall", source)
    return venv


def peer(spec: tuple[str, str]) -> Venv:
    """A peer's venv (``SAGEMAKER_CORE_1`` or ``SAGEMAKER_CORE_2``), installed on first use."""
    name, requirement = spec
    venv, _ = _created(name, [requirement], requirement)
    return venv
