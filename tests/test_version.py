"""One version, in three places: pyproject.toml, sagemaker_typed.__version__, CHANGELOG.md."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import sagemaker_typed

REPO = Path(__file__).parents[1]


def project_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as file:
        version: str = tomllib.load(file)["project"]["version"]
    return version


def changelog_versions() -> list[str]:
    """The versions of the CHANGELOG's release headings, newest first."""
    text = (REPO / "CHANGELOG.md").read_text()
    return re.findall(r"^## \[([^\]]+)\]", text, re.M)


def test_package_version_is_the_project_version() -> None:
    assert sagemaker_typed.__version__ == project_version()


def test_changelog_has_the_version_as_its_latest_release() -> None:
    versions = changelog_versions()
    assert versions[0] == "Unreleased"  # Keep a Changelog: changes not yet released
    assert versions[1] == project_version()


def test_changelog_release_headings_are_well_formed() -> None:
    text = (REPO / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## .*$", text, re.M)
    pattern = r"## \[Unreleased\]|## \[\d+\.\d+\.\d+\] - (Unreleased|\d{4}-\d{2}-\d{2})"
    assert all(re.fullmatch(pattern, heading) for heading in headings), headings
    assert len(set(changelog_versions())) == len(changelog_versions())
