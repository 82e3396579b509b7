"""HTML pages to plain text the table parser reads: one table row per line, cells split by tabs.

The page is read into a small tree first (end tags that HTML lets authors omit, such as `</td>`,
`</tr>` and `</p>`, are closed where a browser would close them), then written out:
- page chrome is dropped: scripts, styles, forms, `<nav>`/`<footer>`, a `<header>` outside the
  article, elements hidden with `display:none`, and blocks whose class or id names navigation,
  breadcrumbs, menus or footers. The page `<title>` comes first: it names the report, and the
  metadata reads the title from the first line.
- a data table (no table nested inside) is one line per row, cells joined by tabs, like a browser
  copy of the table (a cell holding only &nbsp; stays one NBSP). A cell's own line breaks
  (`<br>`, `<p>`, source newlines) are dropped between characters and kept as one space between
  digits or letters, so "本年新<br>制作数量" stays one label and "12<br>5" never fuses into 125.
- spans keep value positions: a number or empty cell spanning columns is followed by empty cells,
  and one spanning rows leaves an empty cell in the rows below. A label spanning columns or rows is
  written once, on its first row, as a browser copy does (so a row reads label, then its values).
- a layout table (one that holds tables, or has a single column) is read as blocks of text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

from ingest.cell_text import is_cell_value

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "nav", "footer",
                   "form", "select", "button", "svg", "object", "head"})
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "aside", "header", "h1", "h2", "h3", "h4", "h5",
    "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td",
    "th", "caption", "title", "blockquote", "pre", "center", "address", "figure", "hr", "body",
})
# Class or id words of page chrome (split at spaces, "-" and "_": "site-nav", "foot_bar").
_CHROME_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs",
                           "crumb", "crumbs", "footer", "foot", "copyright", "sidebar", "share",
                           "toolbar", "topbar"})
# Elements that hold the page's content: never dropped for their class or id.
_NEVER_CHROME = frozenset({"html", "body", "main", "article", "table", "tr", "td", "th"})
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Characters between which a line break or space inside a cell is kept (as one space).
_WORD_CHAR = re.compile(r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<table|<div|<p[\s>])", re.I)
_MAX_SPAN = 100
_SPAN = re.compile(r"\s*(\d+)")
_SPACES = re.compile(r"\s+")
_HTML_SPACES = re.compile(r"[ \t\r\n\f]+")
_CAPTION_TAG = re.compile(r"<caption", re.I)
_HEADER_TAG = re.compile(r"<header", re.I)
# Deeper elements are folded into their ancestor at this depth: the tree is walked recursively,
# and no real report page nests anywhere near this deep.
_MAX_DEPTH = 200
_BREAK = "\n"  # a line break inside a cell, before cells are squashed


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048]))


# ---- tree ----------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Node:
    tag: str
    attrs: dict[str, str]  # read only: nodes with the same attributes may share one dict
    children: list[_Node | str] = field(default_factory=list)

    def contains(self, tag: str) -> bool:
        stack = [self]
        while stack:
            for child in stack.pop().children:
                if isinstance(child, _Node):
                    if child.tag == tag:
                        return True
                    stack.append(child)
        return False


# Opening the key tag closes the innermost open value tag when it is reached before any of the
# boundary tags (a browser's implied end tags).
_IMPLIED_END: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr"}), frozenset({"table"})),
    "li": (frozenset({"li"}), frozenset({"ul", "ol"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
}
for _section in ("thead", "tbody", "tfoot"):
    _IMPLIED_END[_section] = (frozenset({"tr", "thead", "tbody", "tfoot"}), frozenset({"table"}))
_P_CLOSERS = _BLOCK - {"td", "th", "tr", "caption", "thead", "tbody", "tfoot", "title", "body"}
_P = frozenset({"p"})
_P_BOUNDS = frozenset({"td", "th", "table", "li"})

# The one (targets, bounds) rule of implied end tags that opening a tag applies, for the tags the
# fast path opens itself (tags with no rule open as they are); void tags and those with two rules
# go through _TreeBuilder.open.
_ONE_RULE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    **{tag: (_P, _P_BOUNDS) for tag in _P_CLOSERS}, **_IMPLIED_END}
_NOT_FAST = _VOID | (_P_CLOSERS & frozenset(_IMPLIED_END))


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]

    def _close_innermost(self, targets: frozenset[str], bounds: frozenset[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in targets:
                del self.stack[i:]
                return
            if tag in bounds:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open(tag, {k: v or "" for k, v in attrs})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def open(self, tag: str, attrs: dict[str, str]) -> None:
        stack = self.stack
        if len(stack) >= _MAX_DEPTH:
            if tag in _BLOCK:
                stack[-1].children.append(_BREAK)
            return
        node = _Node(tag, attrs)
        if tag in _IMPLIED_END:
            self._close_innermost(*_IMPLIED_END[tag])
        if tag in _P_CLOSERS:
            self._close_innermost(_P, _P_BOUNDS)
        stack[-1].children.append(node)
        if tag not in _VOID:
            stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
            if self.stack[i].tag == "table":
                return  # a stray end tag inside a table closes nothing outside it

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


# ---- fast path: the plain markup of report pages, read as HTMLParser (Python 3.11) reads it ------
# HTMLParser spends most of its time finding where each tag ends. Pages whose every "<" opens one of
# these plain forms are cut with one regex instead: a start tag whose attributes are separated by
# ASCII spaces, with quoted values or bare values without spaces; an end tag; a comment; a doctype;
# a processing instruction. Anything else (a stray "<", a marked section, odd spacing) makes the
# whole page go through HTMLParser, so the tree never depends on which path read it.
_SPACE = "[ \t\n\r\f]"
_ATTR_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_ATTR_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
# Groups: the text before the markup, then a start tag's name, attributes and "/", or an end tag's
# name (HTMLParser's endtagfind); comments, doctypes and processing instructions give none.
_FAST_TOKEN = re.compile(
    rf"([^<]*)<(?:([a-zA-Z][-a-zA-Z0-9:_.]*)"
    rf"((?:{_SPACE}+{_ATTR_NAME}(?:{_SPACE}*={_SPACE}*{_ATTR_VALUE})?)*){_SPACE}*(/?)>"
    r"|/\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>"
    r"|!--.*?--\s*>|![dD][oO][cC][tT][yY][pP][eE][^>]*>|\?[^>]*>)",
    re.S,
)
_FAST_ATTR = re.compile(rf"{_SPACE}+({_ATTR_NAME})(?:{_SPACE}*={_SPACE}*({_ATTR_VALUE}))?")
_CDATA_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.I)
              for tag in HTMLParser.CDATA_CONTENT_ELEMENTS}


@lru_cache(maxsize=4096)
def _fast_attrs(text: str) -> dict[str, str]:
    """The attributes of a start tag as a node holds them (pages repeat them: cached, shared)."""
    attrs: dict[str, str] = {}
    for name, raw in _FAST_ATTR.findall(text):
        value = raw[1:-1] if raw[:1] in ("'", '"') else raw
        attrs[name.lower()] = unescape(value) if value else ""
    return attrs


def _fast_feed(builder: _TreeBuilder, html: str) -> bool:
    """Feed the page's tokens to the builder; False at the first markup outside the plain forms
    (the builder is then half fed and must be dropped).

    The builder's open() and handle_endtag() are inlined for the common tags (a page has hundreds
    of them); tags the builder has a rule for, and a tree at its depth limit, go through it.
    """
    pos = 0
    stack = builder.stack  # the builder only ever shortens it in place
    node_new = _Node
    while True:
        cdata_at = -1
        for m in _FAST_TOKEN.finditer(html, pos):
            if m.start() != pos:  # no plain token at pos, and a "<" further on
                return False
            pos = m.end()
            text, start, attrs, close, end = m.groups()
            if text:
                stack[-1].children.append(unescape(text) if "&" in text else text)  # handle_data
            if start:
                tag = start.lower()
                node_attrs = _fast_attrs(attrs) if attrs else {}
                if close:
                    stack[-1].children.append(node_new(tag, node_attrs, []))
                    continue
                if tag in _NOT_FAST or len(stack) >= _MAX_DEPTH:
                    builder.open(tag, node_attrs)
                else:  # builder.open, deciding at the innermost open tag where it can
                    if rule := _ONE_RULE.get(tag):
                        top = stack[-1].tag
                        if top in rule[0] and len(stack) > 1:
                            del stack[-1]
                        elif top not in rule[1]:
                            builder._close_innermost(*rule)
                    node = node_new(tag, node_attrs, [])
                    stack[-1].children.append(node)
                    stack.append(node)
                if tag in _CDATA_END:  # script, style: raw text up to the end tag
                    cdata_at = pos
                    break
            elif end:
                tag = end.lower()
                if stack[-1].tag == tag and len(stack) > 1:  # handle_endtag, closing the innermost
                    del stack[-1]
                else:
                    builder.handle_endtag(tag)
        if cdata_at < 0:
            break
        cdata_end = _CDATA_END[tag].search(html, cdata_at)
        if cdata_end is None:
            return False
        if cdata_end.start() > cdata_at:
            builder.handle_data(html[cdata_at:cdata_end.start()])
        builder.handle_endtag(tag)
        pos = cdata_end.end()
    if html.find("<", pos) >= 0:
        return False
    if pos < len(html):
        builder.handle_data(unescape(html[pos:]))
    return True


def _parse(html: str) -> _Node:
    builder = _TreeBuilder()
    if not _fast_feed(builder, html):
        builder = _TreeBuilder()
        builder.feed(html)
        builder.close()
    return builder.root


# ---- writing text --------------------------------------------------------------------------------
def _is_chrome(node: _Node) -> bool:
    attrs = node.attrs
    if not attrs:
        return node.tag in _SKIP
    verdict = _chrome_by_attrs(
        node.tag, attrs.get("style", ""), attrs.get("class", ""), attrs.get("id", "")
    )
    # Chrome never holds the report's tables: a block that does is kept whatever its name.
    return not node.contains("table") if verdict is None else verdict


@lru_cache(maxsize=4096)
def _chrome_by_attrs(tag: str, style: str, class_: str, id_: str) -> bool | None:
    """Whether an element is chrome by its tag and attributes; None when its class or id names
    chrome (it is, unless it holds a table). Pages repeat their attributes: cached."""
    if tag in _SKIP or _HIDDEN.search(style):
        return True
    if tag in _NEVER_CHROME:
        return False
    names = f"{class_} {id_}".lower().split()
    # A name counts whole ("top-bar" as "topbar") and by its parts ("site-nav" has "nav").
    words = {w for n in names for w in (re.sub(r"[_-]", "", n), *re.split(r"[_-]+", n))}
    return None if not words.isdisjoint(_CHROME_WORDS) else False


def _find(node: _Node, tag: str) -> _Node | None:
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == tag:
                return child
            found = _find(child, tag)
            if found:
                return found
    return None


def _cell_text(node: _Node) -> str:
    """A cell's text on one line: its breaks and spaces kept only between digits or letters."""
    children = node.children
    if len(children) == 1 and isinstance(children[0], str):  # most cells: plain text
        return _squashed(children[0])
    parts: list[str] = []

    def walk(n: _Node) -> None:
        for child in n.children:
            if isinstance(child, str):
                parts.append(child)
            elif not _is_chrome(child):
                if child.tag == "br" or child.tag in _BLOCK:
                    parts.append(_BREAK)
                walk(child)
                if child.tag in _BLOCK:
                    parts.append(_BREAK)

    walk(node)
    return _squashed("".join(parts))


