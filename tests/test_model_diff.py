"""The model diff that a regeneration writes into the CHANGELOG."""

from __future__ import annotations

from tools.model_diff import add_to_changelog, describe_changes

OLD = """
SHAPES = {
    'Status': ('string', None, None, None, None, None, ('A', 'B')),
    'Name': ('string',),
    'Gone': ('structure', 'Gone'),
}
SHARED_SHAPES = {
    'Job': ('structure', 'Job'),
}
MEMBERS = {
    'Gone': (),
    'Job': (
        ('name', 'Name', True, 'Name'),
        ('status', 'Status', False, 'Status'),
        ('role', 'Role', False, 'Name'),
        ('old', 'Old', False, 'Name'),
    ),
}
"""

NEW = """
SHAPES = {
    'Status': ('string', None, None, None, None, None, ('B', 'C')),
    'Name': ('string',),
    'Fresh': ('structure', 'Fresh'),
    'Job': ('structure', 'Job'),
}
MEMBERS = {
    'Fresh': (),
    'Job': (
        ('name', 'Name', True, 'Name'),
        ('status', 'Status', False, 'Status'),
        ('role', 'Role', True, 'Name'),
        ('extra', 'Extra', False, 'Name'),
        ('must', 'Must', True, 'Name'),
    ),
}
"""


def test_every_kind_of_change_is_listed_breaking_first() -> None:
    assert describe_changes([OLD], [NEW]) == [
        "- Removed class `Gone`.",
        "- Removed field `Job.old`.",
        "- Added required field `Job.must`.",
        "- `Job.role` is now required.",
        "- Enum `Status` lost 'A'.",
        "- Added class `Fresh`.",
        "- Added field `Job.extra`.",
        "- Enum `Status` gained 'C'.",
    ]


def test_an_enum_named_by_its_alias_is_read_from_the_model_module() -> None:
    # SageMaker's rows name the models' Literal alias; its values are in the family module.
    old = "SHAPES = {'Status': ('string', None, None, None, None, None, 'Status')}"
    new_family = 'Status: TypeAlias = Literal[\n    "A", "C",\n]\n'
    old_family = 'Status: TypeAlias = Literal[\n    "A", "B",\n]\n'
    assert describe_changes([old, old_family], [old, new_family]) == [
        "- Enum `Status` lost 'B'.",
        "- Enum `Status` gained 'C'.",
    ]


def test_no_changes_no_lines() -> None:
    assert describe_changes([OLD], [OLD]) == []


def test_changes_go_under_unreleased() -> None:
    changelog = "# Changelog\n\n## [Unreleased]\n\n### Added\n- x\n\n## [0.1.0]\n"
    updated = add_to_changelog(changelog, "botocore 1.44.5 -> 1.45.0", ["- Added class `X`."])
    assert updated == (
        "# Changelog\n\n## [Unreleased]\n\n### Model changes (botocore 1.44.5 -> 1.45.0)\n\n"
        "- Added class `X`.\n\n### Added\n- x\n\n## [0.1.0]\n"
    )
    assert add_to_changelog(changelog, "h", []) == changelog
