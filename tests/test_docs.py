"""Every page of README.md and docs/ runs as a reader runs it, and prints what it shows.

The rules are in ``tests/doc_runner.py`` (and, for writers, in docs/testing.md): each
page's Python blocks run in order in a fresh interpreter, exactly as shown, without AWS
settings; an ``Output`` block after a Python block is what it must print. The blocks
are also type-checked, as one module per page, with ``mypy --strict`` and pyright in
strict mode. ``tests/test_packaging.py`` runs the same pages in a fresh virtual
environment made from the built wheel.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sagemaker_typed import _errors
from tests.doc_runner import (
    NEEDS_AWS,
    html_comments,
    matches,
    output_claimed_in_comments,
    python_blocks,
    run_blocks,
    unattached_outputs,
)

REPO = Path(__file__).parents[1]
RUNNER = Path(__file__).parent / "doc_runner.py"


def documents() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


DOCUMENTS_WITH_CODE = [path for path in documents() if python_blocks(path)]
PAGE_IDS = [str(p.relative_to(REPO)) for p in DOCUMENTS_WITH_CODE]


def reader_environment() -> dict[str, str]:
    """A reader's environment: no AWS credentials, region or profile, no PYTHONPATH."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key != "PYTHONPATH"
    }
    environment.update(
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent/credentials",
        AWS_CONFIG_FILE="/nonexistent/config",
        AWS_EC2_METADATA_DISABLED="true",
    )
    return environment


