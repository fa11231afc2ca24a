"""The model diff that a regeneration writes into the CHANGELOG."""

from __future__ import annotations

from tools.model_diff import add_to_changelog, describe_changes

OLD = """
from sagemaker_typed._schema import Member, Shape
SHAPES = {
    'Status': Shape('string', enum=('A', 'B')),
    'Name': Shape('string'),
    'Gone': Shape('structure', cls='Gone'),
    'Job': Shape('structure', cls='Job'),
}
MEMBERS = {
    'Gone': (),
    'Job': (
        Member('name', 'Name', True, 'Name'),
        Member('status', 'Status', False, 'Status'),
        Member('role', 'Role', False, 'Name'),
        Member('old', 'Old', False, 'Name'),
    ),
}
"""

NEW = """
from sagemaker_typed._schema import Member, Shape
SHAPES = {
    'Status': Shape('string', enum=('B', 'C')),
    'Name': Shape('string'),
    'Fresh': Shape('structure', cls='Fresh'),
    'Job': Shape('structure', cls='Job'),
}
MEMBERS = {
    'Fresh': (),
    'Job': (
        Member('name', 'Name', True, 'Name'),
        Member('status', 'Status', False, 'Status'),
        Member('role', 'Role', True, 'Name'),
        Member('extra', 'Extra', False, 'Name'),
        Member('must', 'Must', True, 'Name'),
    ),
}
"""


def test_every_kind_of_change_is_listed_breaking_first() -> None:
    assert describe_changes(OLD, NEW) == [
        "- Removed class `Gone`.",
        "- Removed field `Job.old`.",
        "- Added required field `Job.must`.",
        "- `Job.role` is now required.",
        "- Enum `Status` lost 'A'.",
        "- Added class `Fresh`.",
        "- Added field `Job.extra`.",
        "- Enum `Status` gained 'C'.",
    ]


def test_no_changes_no_lines() -> None:
    assert describe_changes(OLD, OLD) == []


def test_changes_go_under_unreleased() -> None:
    changelog = "# Changelog\n\n## [Unreleased]\n\n### Added\n- x\n\n## [0.1.0]\n"
    updated = add_to_changelog(changelog, "botocore 1.44.5 -> 1.45.0", ["- Added class `X`."])
    assert updated == (
        "# Changelog\n\n## [Unreleased]\n\n### Model changes (botocore 1.44.5 -> 1.45.0)\n\n"
        "- Added class `X`.\n\n### Added\n- x\n\n## [0.1.0]\n"
    )
    assert add_to_changelog(changelog, "h", []) == changelog