def _squashed(raw: str) -> str:
    """The cell's raw text on one line, each run of spaces and breaks dropped or one space."""
    if not raw.strip():
        # A cell holding only &nbsp; stays one NBSP, as a browser copy of the table keeps it.
        return "\u00a0" if "\u00a0" in raw else ""
    pieces = raw.split()  # as the regex \s+ splits the stripped text
    text = pieces[0]
    for piece in pieces[1:]:
        gap = _WORD_CHAR.match(text[-1:]) and _WORD_CHAR.match(piece[:1])
        text += (" " if gap else "") + piece
    return text


def _span(node: _Node, name: str) -> int:
    raw = node.attrs.get(name)
    if not raw:
        return 1
    value = _SPAN.match(raw)
    return int(value[1]) if value and 0 < int(value[1]) <= _MAX_SPAN else 1


@lru_cache(maxsize=4096)
def _holds_value(text: str) -> bool:
    """Empty, or a number or dash: a cell whose position matters."""
    text = text.strip()
    return not text or is_cell_value(unicodedata.normalize("NFKC", text))


def _rows(table: _Node) -> list[_Node]:
    out: list[_Node] = []
    for child in table.children:
        if isinstance(child, _Node) and not _is_chrome(child):
            if child.tag == "tr":
                out.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                out.extend(_rows(child))
    return out


