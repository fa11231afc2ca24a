r"""Translate the service model's (Java) patterns into Python ``re`` syntax.

The service checks patterns with ``java.util.regex``. The translated pattern is
compiled with ``re.ASCII`` (Java's ``\d``, ``\w``, ``\s`` and ``\b`` are ASCII) and
matched with ``fullmatch`` (botocore strips the patterns' ``^...$`` anchors). What
Python's ``re`` lacks is spelled out here, at generation time:

- ``\p{L}``, ``\p{N}``, ``\p{Z}`` (Unicode letters, numbers, separators) become
  explicit code point ranges computed from ``unicodedata``;
- ``\p{Alnum}`` is a POSIX class, ASCII-only in Java: ``a-zA-Z0-9``;
- ``.`` outside a class matches anything but Java's line terminators
  (``\n``, ``\r``, U+0085, U+2028, U+2029), where Python's excludes only ``\n``.

An escape this module does not know fails generation: nothing is silently skipped.

A spelled-out Unicode class is thousands of ranges, which take ``re`` milliseconds to
compile. ``ascii_only=True`` translates a pattern for values made of ASCII characters
only, keeping the ASCII members of each Unicode class: the same verdict on such a
value (a negated class included), at the cost of a short class.
"""

from __future__ import annotations

import functools
import sys
import unicodedata

_CATEGORIES = {
    "L": ("Lu", "Ll", "Lt", "Lm", "Lo"),
    "N": ("Nd", "Nl", "No"),
    "Z": ("Zs", "Zl", "Zp"),
}
_POSIX = {"Alnum": "a-zA-Z0-9", "Alpha": "a-zA-Z", "Digit": "0-9", "Upper": "A-Z", "Lower": "a-z"}
_JAVA_DOT = r"[^\n\r\u0085\u2028\u2029]"


def _escape_code_point(code_point: int) -> str:
    char = chr(code_point)
    # Letters and digits as themselves: readable, and a third of an escape's bytes in
    # the installed files. The rest escaped: ASCII punctuation can mean something in a
    # class, and separators such as U+2028 end a line for some readers.
    if char.isalnum() if code_point < 0x80 else unicodedata.category(char)[0] in "LN":
        return char
    if code_point <= 0xFFFF:
        return f"\\u{code_point:04x}"
    return f"\\U{code_point:08x}"


@functools.cache
def unicode_class_ranges(name: str, ascii_only: bool = False) -> str:
    """The body of a character class (no brackets) for the Unicode category ``name``
    (its ASCII members only, with ``ascii_only``)."""
    if name in _POSIX:
        return _POSIX[name]
    if name not in _CATEGORIES:
        raise ValueError(f"unsupported Unicode class \\p{{{name}}}")
    wanted = _CATEGORIES[name]
    ranges: list[tuple[int, int]] = []
    for code_point in range(0x80 if ascii_only else sys.maxunicode + 1):
        if unicodedata.category(chr(code_point)) in wanted:
            if ranges and ranges[-1][1] == code_point - 1:
                ranges[-1] = (ranges[-1][0], code_point)
            else:
                ranges.append((code_point, code_point))
    parts = []
    for low, high in ranges:
        if low == high:
            parts.append(_escape_code_point(low))
        else:
            parts.append(f"{_escape_code_point(low)}-{_escape_code_point(high)}")
    return "".join(parts)


def _property_name(pattern: str, start: int) -> tuple[str, int]:
    """Read ``{Name}`` or a one-letter name after ``\\p``; return it and the next index."""
    if pattern[start] == "{":
        end = pattern.index("}", start)
        return pattern[start + 1 : end], end + 1
    return pattern[start], start + 1


def java_to_python(pattern: str, *, ascii_only: bool = False) -> str:
    """Translate one Java pattern; the result is meant for ``re.fullmatch`` with ``re.ASCII``
    (with ``ascii_only``: for values of ASCII characters only)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escaped = pattern[i + 1]
            if escaped in "pP":
                name, i = _property_name(pattern, i + 2)
                body = unicode_class_ranges(name, ascii_only)
                if escaped == "P":
                    if in_class:
                        raise ValueError(f"\\P inside a class is not supported: {pattern!r}")
                    out.append(f"[^{body}]")
                else:
                    out.append(body if in_class else f"[{body}]")
                continue
            if escaped.isalpha() and escaped not in "dDwWsSbBntrfvx":
                raise ValueError(f"unsupported escape \\{escaped} in {pattern!r}")
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class and out[-1] != "[":
            in_class = False
        elif char == "." and not in_class:
            out.append(_JAVA_DOT)
            i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)
