"""What a pattern of the service model asks for, in words, where that can be said.

``validate()`` reports a value that does not match a pattern as ``must be <hint>;
pattern ^...$``: the hint says what is expected (an ARN of a service, with the
12-digit account where the pattern asks for one; an S3 URI; a name of letters,
digits and hyphens; one of a few values; which characters are allowed), the pattern
stays for the details. A pattern no rule reads gets no hint, never a wrong one.
"""

from __future__ import annotations

import re

__all__ = ["pattern_hint"]

_NAME = r"\[a-zA-Z0-9\]\(-\*\[a-zA-Z0-9\]\)(?:\*|\{0,\d+\})"
_NAME_WORDS = "a name of letters, digits and hyphens, starting and ending with a letter or digit"
_ACCOUNT = {"[0-9]{12}": "<12-digit account>", r"\d{12}": "<12-digit account>"}
_CLASS_PARTS = (
    ("a-z", "lowercase letters"),
    ("A-Z", "uppercase letters"),
    ("0-9", "digits"),
    (r"\p{L}", "letters"),
    (r"\p{N}", "digits"),
    (r"\p{Z}", "spaces"),
)
_META = set("[](){}*+?|\\^$.")


def pattern_hint(pattern: str) -> str | None:
    """The words for ``pattern`` (botocore's, anchors stripped), or ``None``."""
    if re.fullmatch(_NAME, pattern):
        return _NAME_WORDS
    if pattern.startswith("arn:") and "(?" not in pattern:
        return _arn(pattern)
    if pattern.startswith("(https|s3)://"):
        return "an S3 URI (s3://bucket/key) or an HTTPS URL"
    if re.fullmatch(r"https://\(\[\^/\]\+\)/\?\(\.\*\)\$\|\^" + _NAME, pattern):
        return f"an HTTPS URL or {_NAME_WORDS}"
    if pattern.startswith(r"(arn:aws[a-z\-]*:sagemaker:") and pattern.endswith(")(?<!-)"):
        return f"{_NAME_WORDS}, or the ARN of one (arn:aws:sagemaker:<region>:<12-digit account>:…)"
    if pattern == "(fs-[0-9a-f]{8,})":
        return "a file system id: fs- and at least 8 hexadecimal digits"
    if pattern == r"\d+K":
        return "a whole number of kilobytes, such as 512K"
    if pattern == "[a-zA-Z_][a-zA-Z0-9_]*":
        return "an identifier of letters, digits and underscores, not starting with a digit"
    literals = re.fullmatch(r"\(([\w.-]+(?:\|[\w.-]+)+)\)", pattern)
    if literals:
        return f"one of: {', '.join(literals.group(1).split('|'))}"
    characters = re.fullmatch(r"\(?\[([^\]]+)\][*+]\)?", pattern)
    if characters:
        return _characters(characters.group(1))
    return None


def _arn(pattern: str) -> str | None:
    """``an ARN like arn:aws:<service>:<region>:<12-digit account>:<resource>…``."""
    parts = pattern.split(":")
    if len(parts) < 6 or not re.fullmatch(r"[a-z0-9-]+", parts[2]):
        return None
    region = "" if parts[3] == "" else "<region>"
    account = _ACCOUNT.get(parts[4])
    if account is None:
        return None
    resource = ":".join(parts[5:])
    literal = ""
    for index, char in enumerate(resource):
        if char in _META:
            if char in "?*{" and literal:
                literal = literal[:-1]  # the character before an optional part may be absent
            break
        literal += char
        if index == len(resource) - 1:
            return f"an ARN of {parts[2]}: arn:aws:{parts[2]}:{region}:{account}:{literal}"
    return f"an ARN of {parts[2]}: arn:aws:{parts[2]}:{region}:{account}:{literal}…"


def _characters(body: str) -> str | None:
    """``only letters, digits and _ . :`` for a character class such as ``[a-zA-Z0-9_.:]``."""
    words: list[str] = []
    for part, word in _CLASS_PARTS:
        if part in body:
            body = body.replace(part, "")
            words.append(word)
    if "lowercase letters" in words and "uppercase letters" in words:
        words.remove("uppercase letters")
        words[words.index("lowercase letters")] = "letters"
    if "\\" in body.replace("\\-", "").replace("\\.", ""):
        return None  # an escape no rule reads
    others = sorted(set(body.replace("\\", "")), key=body.index)
    if others:
        words.append(" ".join(others))
    if not words:
        return None
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"made of {listed} only"