def _table_lines(table: _Node) -> list[str]:
    lines: list[str] = []
    # Column -> (rows still covered, whether the spanning cell holds a value) for rowspans.
    covered: dict[int, tuple[int, bool]] = {}
    for tr in _rows(table):
        cells = [c for c in tr.children if isinstance(c, _Node) and c.tag in ("td", "th")
                 and not _is_chrome(c)]
        out: list[str] = []
        col = 0
        pending = iter(cells)
        cell = next(pending, None)
        while cell is not None or any(c >= col for c in covered):
            if col in covered:
                left, holds = covered[col]
                if holds:
                    out.append("")
                if left > 1:
                    covered[col] = (left - 1, holds)
                else:
                    del covered[col]
                col += 1
                continue
            if cell is None:
                col += 1
                continue
            text = _cell_text(cell)
            holds = _holds_value(text)
            width, height = _span(cell, "colspan"), _span(cell, "rowspan")
            out.append(text)
            if holds:
                out.extend([""] * (width - 1))
            if height > 1:
                for c in range(col, col + width):
                    covered[c] = (height - 1, holds)
            col += width
            cell = next(pending, None)
        if any(out):
            if len(out) > 1 and not any(out[:-1]) and _holds_value(out[-1]):
                # Empty cells then one figure (a 表四 row): a leading tab would read as the indent
                # of one cell, so the first empty cell is kept as a browser copy shows it.
                out[0] = "\u00a0"
            lines.append("\t".join(out))
    return lines


