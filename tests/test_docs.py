"""Every Python code block of README.md and docs/ runs, so the documentation cannot rot.

The blocks of one file run in order, in one namespace, inside ``mock_aws`` (through
``sagemaker_typed.testing.local_sagemaker``): a ``SageMakerClient()`` that a block
builds talks to the local backend with the fake credentials of ``conftest.py``, never
to AWS, and its waiters run on a ``FakeClock`` unless the block gives a clock, so the
docs can wait for a stop or an update without real time passing.

- A block that only makes sense against a real account is marked with an
  ``<!-- no-run -->`` line right before it: it is compiled, not run. Keep them rare.
- A block inside an HTML comment runs but does not show: it is for what only the local
  backend needs (moto finishes jobs at once: ``hold_in_progress`` keeps one running).

Tracebacks point at the Markdown file and line. The blocks are also type-checked with
``mypy --strict``, as the examples are: a typed SDK's documentation should type-check.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from sagemaker_typed import SageMakerClient, _async_base_client, _base_client, _errors, testing
from sagemaker_typed.testing import FakeClock, LocalSageMaker, local_sagemaker

REPO = Path(__file__).parents[1]
NO_RUN = "<!-- no-run -->"
FENCE = re.compile(
    r"^(?P<indent> *)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S
)


class Block(NamedTuple):
    path: Path
    line: int  # of the block's first code line, 1-based
    code: str
    run: bool


def documents() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def python_blocks(path: Path) -> list[Block]:
    """The ```python blocks of a Markdown file, in order."""
    text = path.read_text()
    blocks = []
    for match in FENCE.finditer(text):
        language = match["info"].strip().split(" ")[0].lower()
        if language not in ("python", "py"):
            continue
        before = text[: match.start()].rstrip().splitlines()
        run = not (before and before[-1].strip() == NO_RUN)
        indent = len(match["indent"])
        code = "\n".join(line[indent:] for line in match["body"].splitlines())
        line = text.count("\n", 0, match.start("body")) + 1
        blocks.append(Block(path, line, code, run))
    return blocks


def run_blocks(blocks: list[Block], namespace: dict[str, Any] | None = None) -> str:
    """Run the blocks in one namespace on the local backend; return what they printed.

    The backend and every client built without a clock share one fake clock. A block
    that starts a local backend of its own gets it: the surrounding one is stopped
    for that block's ``with`` and a fresh one started after it (one runs at a time).
    """
    namespace = {"__name__": "__docs__"} if namespace is None else namespace
    output = io.StringIO()
    clock = FakeClock()
    surrounding = LocalSageMaker(clock=clock)
    # A page that starts and stops a LocalSageMaker of its own runs without one around.
    starts_its_own = any("LocalSageMaker(" in block.code for block in blocks)

    @contextlib.contextmanager
    def own_backend(**options: Any) -> Iterator[SageMakerClient]:
        surrounding.stop()
        try:
            with local_sagemaker(**options) as client:
                yield client
        finally:
            surrounding.start()

    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.nullcontext() if starts_its_own else surrounding,
        contextlib.redirect_stdout(output),
    ):
        # A client built without a clock gets the backend's instead of the time module.
        patch.setattr(_base_client, "SystemClock", lambda: clock)
        patch.setattr(_async_base_client, "SystemClock", lambda: clock)
        patch.setattr(testing, "local_sagemaker", own_backend)
        for block in blocks:
            # Padding keeps the Markdown line numbers in tracebacks.
            source = "\n" * (block.line - 1) + block.code
            compiled = compile(source, str(block.path), "exec")
            if block.run:
                exec(compiled, namespace)
    return output.getvalue()


DOCUMENTS_WITH_CODE = [path for path in documents() if python_blocks(path)]


@pytest.mark.parametrize(
    "path", DOCUMENTS_WITH_CODE, ids=[str(p.relative_to(REPO)) for p in DOCUMENTS_WITH_CODE]
)
def test_code_blocks_run(path: Path) -> None:
    run_blocks(python_blocks(path))


def test_code_blocks_type_check(tmp_path: Path) -> None:
    """Each document's blocks, as one module, pass ``mypy --strict`` (errors at md lines)."""
    from mypy import api

    modules: dict[Path, Path] = {}
    for path in DOCUMENTS_WITH_CODE:
        stem = re.sub(r"\W", "_", str(path.relative_to(REPO)).removesuffix(".md")).lower()
        module = tmp_path / f"doc_{stem}.py"
        lines: list[str] = []
        for block in python_blocks(path):
            lines += [""] * (block.line - 1 - len(lines))  # keep the Markdown line numbers
            lines += block.code.splitlines()
        module.write_text("\n".join(lines) + "\n")
        modules[module] = path
    out, err, status = api.run(
        [
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--no-error-summary",
            *map(str, modules),
        ]
    )
    for module, path in modules.items():
        out = out.replace(str(module), str(path.relative_to(REPO)))
    assert status == 0, out + err


def test_the_guide_and_readme_have_code_to_run() -> None:
    names = {str(path.relative_to(REPO)) for path in DOCUMENTS_WITH_CODE}
    expected = {
        "README.md",
        "docs/index.md",
        "docs/concepts.md",
        "docs/operations.md",
        "docs/waiters.md",
        "docs/async.md",
        "docs/errors.md",
        "docs/validation.md",
        "docs/conversion.md",
        "docs/notebooks.md",
        "docs/testing.md",
    }
    assert expected <= names


def test_blocks_that_do_not_run_are_rare() -> None:
    skipped = [block for path in documents() for block in python_blocks(path) if not block.run]
    total = sum(len(python_blocks(path)) for path in documents())
    assert len(skipped) <= max(3, total // 10), [f"{b.path}:{b.line}" for b in skipped]


def test_readme_quickstart_prints_typed_results() -> None:
    blocks = python_blocks(REPO / "README.md")
    output = run_blocks(blocks[:1])
    assert output.splitlines()[:2] == [
        "Completed",
        "s3://my-bucket/output/my-first-job/output/model.tar.gz",
    ]


@pytest.mark.parametrize("document", ["README.md", "docs/errors.md"])
def test_error_tables_match_the_code_mapping(document: str) -> None:
    """Every service code the SDK maps is in the table, with its class, and no other."""
    rows: dict[str, str] = {}
    for codes, cls in re.findall(
        r"^\| (`\w+`(?:, `\w+`)*) \| `(\w+)` \|$", (REPO / document).read_text(), re.M
    ):
        rows.update(dict.fromkeys(re.findall(r"`(\w+)`", codes), cls))
    assert rows == {code: cls.__name__ for code, cls in _errors._CODES.items()}


def test_notebook_page_shows_the_table_that_jupyter_would() -> None:
    page = REPO / "docs" / "notebooks.md"
    namespace: dict[str, Any] = {}
    run_blocks(python_blocks(page), namespace)
    sample = re.search(r'<div class="model-sample">\n(.*)\n</div>', page.read_text())
    assert sample is not None
    assert sample[1] == namespace["nb"]._repr_html_()


def test_readme_states_the_poll_policy_defaults() -> None:
    from sagemaker_typed import PollPolicy

    stated = re.search(
        r"`(PollPolicy\([^`]*\))`\s+\(the defaults\)", (REPO / "README.md").read_text()
    )
    assert stated is not None
    assert eval(stated[1], {"PollPolicy": PollPolicy}) == PollPolicy()


# -- the collector itself ---------------------------------------------------------------


def test_collector_reads_fences_markers_and_lines(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n"
        "\n"
        "```python\n"
        "x = 1\n"
        "```\n"
        "\n"
        "```bash\n"
        "make test\n"
        "```\n"
        "\n"
        "<!-- no-run -->\n"
        "```python\n"
        "x = 2\n"
        "```\n"
        "\n"
        "1. A list item:\n"
        "\n"
        "    ```py\n"
        "    print(x)\n"
        "    ```\n"
    )
    blocks = python_blocks(page)
    assert [(b.line, b.code, b.run) for b in blocks] == [
        (4, "x = 1", True),
        (13, "x = 2", False),
        (19, "print(x)", True),
    ]
    assert run_blocks(blocks) == "1\n"


def test_collector_tracebacks_point_at_the_markdown_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("text\n\n```python\nok = True\nraise RuntimeError('here')\n```\n")
    with pytest.raises(RuntimeError) as raised:
        run_blocks(python_blocks(page))
    frame = raised.traceback[-1]
    assert (frame.path, frame.lineno + 1) == (page, 5)