def run_page(python: str | Path, page: Path, cwd: Path) -> list[dict[str, Any]]:
    """Run a page with ``python`` in a fresh process (``-P``: nothing of tests/ importable)."""
    done = subprocess.run(
        [str(python), "-P", str(RUNNER), str(page)],
        cwd=cwd,
        env=reader_environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def problems_of_page(page: Path, results: list[dict[str, Any]]) -> list[str]:
    """What differs between a page and its run: an error, or output other than shown."""
    shown = {block.line: block for block in python_blocks(page) if block.run}
    problems = []
    for result in results:
        block = shown[result["line"]]
        if result["error"] is not None:
            problems.append(f"{page}:{block.line}: the block raised\n{result['error']}")
        elif block.expected is not None and not matches(block.expected, result["output"]):
            problems.append(
                f"{page}:{block.expected_line}: the block printed\n{result['output']}"
                f"which is not what the page shows:\n{block.expected}"
            )
    if len(results) < len(shown) and not problems:
        problems.append(f"{page}: only {len(results)} of {len(shown)} blocks ran")
    return problems


@pytest.mark.parametrize("path", DOCUMENTS_WITH_CODE, ids=PAGE_IDS)
def test_page_runs_as_shown_and_prints_what_it_shows(path: Path, tmp_path: Path) -> None:
    problems = problems_of_page(path, run_page(sys.executable, path, tmp_path))
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("path", documents(), ids=[str(p.relative_to(REPO)) for p in documents()])
def test_page_has_no_html_comments(path: Path) -> None:
    assert html_comments(path) == [], "an HTML comment, which a reader never sees"


@pytest.mark.parametrize("path", documents(), ids=[str(p.relative_to(REPO)) for p in documents()])
def test_every_output_block_belongs_to_the_python_block_before_it(path: Path) -> None:
    assert unattached_outputs(path) == [], "an Output block that no Python block precedes"


@pytest.mark.parametrize("path", DOCUMENTS_WITH_CODE, ids=PAGE_IDS)
def test_page_shows_output_in_output_blocks_not_comments(path: Path) -> None:
    claims = [line for block in python_blocks(path) for line in output_claimed_in_comments(block)]
    assert claims == [], f"{path}: output in a comment, unchecked; use an Output block"


@pytest.fixture(scope="module")
def page_modules(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Each page's blocks as one module, at the page's line numbers: module -> page."""
    directory = tmp_path_factory.mktemp("pages")
    modules: dict[Path, Path] = {}
    for path in DOCUMENTS_WITH_CODE:
        stem = re.sub(r"\W", "_", str(path.relative_to(REPO)).removesuffix(".md")).lower()
        module = directory / f"doc_{stem}.py"
        lines: list[str] = []
        for block in python_blocks(path):
            lines += [""] * (block.line - 1 - len(lines))  # keep the Markdown line numbers
            lines += block.code.splitlines()
        module.write_text("\n".join(lines) + "\n")
        modules[module] = path
    return modules


def named_as_pages(report: str, modules: dict[Path, Path]) -> str:
    for module, path in modules.items():
        report = report.replace(str(module), str(path.relative_to(REPO)))
    return report


def test_page_code_passes_mypy_strict(page_modules: dict[Path, Path]) -> None:
    from mypy import api

    out, err, status = api.run(
        [
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--no-error-summary",
            *map(str, page_modules),
        ]
    )
    assert status == 0, named_as_pages(out + err, page_modules)


def test_page_code_and_examples_pass_pyright_strict(page_modules: dict[Path, Path]) -> None:
    """pyright in strict mode, as a pyright user's editor would check the same code.

    Two of strict's rules are warnings: boto3-stubs types ``client()`` as an overload
    whose services without installed stubs return Unknown (reportUnknownMemberType on
    every ``session.client``), and IPython's display protocol is ``_repr_html_``
    (reportPrivateUsage). An Unknown that reaches a variable, argument or return is
    still an error.
    """
    directory = next(iter(page_modules)).parent
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.11",
        "reportUnknownMemberType": "warning",
        "reportPrivateUsage": "warning",
        # pyright cannot follow the import hook of an editable install.
        "extraPaths": [str(REPO)],
    }
    (directory / "pyrightconfig.json").write_text(json.dumps(config))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyright",
            "--pythonpath",
            sys.executable,
            "--project",
            str(directory),
            *map(str, page_modules),
            *map(str, sorted((REPO / "examples").glob("*.py"))),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # The warnings' messages list every service of boto3-stubs: report the errors.
    errors = [line for line in done.stdout.splitlines() if " - error: " in line]
    assert done.returncode == 0, named_as_pages("\n".join(errors) + done.stderr, page_modules)


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


def test_readme_and_home_page_quickstarts_run_locally_and_show_their_output() -> None:
    """A pip user's first copy-paste: the local extra, then the quickstart, as one block."""
    for page in (REPO / "README.md", REPO / "docs" / "index.md"):
        text = page.read_text()
        assert 'pip install "sagemaker-typed[local]"' in text
        first = python_blocks(page)[0]
        assert first.run
        assert "LocalSageMaker(" in first.code
        assert first.expected is not None
        assert "Completed" in first.expected


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
    (result,) = {r.error for r in run_blocks(python_blocks(page), namespace)}
    assert result is None
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
        '```python title="Needs an AWS account"\n'
        "x = 2\n"
        "```\n"
        "\n"
        '```python title="Setup"\n'
        "y = 3\n"
        "```\n"
        "\n"
        "1. A list item:\n"
        "\n"
        "    ```py\n"
        "    print(x, y)\n"
        "    ```\n"
        '    ```text title="Output"\n'
        "    1 3\n"
        "    ```\n"
    )
    blocks = python_blocks(page)
    assert [(b.line, b.code, b.run, b.expected) for b in blocks] == [
        (4, "x = 1", True, None),
        (12, "x = 2", False, None),
        (16, "y = 3", True, None),  # another title: it runs
        (22, "print(x, y)", True, "1 3"),
    ]
    assert [(r.line, r.output, r.error) for r in run_blocks(blocks)] == [
        (4, "", None),
        (16, "", None),
        (22, "1 3\n", None),
    ]


def test_collector_tracebacks_point_at_the_markdown_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("text\n\n```python\nok = True\nraise RuntimeError('here')\n```\n")
    (result,) = run_blocks(python_blocks(page))
    assert result.error is not None
    assert f'File "{page}", line 5' in result.error
    assert result.error.rstrip().endswith("RuntimeError: here")


def test_output_comparison_is_line_for_line_with_ellipsis() -> None:
    assert matches(
        "Completed\narn:aws:sagemaker:...:training-job/x",
        "Completed\narn:aws:sagemaker:us-east-1:1:training-job/x\n",
    )
    assert matches("a\n...\nz", "a\nb\nc\nz\n")
    assert not matches("Completed", "Completed\nStopped\n")
    assert not matches("InProgress", "Completed\n")


def test_html_comments_and_claims_in_comments_are_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- a note -->\n"
        "<!--\n```python\nsecret = 1\n```\n-->\n"
        "Even quoted: `<!-- no-run -->`.\n"
        "```python\nprint(1)  # 1\nx = 2  # two\nprint(x)\n# 2\n```\n"
    )
    assert html_comments(page) == [1, 2, 7]
    claims = [line for block in python_blocks(page) for line in output_claimed_in_comments(block)]
    assert claims == [9, 12]


def test_output_blocks_after_text_or_a_block_that_does_not_run_are_found(
    tmp_path: Path,
) -> None:
    page = tmp_path / "page.md"
    output = '```text title="Output"\n1\n```\n'
    page.write_text(
        f"```python\nprint(1)\n```\n{output}"  # attached: lines 1-6
        f"```python\nprint(1)\n```\nSome text.\n{output}"  # line 12
        f'```python title="{NEEDS_AWS}"\nprint(1)\n```\n{output}'  # line 18
    )
    assert unattached_outputs(page) == [12, 18]


def test_a_page_runs_in_a_fresh_process_without_aws_settings(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nimport os, sys\nprint(sorted(k for k in os.environ if k.startswith('AWS_')))\n"
        "print('tests' in sys.modules, sys.stderr is sys.stdout)\n```\n"
    )
    (result,) = run_page(sys.executable, page, tmp_path)
    assert result["output"] == (
        "['AWS_CONFIG_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_SHARED_CREDENTIALS_FILE']\n"
        "False True\n"
    )
