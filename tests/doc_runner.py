"""Run a Markdown page's Python code the way a reader does, and compare what it prints.

The rules every page of README.md and docs/ follows (docs/testing.md says them too):

- The page's ```` ```python ```` blocks run in order, in one fresh interpreter, in one
  namespace, exactly as shown: nothing is added before, between or after them, no
  module is patched, and no AWS settings are provided. A page that uses the local
  backend or a fake clock says so in its own code.
- A block fenced as ```` ```python title="Needs an AWS account" ```` is compiled, not
  run: the reader sees the title over it. Keep them rare.
- No HTML comment anywhere: a reader never sees one, so no code, setup or marker may
  hide in it.
- A ```` ```text title="Output" ```` block right after a Python block (nothing but
  blank lines between) shows what that block prints, stdout and stderr together as a
  terminal shows them. It must match line for line; ``...`` stands for any text
  (request ids, ARNs, times). A block without one may print anything.
- Output is never claimed in comments (``print(x)  # 42``): it goes into an Output
  block, where it is checked.

Standard library only: the docs walk-through runs this file with the Python of a fresh
virtual environment that holds nothing but the built wheel and its ``local`` extra.

    python -P tests/doc_runner.py docs/waiters.md   # prints a JSON report
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

NEEDS_AWS = "Needs an AWS account"  # the title of a Python block that is not run
OUTPUT_INFO = 'text title="Output"'
TITLE = re.compile(r'\btitle="(?P<title>[^"]*)"')
FENCE = re.compile(
    r"^(?P<indent> *)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S
)


@dataclass(frozen=True)
class Block:
    """One Python block of a page, with the output the page shows for it (if any)."""

    path: str
    line: int  # of the block's first code line, 1-based
    code: str
    run: bool
    expected: str | None  # the Output block's text
    expected_line: int | None  # the Output block's first line


@dataclass(frozen=True)
class Result:
    line: int
    output: str
    error: str | None  # a traceback, with the page's file and line numbers


def _dedent(body: str, indent: int) -> str:
    return "\n".join(line[indent:] for line in body.splitlines())


def python_blocks(path: Path) -> list[Block]:
    """The page's Python blocks, in order, each with the Output block that follows it."""
    text = path.read_text()
    fences = list(FENCE.finditer(text))
    blocks: list[Block] = []
    for index, match in enumerate(fences):
        language = match["info"].strip().split(" ")[0].lower()
        if language not in ("python", "py"):
            continue
        title = TITLE.search(match["info"])
        indent = len(match["indent"])
        expected = expected_line = None
        if index + 1 < len(fences):
            after = fences[index + 1]
            between = text[match.end() : after.start()]
            if after["info"].strip() == OUTPUT_INFO and not between.strip():
                expected = _dedent(after["body"], len(after["indent"]))
                expected_line = text.count("\n", 0, after.start("body")) + 1
        blocks.append(
            Block(
                path=str(path),
                line=text.count("\n", 0, match.start("body")) + 1,
                code=_dedent(match["body"], indent),
                run=title is None or title["title"] != NEEDS_AWS,
                expected=expected,
                expected_line=expected_line,
            )
        )
    return blocks


def html_comments(path: Path) -> list[int]:
    """Lines where an HTML comment opens: text a reader would not see."""
    lines = path.read_text().splitlines()
    return [number for number, line in enumerate(lines, 1) if "<!--" in line]


def unattached_outputs(path: Path) -> list[int]:
    """Lines of Output blocks that follow no Python block that runs: nothing checks them."""
    attached = {block.expected_line for block in python_blocks(path) if block.run}
    text = path.read_text()
    return [
        line
        for match in FENCE.finditer(text)
        if match["info"].strip() == OUTPUT_INFO
        and (line := text.count("\n", 0, match.start("body")) + 1) not in attached
    ]


CLAIM = re.compile(r"\bprint\(.*\)\s*#")


def output_claimed_in_comments(block: Block) -> list[int]:
    """Lines where a block shows output in a comment (``print(x)  # 42``), unchecked."""
    found = []
    lines = block.code.splitlines()
    for number, line in enumerate(lines):
        previous = lines[number - 1].strip() if number else ""
        if CLAIM.search(line) or (
            line.strip().startswith("#")
            and (previous.startswith("print(") or CLAIM.search(previous))
        ):
            found.append(block.line + number)
    return found


def matches(expected: str, actual: str) -> bool:
    """Line for line equality, ``...`` standing for any text (within or across lines)."""
    expected_lines = [line.rstrip() for line in expected.strip("\n").splitlines()]
    actual_text = "\n".join(line.rstrip() for line in actual.strip("\n").splitlines())
    pattern = ".*?".join(re.escape(part) for part in "\n".join(expected_lines).split("..."))
    return re.fullmatch(pattern, actual_text, re.S) is not None


def run_blocks(blocks: list[Block], namespace: dict[str, Any] | None = None) -> list[Result]:
    """Run the blocks in order in one namespace; stop at the first that raises."""
    namespace = {"__name__": "__main__"} if namespace is None else namespace
    results: list[Result] = []
    for block in blocks:
        # Padding keeps the Markdown line numbers in tracebacks.
        compiled = compile("\n" * (block.line - 1) + block.code, block.path, "exec")
        if not block.run:
            continue
        output = io.StringIO()
        error = None
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            try:
                exec(compiled, namespace)
            except BaseException:  # a page's SystemExit or KeyboardInterrupt too
                error = traceback.format_exc()
            sys.stdout.flush()
        results.append(Result(block.line, output.getvalue(), error))
        if error is not None:
            break
    return results


def main(argv: list[str]) -> int:
    (page,) = argv
    results = run_blocks(python_blocks(Path(page)))
    print(json.dumps([asdict(result) for result in results]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