def _is_layout(table: _Node) -> bool:
    """A table used to lay out the page: it holds tables, or no row has two cells."""
    if table.contains("table"):
        return True
    return all(
        sum(isinstance(c, _Node) and c.tag in ("td", "th") for c in tr.children) < 2
        for tr in _rows(table)
    )


class _Writer:
    def __init__(self, has_caption: bool) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.has_caption = has_caption

    def flush(self) -> None:
        line = _HTML_SPACES.sub(" ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def block(self, node: _Node, pre: bool = False) -> None:
        for child in node.children:
            if isinstance(child, str):
                if pre:
                    *done, rest = child.split("\n")
                    for part in done:
                        self.lines.append("".join(self.current) + part)
                        self.current = []
                    self.current.append(rest)
                else:
                    self.current.append(child)
            elif _is_chrome(child):
                continue
            elif child.tag == "br":
                self.flush()
            elif child.tag == "table" and not _is_layout(child):
                self.flush()
                caption = _find(child, "caption") if self.has_caption else None
                if caption is not None:
                    self.block(caption)
                    self.flush()
                self.lines.extend(_table_lines(child))
            elif child.tag in _BLOCK:
                self.flush()
                self.block(child, pre or child.tag == "pre")
                self.flush()
            else:
                self.block(child, pre)


def html_to_text(html: str) -> str:
    root = _parse(html)
    # Elements a page without their start tags cannot hold are not searched for.
    writer = _Writer(has_caption=_CAPTION_TAG.search(html) is not None)
    title = _find(root, "title")
    if title is not None:
        writer.lines.append(_SPACES.sub(" ", "".join(
            c for c in title.children if isinstance(c, str))).strip())
    # <header> is page chrome unless it sits in the article (where it holds the title).
    if _HEADER_TAG.search(html):
        for header in _headers_outside_article(root):
            header.children.clear()
    writer.block(root)
    writer.flush()
    return "\n".join(line.rstrip(" ") for line in writer.lines if line.strip())


def _headers_outside_article(node: _Node, inside: bool = False) -> list[_Node]:
    found: list[_Node] = []
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == "header" and not inside:
                found.append(child)
            else:
                found += _headers_outside_article(child, inside or child.tag in ("article", "main"))
    return found
