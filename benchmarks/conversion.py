"""``from_boto`` and ``to_boto`` against the floor, and against sagemaker-core.

For each payload, three cases take turns in every round: the floor (the same objects
built by direct constructor calls, exact type checks included: see ``payloads``),
``from_boto(wire, cls)`` (in its default mode: tolerant for the response, strict for the
request) and ``to_boto(obj)``. Both conversions are reported as ratios to the floor.
With a peer, its process times its own path for the same payloads right after each of
our rounds, and the speed-ups are per-round ratios too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks import payloads
from benchmarks.peers import PEER_LABEL, SageMakerCorePeer
from benchmarks.report import Figure, Section
from benchmarks.timing import Timings, interleaved
from sagemaker_typed import from_boto, models, to_boto
from sagemaker_typed._model_support import Model

__all__ = [
    "ALL_PAYLOADS",
    "PAYLOADS",
    "RUNNING_JOB",
    "ConversionResult",
    "Payload",
    "cases",
    "measure",
    "results",
    "section",
]

# Targets (ratios to the floor; speed-ups over sagemaker-core 1.0.78).
FROM_BOTO_TARGET = 1.6
FROM_BOTO_STRETCH = 1.5
TO_BOTO_TARGET = 0.45
# A running job's answer (what every poll gets) converts without any slow path.
RUNNING_JOB_TARGET = 1.2
FROM_BOTO_SPEEDUP_TARGET = 12.0
TO_BOTO_SPEEDUP_TARGET = 20.0


@dataclass(frozen=True)
class Payload:
    """A wire dict, its class, and its by-hand floor."""

    cls: type[Model]
    wire: Callable[[], dict[str, Any]]
    by_hand: Callable[[dict[str, Any]], Model]
    label: str = ""
    """Told apart from another payload of the same class (default: the class name)."""
    target: float = FROM_BOTO_TARGET
    """The ``from_boto`` / floor target."""

    @property
    def name(self) -> str:
        return f"{self.cls.__name__}{self.label}"


PAYLOADS = (
    Payload(
        models.DescribeTrainingJobResponse,
        payloads.describe_training_job_wire,
        payloads.describe_training_job_by_hand,
    ),
    Payload(
        models.CreateHyperParameterTuningJobRequest,
        payloads.create_tuning_job_wire,
        payloads.create_tuning_job_checked,
    ),
)
# Ours only (sagemaker-core is compared on PAYLOADS).
RUNNING_JOB = Payload(
    models.DescribeTrainingJobResponse,
    payloads.running_training_job_wire,
    payloads.describe_training_job_by_hand,
    label=" (running job)",
    target=RUNNING_JOB_TARGET,
)
ALL_PAYLOADS = (*PAYLOADS, RUNNING_JOB)


def cases(payload: Payload) -> dict[str, Callable[[], object]]:
    """The floor, ``from_boto`` and ``to_boto`` of ``payload``, named after it."""
    cls = payload.cls
    # Build the conversion functions (made lazily, on first use) before the payload:
    # objects allocated among the garbage of that one-off work are scattered in memory,
    # which slows every later walk over them (to_boto by half), unlike a program's own.
    to_boto(from_boto(payload.wire(), cls))
    wire = payload.wire()
    obj = from_boto(wire, cls)
    by_hand = payload.by_hand
    return {
        f"{payload.name} floor": lambda: by_hand(wire),
        f"{payload.name} from_boto": lambda: from_boto(wire, cls),
        f"{payload.name} to_boto": lambda: to_boto(obj),
    }


@dataclass(frozen=True)
class PeerComparison:
    """sagemaker-core's figures for one payload."""

    version: str
    from_boto_us: float
    to_boto_us: float
    from_boto_speedup: float
    to_boto_speedup: float
    changed_leaves: int
    """Leaf values of the wire dict its round trip loses or changes (ours: none)."""


@dataclass(frozen=True)
class ConversionResult:
    """Medians (microseconds per call) and ratios to the floor of one payload."""

    payload: str
    floor_us: float
    from_boto_us: float
    to_boto_us: float
    from_boto_ratio: float
    from_boto_target: float
    to_boto_ratio: float
    exact_round_trip: bool
    """``to_boto(from_boto(wire)) == wire``."""
    peer: PeerComparison | None


def measure(*, rounds: int, batch_seconds: float, peer: SageMakerCorePeer | None = None) -> Timings:
    """Time every payload's cases (and the peer's, if given) in interleaved rounds."""
    all_cases: dict[str, Callable[[], object]] = {}
    for payload in ALL_PAYLOADS:
        all_cases.update(cases(payload))
    return interleaved(
        all_cases,
        rounds=rounds,
        batch_seconds=batch_seconds,
        elsewhere=peer.round if peer is not None else None,
    )


def _round_trips(payload: Payload) -> bool:
    wire = payload.wire()
    return to_boto(from_boto(wire, payload.cls)) == wire


