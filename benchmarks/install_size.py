"""Installed size of an SDK's runtime dependency closure beyond boto3.

Inside each venv, every installed distribution's files are summed as its ``RECORD``
lists them (sources, extension modules, the ``.pyc`` files pip compiled, metadata,
scripts). boto3's own closure and the venv's tooling are left out: what remains is what
choosing the SDK adds to an environment that has boto3 anyway.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from benchmarks.report import Figure, Section
from benchmarks.venvs import Venv

__all__ = ["BOTO3_CLOSURE", "SIZE_TARGET_MB", "VENV_TOOLING", "SizeResult", "measure", "section"]

# What sagemaker-typed may add to an environment with boto3, in MB.
SIZE_TARGET_MB = 3.0

# boto3 and what it pulls in; and what every venv has, SDK or not.
BOTO3_CLOSURE = frozenset(
    {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python-dateutil", "six"}
)
VENV_TOOLING = frozenset({"pip", "setuptools", "wheel"})

# Run inside the venv: {normalized distribution name: [version, bytes on disk]}.
_SIZES_SCRIPT = """
import importlib.metadata, json, os, re
sizes = {}
for dist in importlib.metadata.distributions():
    name = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
    total = 0
    for file in dist.files or ():
        path = dist.locate_file(file)
        if os.path.isfile(path):
            total += os.path.getsize(path)
    sizes[name] = [dist.version, total]
print(json.dumps(sizes))
"""


@dataclass(frozen=True)
class SizeResult:
    """Megabytes (10**6 bytes) beyond boto3, per distribution, and of the whole venv."""

    label: str
    megabytes: float
    distributions: dict[str, float]
    """Beyond boto3, largest first."""
    whole_venv_megabytes: float
    """Every distribution, boto3's closure and pip included."""
    versions: dict[str, str]
    """Every distribution's version."""


def measure(label: str, venv: Venv) -> SizeResult:
    """The size of ``venv``'s distributions other than boto3's closure and venv tooling."""
    found: dict[str, tuple[str, int]] = json.loads(venv.run_python("-c", _SIZES_SCRIPT).stdout)
    counted = {
        name: size / 1e6
        for name, (_, size) in found.items()
        if name not in BOTO3_CLOSURE and name not in VENV_TOOLING
    }
    ordered = dict(sorted(counted.items(), key=lambda item: item[1], reverse=True))
    return SizeResult(
        label=label,
        megabytes=sum(ordered.values()),
        distributions=ordered,
        whole_venv_megabytes=sum(size for _, size in found.values()) / 1e6,
        versions={name: version for name, (version, _) in found.items()},
    )


def section(results: list[SizeResult], *, ours: str) -> Section:
    """The report's installed-size section; ``ours`` is our result's label."""
    out = Section(
        "Installed size",
        "The runtime dependency closure beyond boto3, in MB (10^6 bytes): every"
        " distribution installed in the SDK's venv, summed over the files its `RECORD`"
        " lists (sources, extension modules, the `.pyc` files pip compiled, metadata),"
        f" leaving out boto3's own closure ({', '.join(sorted(BOTO3_CLOSURE))}) and the"
        f" venv's tooling ({', '.join(sorted(VENV_TOOLING))}). *Whole venv* counts every"
        " distribution.",
    )
    for result in results:
        is_ours = result.label == ours
        out.figures.append(
            Figure(
                f"{result.label} beyond boto3",
                f"{result.megabytes:.2f} MB (whole venv {result.whole_venv_megabytes:.0f} MB)",
                f"≤ {SIZE_TARGET_MB:g} MB" if is_ours else "",
                result.megabytes <= SIZE_TARGET_MB if is_ours else None,
            )
        )
        largest = ", ".join(
            f"{name} {result.versions[name]}: {mb:.2f}"
            for name, mb in list(result.distributions.items())[:8]
        )
        out.details.append(
            f"`{result.label}`'s venv (boto3 {result.versions.get('boto3', '?')}),"
            f" largest distributions beyond boto3 (MB): {largest}."
        )
    return out
