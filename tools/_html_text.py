"""Turn the service model's HTML documentation into plain text for docstrings."""

from __future__ import annotations

import html.parser
import re
import textwrap

_BLOCKS = {"p", "note", "important", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "div"}
_NOTE_LABELS = {"note": "Note: ", "important": "Important: "}


class _TextCollector(html.parser.HTMLParser):
    """Collects paragraphs; list items become ``- `` bullets indented by depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._list_depth = 0
        self._prefix = ""

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._current)).strip()
        if text:
            self.paragraphs.append(self._prefix + text)
            self._prefix = ""
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            self._list_depth += 1
        elif tag == "li":
            self._flush()
            self._prefix = "  " * (self._list_depth - 1) + "- "
        elif tag in _NOTE_LABELS:
            self._flush()
            self._prefix = _NOTE_LABELS[tag]
        elif tag in _BLOCKS:
            if tag == "p" and self._prefix and not self._current:
                return  # keep a bullet or note label for the paragraph that follows
            self._flush()
        elif tag == "br":
            self._current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            self._list_depth = max(0, self._list_depth - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(doc: str, width: int = 84) -> str:
    """Plain text of ``doc``: paragraphs separated by blank lines, wrapped to ``width``."""
    collector = _TextCollector()
    collector.feed(doc)
    collector.close()
    text = ""
    previous_was_bullet = False
    for paragraph in collector.paragraphs:
        bullet = re.match(r"(\s*- )", paragraph)
        indent = " " * len(bullet.group(1)) if bullet else ""
        if text:
            text += "\n" if bullet and previous_was_bullet else "\n\n"
        previous_was_bullet = bullet is not None
        text += textwrap.fill(
            paragraph,
            width=width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return text
