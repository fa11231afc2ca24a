"""The package as users get it: built with ``python -m build``, installed from the wheel.

The sdist and the wheel carry the license; the sdist leaves the tests out on purpose
(README.md says so); the metadata has the project URLs, the classifiers and no pins of
the ``dev`` group. And the docs walk-through: a fresh virtual environment with nothing
but the built wheel and its ``local`` extra runs every page of README.md and docs/
exactly as shown and prints what the pages show.
"""

from __future__ import annotations

import email
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.message import Message
from pathlib import Path

import pytest

from tests.test_docs import DOCUMENTS_WITH_CODE, REPO, problems_of_page, run_page

pytestmark = pytest.mark.slow


class Dist:
    def __init__(self, directory: Path) -> None:
        (self.wheel,) = directory.glob("*.whl")
        (self.sdist,) = directory.glob("*.tar.gz")

    def wheel_names(self) -> list[str]:
        with zipfile.ZipFile(self.wheel) as wheel:
            return wheel.namelist()

    def sdist_names(self) -> list[str]:
        with tarfile.open(self.sdist) as sdist:
            # Without the leading "sagemaker_typed-<version>/".
            return [name.partition("/")[2] for name in sdist.getnames()]

    def metadata(self) -> Message:
        with zipfile.ZipFile(self.wheel) as wheel:
            (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
            return email.message_from_bytes(wheel.read(name))


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """``python -m build``: the sdist, and the wheel built from it."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return Dist(out)


def test_license_is_in_the_repository_the_wheel_and_the_sdist(dist: Dist) -> None:
    text = (REPO / "LICENSE").read_text()
    assert "Apache License" in text
    assert "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in dist.wheel_names())
    assert "LICENSE" in dist.sdist_names()
    assert dist.metadata()["License-Expression"] == "Apache-2.0"


def test_sdist_leaves_the_tests_out_as_the_readme_says(dist: Dist) -> None:
    names = dist.sdist_names()
    assert "sagemaker_typed/py.typed" in names
    assert "sagemaker_typed/models.py" in names or "sagemaker_typed/models/__init__.py" in names
    assert not [name for name in names if name.startswith("tests/")]
    readme = " ".join((REPO / "README.md").read_text().split())
    assert "The sdist leaves the tests out on purpose" in readme


def test_metadata_has_urls_classifiers_and_no_development_pins(dist: Dist) -> None:
    metadata = dist.metadata()
    classifiers = metadata.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL") or [])
    assert {"Homepage", "Documentation", "Source", "Issues", "Changelog"} <= set(urls)
    assert "dev" not in (metadata.get_all("Provides-Extra") or [])
    requires = metadata.get_all("Requires-Dist") or []
    assert requires
    pinned = [r for r in requires if "==" in r.partition(";")[0]]
    assert not pinned, "a pin reaches users"
    # typing-extensions is imported for type checkers only (they bring its stubs).
    runtime = {re.split(r"[ <>=!~;\[]", r, maxsplit=1)[0] for r in requires if "extra ==" not in r}
    assert runtime == {"boto3", "botocore", "attrs"}


def what_the_pages_install() -> tuple[set[str], set[str]]:
    """The extras and other packages of every ``pip install`` in README.md and docs/."""
    extras: set[str] = set()
    others: set[str] = set()
    for page in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        for command in re.findall(r"pip install ([^`#\n]+)", page.read_text()):
            for word in command.split():
                word = word.strip("\"'")
                name, _, rest = word.partition("[")
                if name == "sagemaker-typed":
                    extras.update(filter(None, rest.rstrip("]").split(",")))
                elif re.fullmatch(r"[A-Za-z][\w.-]*", word):
                    others.add(word)
    return extras, others


def test_the_pages_install_lines_are_read() -> None:
    extras, others = what_the_pages_install()
    assert {"local", "pandas", "plot"} <= extras
    assert "pytest" in others


def test_docs_walkthrough_in_a_fresh_environment_from_the_wheel(dist: Dist, tmp_path: Path) -> None:
    """A reader's run: a new venv, what the pages say to install, every page as shown."""
    extras, others = what_the_pages_install()
    assert "local" in extras
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [
            *(str(python), "-m", "pip", "install", "--quiet"),
            f"{dist.wheel}[{','.join(sorted(extras))}]",
            *sorted(others),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    where = subprocess.run(
        [str(python), "-c", "import sagemaker_typed; print(sagemaker_typed.__file__)"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(environment)), "not the installed wheel"
    problems = []
    for page in DOCUMENTS_WITH_CODE:
        problems += problems_of_page(page, run_page(python, page, tmp_path))
    assert not problems, "\n\n".join(problems)