def results(timings: Timings, peer: SageMakerCorePeer | None = None) -> list[ConversionResult]:
    """Per payload: medians, ratios to the floor and, with a peer, speed-ups."""
    out = []
    for payload in ALL_PAYLOADS:
        name = payload.name
        comparison = None
        if peer is not None and payload in PAYLOADS:
            theirs = f"{PEER_LABEL} {name}"
            comparison = PeerComparison(
                version=peer.version,
                from_boto_us=timings.median(f"{theirs} from_boto") * 1e6,
                to_boto_us=timings.median(f"{theirs} to_boto") * 1e6,
                from_boto_speedup=timings.ratio(f"{theirs} from_boto", f"{name} from_boto"),
                to_boto_speedup=timings.ratio(f"{theirs} to_boto", f"{name} to_boto"),
                changed_leaves=peer.changed_leaves[name],
            )
        out.append(
            ConversionResult(
                payload=name,
                floor_us=timings.median(f"{name} floor") * 1e6,
                from_boto_us=timings.median(f"{name} from_boto") * 1e6,
                to_boto_us=timings.median(f"{name} to_boto") * 1e6,
                from_boto_ratio=timings.ratio(f"{name} from_boto", f"{name} floor"),
                from_boto_target=payload.target,
                to_boto_ratio=timings.ratio(f"{name} to_boto", f"{name} floor"),
                exact_round_trip=_round_trips(payload),
                peer=comparison,
            )
        )
    return out


def section(conversions: list[ConversionResult], *, rounds: int, batch_seconds: float) -> Section:
    """The report's conversion section."""
    peer_version = next((c.peer.version for c in conversions if c.peer is not None), None)
    method = (
        "Three payloads: the realistic DescribeTrainingJob answer (20 hyper-parameters,"
        " 2 channels, 5 metric definitions, 5 status transitions, 5 final metrics), the"
        " answer every poll of a running job gets (the same without `ModelArtifacts`,"
        " which is required, so error correction fills and records it, without end time,"
        " final metrics and billing, 3 transitions so far) and a full"
        " CreateHyperParameterTuningJob request (`benchmarks/payloads.py`). The"
        " *floor* builds the same objects by direct constructor calls, checking each"
        " value's exact type: the least work any converter producing these objects can"
        " do (for the running job it fills `ModelArtifacts` as the correction does; for"
        " the request it then runs `validate`, as a strict `from_boto` of a request dict"
        " checks the model's constraints too). `from_boto` runs in its default mode"
        " (tolerant for the responses, strict for the request). In each of"
        f" {rounds} rounds every case runs a batch of calls lasting about"
        f" {batch_seconds * 1000:g} ms (garbage collection paused, as `timeit` does), in"
        " an order rotated from round to round; a time is the median over rounds, a ratio"
        " the median of the per-round ratios."
    )
    if peer_version is not None:
        method += (
            f" sagemaker-core {peer_version} runs in its own venv"
            " (`benchmarks/peer_sagemaker_core.py`, the same timing code) one round after"
            " each of ours, on the same payloads, along its own path: a response through"
            " `transform(d, 'DescribeTrainingJobResponse')` and the `TrainingJob` resource"
            " class (what `TrainingJob.get` does), a request through `transform` and its"
            " shape classes (the arguments of `HyperParameterTuningJob.create`), both back"
            " with `serialize` (what `create` does). Speed-ups are per-round ratios too."
        )
    else:
        method += " Run `make bench PEERS=1` to compare with sagemaker-core 1.0.78."
    out = Section("Conversion", method)
    fidelity = []
    for c in conversions:
        out.figures += [
            Figure(f"{c.payload}: floor (by hand)", f"{c.floor_us:.1f} µs"),
            Figure(
                f"{c.payload}: from_boto / floor",
                f"{c.from_boto_ratio:.2f}x ({c.from_boto_us:.1f} µs"
                + (
                    "; stretch met)"
                    if c.from_boto_target == FROM_BOTO_TARGET
                    and c.from_boto_ratio <= FROM_BOTO_STRETCH
                    else ")"
                ),
                f"≤ {FROM_BOTO_TARGET}x (stretch {FROM_BOTO_STRETCH}x)"
                if c.from_boto_target == FROM_BOTO_TARGET
                else f"≤ {c.from_boto_target}x",
                c.from_boto_ratio <= c.from_boto_target,
            ),
            Figure(
                f"{c.payload}: to_boto / floor",
                f"{c.to_boto_ratio:.2f}x ({c.to_boto_us:.1f} µs)",
                f"≤ {TO_BOTO_TARGET}x",
                c.to_boto_ratio <= TO_BOTO_TARGET,
            ),
        ]
        fidelity.append(
            f"- {c.payload}: `to_boto(from_boto(d)) == d` "
            + ("holds." if c.exact_round_trip else "DOES NOT HOLD.")
        )
        if c.peer is not None:
            out.figures += [
                Figure(
                    f"{c.payload}: from_boto speed-up over sagemaker-core {c.peer.version}",
                    f"{c.peer.from_boto_speedup:.1f}x (theirs {c.peer.from_boto_us:.0f} µs)",
                    f"≥ {FROM_BOTO_SPEEDUP_TARGET:g}x",
                    c.peer.from_boto_speedup >= FROM_BOTO_SPEEDUP_TARGET,
                ),
                Figure(
                    f"{c.payload}: to_boto speed-up over sagemaker-core {c.peer.version}",
                    f"{c.peer.to_boto_speedup:.1f}x (theirs {c.peer.to_boto_us:.0f} µs)",
                    f"≥ {TO_BOTO_SPEEDUP_TARGET:g}x",
                    c.peer.to_boto_speedup >= TO_BOTO_SPEEDUP_TARGET,
                ),
            ]
            fidelity.append(
                f"- {c.payload}: sagemaker-core's round trip (`serialize` of what it"
                f" parsed) loses or changes {c.peer.changed_leaves} leaf value(s) of the"
                ' wire dict (it drops falsy values such as `False` and `""`).'
            )
    out.details.append("Fidelity, checked in the same run:\n\n" + "\n".join(fidelity))
    return out
