"""HTML pages to plain text the table parser reads: one table row per line, cells split by tabs.

Page chrome (scripts, styles, navigation, headers, footers) is dropped; `<br>` inside a cell
becomes a space so a wrapped label stays one cell; colspan repeats empty cells so positions hold.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "head", "iframe"}
_BLOCK = {
    "p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "table", "thead", "tbody", "tfoot", "title", "blockquote", "pre", "center",
}
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<table|<div|<p[\s>])", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048]))


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.colspan = 1

    def _flush_line(self) -> None:
        line = "".join(self.current).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        elif self.skip_depth:
            return
        elif tag == "tr":
            self._flush_line()
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.colspan = int(span) if span.isdigit() and 0 < int(span) < 100 else 1
        elif tag == "br":
            (self.cell if self.cell is not None else self.current).append(
                " " if self.cell is not None else "\n"
            )
        elif tag in _BLOCK and self.cell is None:
            self._flush_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif self.skip_depth:
            return
        elif tag in ("td", "th") and self.cell is not None:
            text = re.sub(r"\s+", " ", "".join(self.cell)).strip()
            if self.row is None:
                self.row = []
            self.row.extend([text] + [""] * (self.colspan - 1))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.lines.append("\t".join(self.row))
            self.row = None
        elif tag in _BLOCK and self.cell is None:
            self._flush_line()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    builder = _TextBuilder()
    builder.feed(html)
    builder.close()
    builder._flush_line()
    lines = [ln for part in builder.lines for ln in part.split("\n")]
    return "\n".join(line.rstrip(" ") for line in lines if line.strip())
