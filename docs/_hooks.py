"""mkdocs hooks: pages that other parts of the project add to docs/ join the nav.

``benchmarks.md`` and ``reliability.md`` are written with the benchmarks and the
hardening work; they are listed under "More" when they exist, so the nav never points
at a missing page (which ``mkdocs build --strict`` rejects).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

OPTIONAL_PAGES = {"Benchmarks": "benchmarks.md", "Reliability": "reliability.md"}


def on_config(config: Any) -> Any:
    docs = Path(config["docs_dir"])
    present = [{title: page} for title, page in OPTIONAL_PAGES.items() if (docs / page).exists()]
    if present and config["nav"] is not None:
        position = next(
            (i for i, entry in enumerate(config["nav"]) if "Changelog" in entry),
            len(config["nav"]),
        )
        config["nav"].insert(position, {"More": present})
    return config
