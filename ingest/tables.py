"""Tables 二/三/四 of a 2019 or 2021 report -> Cell records keyed by the indicator catalog.

A token stream, not one regex per layout. Each table's section is cut into tokens: label text or
one cell's printed value, each with its line. The catalog's printed rows are anchored by their
labels (in printed order for 表三, whose short labels repeat in headers). An anchored row takes the
group of values printed right after its label, or right before it where a PDF extraction put the
numbers above a wrapped label; a row whose label was not found (a typo) takes the one group left
between its neighbours. Where a converter detached 表三's labels from their numbers, the rows left
between placed rows take the rows of numbers printed between them, in printed order, only when
the counts agree and the table's identities then hold. 表四 is read by position: 15 values. A row
that cannot be placed this way is emitted unparsed with its printed text and a Flag: a value is
never moved to another row or column, and never invented. A cell printed empty is a blank (NULL),
except in a table where some printed value belongs to no row: it may be that value's cell, so it
is kept unparsed.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from functools import cache, lru_cache
from typing import NamedTuple, TypeVar

from ingest import catalog
from ingest.cell_text import is_cell_value, parse_cell
from ingest.records import Cell, Flag

TABLE_IDS = ("t2", "t3", "t4")
_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}

# ---- sections ------------------------------------------------------------------------------------
_CN = "一二三四五六七八九十"
# What may precede a heading's title: markdown marks, a Word bookmark, the enumerator, "表二:".
_HEADING_PREFIX = re.compile(
    rf"^\s*#*\s*(?:\[[^\]]*\])?\s*(?:[{_CN}]+\s*[、.]\s*)?(?:表[{_CN}]\s*:?\s*)?"
)
_TITLES = {
    "t2": re.compile(r"主动公开政府信息(?:的)?情况"),
    "t3": re.compile(r"收到和处理政府信息公开申请(?:的)?情况"),
    "t4": re.compile(
        r"因?政府信息公开(?:工作)?(?:被申请)?行政复议(?:和|及)?(?:提起)?行政诉讼(?:的)?情况"
    ),
}
# A later section (五/六) ends the last table; the 表三 rows 二、/三、/四、 must not.
_NEXT_SECTION = re.compile(rf"^\s*#*\s*(?:\[[^\]]*\])?\s*[{_CN}]+、.{{0,30}}"
                           r"(?:存在|问题|改进|其他需要报告|总体情况|概述)")
_MAX_HEADING = 60


def _compact(text: str) -> str:
    return re.sub(r"[\s、,。:]", "", text)


def _heading_table(line: str) -> str | None:
    if len(line) > _MAX_HEADING or "情况" not in line:
        return None
    rest = _compact(_HEADING_PREFIX.sub("", line))
    return next((tid for tid, title in _TITLES.items() if title.fullmatch(rest)), None)


def _sections(lines: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Table id -> (heading index, end index exclusive), 0-based, where its heading is found."""
    headings = [(i, _heading_table(line) if "情况" in line else None)
                for i, line in enumerate(lines)]
    found: dict[str, tuple[int, int]] = {}
    for tid in TABLE_IDS:
        start = next((i for i, t in headings if t == tid), None)
        if start is None:
            continue
        end = next(
            (i for i, t in headings[start + 1:]
             if (t is not None and t != tid)
             or (t is None and "、" in lines[i] and _NEXT_SECTION.match(lines[i]))),
            len(lines),
        )
        found[tid] = (start, end)
    return found


# ---- tokens --------------------------------------------------------------------------------------
class _Tok(NamedTuple):
    text: str  # as printed (stripped)
    line: int  # 1-based
    is_value: bool
    enum: tuple[str, str] | None = None  # label enumerator: ("n","1"), ("p","一"), ("c","一")
    key: str = ""  # label for matching: no enumerator, whitespace, punctuation or quotes
    row_line: bool = False  # its line holds several tokens, so a value group ends with the line


# Cell separators: a pipe (with the spaces around it), a tab, or a run of 2+ spaces.
_SEP = re.compile(r"\s*\|\s*|\t| {2,}")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_RULE_CELL = re.compile(r":?-{3,}:?")
_PAGE_FOOTER = re.compile(r"^\s*[-\u2013\u2014]+\s*\d+\s*[-\u2013\u2014]+\s*$")
_MD_HEADING = re.compile(r"^\s*#+\s*")
# Words of one cell: spaces split them, except inside a closed parenthesis ("22(其中修订 16 件)").
_WORD = re.compile(r"(?:[^\s(]|\([^()]*\)|\()+")
_ENUM = re.compile(rf"^(?:([0-9]+)[.、]|\(([{_CN}]+)\)|([{_CN}]+)、)")
# Normalized text has ASCII punctuation; catalog labels get NFKC (curly quotes survive that).
_PUNCT = re.compile(r"<br\s*/?>|[\s\"'\u2018\u2019\u201c\u201d()\[\]【】,、:;.。·/<>《》]")


_SPACES = re.compile(r"\s+")
# Lines and labels repeat across reports (headers, label columns, rows of zeros): their tokens are
# cached without line numbers. Only short texts (those that repeat), a bounded number of them, so
# a long ingest does not grow memory.
_CACHE_SIZE = 8192
_CACHED_TEXT = 200
_R = TypeVar("_R")


def _cached_when_short(fn: Callable[..., _R]) -> Callable[..., _R]:
    cached = lru_cache(maxsize=_CACHE_SIZE)(fn)

    @functools.wraps(fn)
    def call(text: str, *args: object) -> _R:
        return cached(text, *args) if len(text) <= _CACHED_TEXT else fn(text, *args)

    return call


@_cached_when_short
def _label_key(text: str) -> tuple[tuple[str, str] | None, str] | None:
    """(enumerator, matching key) of label text; None for debris."""
    compact = _SPACES.sub("", text)
    match = _ENUM.match(compact)
    enum = None
    if match:
        enum = ("n", match[1]) if match[1] else ("p", match[2]) if match[2] else ("c", match[3])
        compact = compact[match.end():]
    key = _PUNCT.sub("", compact)
    # Debris: a bare enumerator, or one character of a group label printed vertically (三/本/年).
    if not key or (len(key) == 1 and enum is None):
        return None
    return enum, key


def _label(text: str, line: int) -> _Tok | None:
    found = _label_key(text)
    return None if found is None else _Tok(text, line, False, *found)


# A token without its line: (text, is_value, enum, key).
_Spec = tuple[str, bool, tuple[str, str] | None, str]


def _cell_words(piece: str) -> list[_Spec]:
    """One cell's text as tokens: numbers become value tokens, the words between them labels.

    A PDF extraction prints a whole row as one cell ("规章 0 0 0"); a new enumerator starts a new
    label ("三 2.其他法律…" is debris then a label).
    """
    specs: list[_Spec] = []
    label: list[str] = []

    def close_label() -> None:
        text = " ".join(label)
        found = _label_key(text)
        if found:
            specs.append((text, False, *found))
        label.clear()

    for word in _WORD.findall(piece):
        if is_cell_value(word):
            if label:
                close_label()
            specs.append((word, True, None, ""))
        else:
            if label and _ENUM.match(word):
                close_label()
            label.append(word)
    if label:
        close_label()
    return specs


def _md_widths(lines: Sequence[str]) -> list[int | None]:
    """Each line's markdown table width: the rule under a header row gives the header and the rows
    that follow it (up to a line that is not a `|` row) the rule's column count."""
    widths: list[int | None] = [None] * len(lines)
    width = None
    for i, line in enumerate(lines):
        if "---" in line and _MD_RULE.match(line):
            width = len(_RULE_CELL.findall(line))
            if i and lines[i - 1].lstrip().startswith("|"):
                widths[i - 1] = width  # the header row above the rule
        elif line.lstrip().startswith("|"):
            widths[i] = width
        else:
            width = None
    return widths


def _line_cells(line: str, width: int | None = None) -> tuple[list[str], bool]:
    """The cells printed on one line, and whether it is a table row (several cells).

    `width` is the column count of the markdown table the line belongs to, when known.
    """
    pieces = _SEP.split(line)
    if not any(p.strip() for p in pieces):
        return [], False  # indentation or span markers such as "|||"
    # Edges: "| a | b |" and " |" frame the row, a leading tab indents it; a tab at the end of a
    # row (HTML copy) separates one more, empty, cell.
    if pieces[0] == "" and not line.startswith("\t"):
        pieces = pieces[1:]
    if pieces and pieces[-1] == "" and not line.endswith("\t"):
        pieces = pieces[:-1]
    if line.rstrip().endswith("|"):
        # A converter pads markdown rows to the header's width: empty cells beyond it are padding.
        # A row with exactly the header's cells prints its trailing empty cells as blanks; in any
        # other row they cannot be told from padding, so they are not read as printed blanks.
        while width is not None and len(pieces) > width and not pieces[-1].strip():
            pieces.pop()
        while len(pieces) != width and pieces and not pieces[-1].strip():
            pieces.pop()
    if all(p == "" for p in pieces[:-1]):
        return pieces[-1:], False  # one cell, maybe indented by a tab
    return pieces, True


@_cached_when_short
def _line_tokens(raw: str, width: int | None) -> tuple[tuple[_Spec, ...], bool]:
    """The tokens of one line (without its number), and whether they are a row line."""
    if _MD_RULE.match(raw) or _PAGE_FOOTER.match(raw) or _heading_table(raw):
        return (), False
    cells, row = _line_cells(_MD_HEADING.sub("", raw), width)
    specs: list[_Spec] = []
    for cell in cells:
        if row and not cell.strip():
            specs.append(("", True, None, ""))  # a blank cell of a printed row
        else:
            specs.extend(_cell_words(cell))
    return tuple(specs), row or len(specs) > 1


_BLANK_STARTS = frozenset(" \t")  # of an empty cell's line (not "": that is no cell)


def _is_blank_cell(raw: str) -> bool:
    """A line that may print one empty cell of a table copied cell by cell: ` |`, or a lone tab."""
    first = raw[:1]
    if first == " ":
        return raw.strip() == "|"
    return first == "\t" and not raw.strip() and "\t" not in raw[1:]


def _blank_cells(lines: Sequence[str], specs: Sequence[tuple[tuple[_Spec, ...], bool]],
                 blanks: set[int]) -> list[int]:
    """Of the lines that may print an empty cell (`blanks`), those that print one of a table
    copied one cell per line.

    Such a line is read as a cell only where its position is certain: in a run of one-cell lines
    after a row's label (or, for a row printed without one, such as 表四's, a run holding numbers)
    closed by an empty line, a line of pipes, or the table's end. Lone tabs before a label are the
    spanned label columns of its row; a run closed by a label or by other text might end in the
    next row's cells, so its empty lines are not read.
    """
    cells: list[int] = []
    run: list[int] = []  # the run's empty-cell lines
    labelled = False  # the run follows a row label
    numbers = False  # the run holds a printed value
    clean = True  # the run holds only one-cell lines
    for i, (tokens, row) in enumerate(specs):
        if i in blanks:
            run.append(i)
        elif not tokens:
            if lines[i].strip(" |\t\u00a0\u3000"):  # debris, a page footer
                clean = False
                continue
            if clean and (labelled or numbers):  # an empty line or pipes close the run
                cells.extend(run)
            run, labelled, numbers, clean = [], False, False, True
        elif not row and len(tokens) == 1 and tokens[0][1]:  # one value
            numbers = True
        elif not any(value for _, value, _, _ in tokens):  # label text opens a run
            run, labelled, numbers, clean = [], True, False, True
        else:
            clean = False
    if clean and (labelled or numbers):
        cells.extend(run)
    return cells


def _tokenize(lines: Sequence[str], first_line: int) -> list[_Tok]:
    widths = _md_widths(lines)
    specs = [_line_tokens(raw, width) for raw, width in zip(lines, widths, strict=True)]
    blanks = {i for i, raw in enumerate(lines) if raw[:1] in _BLANK_STARTS and _is_blank_cell(raw)}
    if blanks:
        for i in _blank_cells(lines, specs, blanks):
            specs[i] = ((("", True, None, ""),), False)
    new = tuple.__new__  # _Tok(...) without its Python-level __new__: a third of the time
    return [new(_Tok, (text, number, value, enum, key, row_line))
            for number, (line_specs, row_line) in enumerate(specs, start=first_line)
            for text, value, enum, key in line_specs]


class _Group(NamedTuple):
    """Consecutive values: one printed row's cells (or T4's, or stray numbers)."""

    start: int  # token index
    end: int  # token index, inclusive


def _groups(toks: Sequence[_Tok]) -> tuple[list[_Group], dict[int, int]]:
    """Value groups, and token index -> group index. A row line closes its group; values printed
    one per line (a table copied cell by cell) chain until a label interrupts them."""
    starts: list[int] = []
    ends: list[int] = []
    of: dict[int, int] = {}
    prev: _Tok | None = None
    for i, tok in enumerate(toks):
        if tok.is_value:
            # a value right after a value continues its group (the last one)
            if prev is not None and prev.is_value and (
                prev.line == tok.line or not (prev.row_line or tok.row_line)
            ):
                ends[-1] = i
            else:
                starts.append(i)
                ends.append(i)
            of[i] = len(starts) - 1
        prev = tok
    groups = [_Group(start, end) for start, end in zip(starts, ends, strict=True)]
    return groups, of


# ---- row specs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Row:
    key: str
    cols: tuple[str, ...]
    labels: tuple[tuple[tuple[str, str] | None, str], ...]  # (enum, key) of each printed form


# Words of table headers: never part of a row label.
_HEADER_WORDS = ("信息内容", "第二十条", "申请人情况", "法人或其他组织", "本列数据的勾稽关系")
_T4_HEADER_WORDS = frozenset({"行政复议", "行政诉讼", "结果维持", "维持", "未经复议直接起诉"})
_SUB_ITEMS = ("other_no_correction", "other_no_fee", "other_other")


def _key_of(label: str) -> tuple[tuple[str, str] | None, str]:
    tok = _label(unicodedata.normalize("NFKC", label), 0)
    return (tok.enum, tok.key) if tok else (None, label)


@cache
def _aliases(table_id: str, row_key: str) -> tuple[tuple[tuple[str, str] | None, str], ...]:
    """Printed forms of a row across templates (规范性文件 / 行政规范性文件)."""
    labels = {e.label_zh for tmpl in ("2021", "2019") for e in catalog.rows(tmpl, table_id)
              if e.key == row_key}
    return tuple(_key_of(label) for label in sorted(labels))


@cache
def _known_labels(template: str) -> tuple[tuple[tuple[str, str] | None, str], ...]:
    """Every catalog row and column label, group rows included: text that is not a continuation."""
    forms = {_key_of(e.label_zh) for tid in ("t2", "t3", "t4")
             for e in (*catalog.rows(template, tid), *catalog.cols(template, tid))}
    return tuple(forms)


@cache
def _column_words(template: str) -> frozenset[str]:
    """Column labels of the three tables, as matching keys."""
    return frozenset(_key_of(c.label_zh)[1]
                     for tid in TABLE_IDS for c in catalog.cols(template, tid))


@cache
def _table_rows(table_id: str, template: str, single_other: bool) -> tuple[_Row, ...]:
    """The printed rows of 表二 or 表三 (表三 with (六)其他处理 as one row when single_other)."""
    if table_id == "t2":
        layout = catalog.T2_LAYOUT[template]
        return tuple(_Row(key, cols, _aliases("t2", key)) for key, cols in layout.items())
    cols = tuple(c.key for c in catalog.cols(template, "t3"))
    keys = [r.key for r in catalog.printed_rows(template, "t3")]
    if single_other and "other_no_correction" in keys:
        at = keys.index("other_no_correction")
        keys = [*keys[:at], "other_handling", *(k for k in keys[at:] if k not in _SUB_ITEMS)]
    return tuple(_Row(key, cols, _aliases("t3", key)) for key in keys)


@lru_cache(maxsize=_CACHE_SIZE)
def _label_rows(table_id: str, template: str, single_other: bool,
                enum: tuple[str, str] | None, key: str) -> tuple[int, ...]:
    """The rows a label matches (表三 also by a prefix: its labels wrap), in row order."""
    label = _Tok("", 0, False, enum, key)
    return tuple(r for r, row in enumerate(_table_rows(table_id, template, single_other))
                 if _matches(label, row.labels, prefix=table_id == "t3"))


@lru_cache(maxsize=_CACHE_SIZE)
def _is_known(template: str, enum: tuple[str, str] | None, key: str) -> bool:
    """A catalog label or a header's words: text that does not continue a wrapped label."""
    label = _Tok("", 0, False, enum, key)
    return _matches(label, _known_labels(template), prefix=False) or key.startswith(_HEADER_WORDS)


def _matches(tok: _Tok, forms: Sequence[tuple[tuple[str, str] | None, str]], prefix: bool) -> bool:
    for enum, key in forms:
        if tok.enum and enum and tok.enum != enum:
            continue
        if tok.key == key or (prefix and len(tok.key) >= 4 and key.startswith(tok.key)):
            return True
    return False


# ---- anchoring and placing -----------------------------------------------------------------------
def _ordered_anchors(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the (token, row) matches that agree with printed order: those on a longest chain of
    increasing token and non-decreasing row, minus any that some other such match contradicts."""
    n = len(pairs)
    if not n:
        return []
    if all(a[0] < b[0] and a[1] <= b[1] for a, b in itertools.pairwise(pairs)):
        return list(pairs)  # one chain in printed order (a table read cleanly): all are kept
    fwd = [1] * n
    for i, (tok, row) in enumerate(pairs):
        for j in range(i):
            if pairs[j][0] < tok and pairs[j][1] <= row and fwd[j] >= fwd[i]:
                fwd[i] = fwd[j] + 1
    bwd = [1] * n
    for i in reversed(range(n)):
        tok, row = pairs[i]
        for j in range(i + 1, n):
            if tok < pairs[j][0] and row <= pairs[j][1] and bwd[j] >= bwd[i]:
                bwd[i] = bwd[j] + 1
    best = max(fwd)
    on = [p for i, p in enumerate(pairs) if fwd[i] + bwd[i] - 1 == best]
    if all(a[0] < b[0] and a[1] <= b[1] for a, b in itertools.pairwise(on)):
        return on  # one chain in printed order: nothing clashes
    # A clash: the same token on another row, or two tokens whose rows go against their order.
    return [
        (tok, row) for tok, row in on
        if not any((t == tok and r != row) or (t < tok and r > row) or (t > tok and r < row)
                   for t, r in on)
    ]


def _fit(toks: Sequence[_Tok], group: _Group, width: int) -> list[_Tok] | None:
    """The group's cells for a row of `width` columns; extra cells are allowed only when blank
    and printed in a row line (the padding an HTML copy gives a value cell merged across
    columns): a table copied one cell per line has no padding."""
    cells = list(toks[group.start:group.end + 1])
    if len(cells) < width or any(t.text or not t.row_line for t in cells[width:]):
        return None
    return cells[:width]


class _Placer:
    """Places value groups on the rows of one table (T2 or T3)."""

    def __init__(self, toks: list[_Tok], table_id: str, template: str, single_other: bool):
        self.toks, self.template, self.ordered = toks, template, table_id == "t3"
        self.rows = _table_rows(table_id, template, single_other)
        self.groups, self.group_of = _groups(toks)
        self.known = {i for i, t in enumerate(toks)
                      if not t.is_value and _is_known(template, t.enum, t.key)}
        # A column header's word (总计, 其他) printed without an enumerator is no row label.
        headers = _column_words(template)
        pairs = [(i, r) for i, t in enumerate(toks)
                 if not t.is_value and not (t.enum is None and t.key in headers)
                 for r in _label_rows(table_id, template, single_other, t.enum, t.key)]
        self.matched = {i for i, _ in pairs}
        self.pairs = pairs
        kept = _ordered_anchors(pairs) if self.ordered else pairs
        self.anchors: dict[int, list[int]] = {}
        for tok_index, row_index in kept:
            self.anchors.setdefault(row_index, []).append(tok_index)

    def _stop(self, i: int) -> bool:
        tok = self.toks[i]
        return tok.enum is not None or i in self.matched or i in self.known

    def _adjacent(self, anchor: int, step: int) -> int | None:
        """The group printed right after (step 1) or before (step -1) a label, skipping only the
        rest of a wrapped label."""
        i = anchor + step
        while 0 <= i < len(self.toks):
            if self.toks[i].is_value:
                return self.group_of[i]
            if self._stop(i):
                return None
            i += step
        return None

    def _candidates(self, r: int) -> tuple[set[int], set[int], int | None, bool]:
        """Groups that may hold row r's values, those among them on a label's own line, the
        nearest group (the evidence shown when the row cannot be read), and whether numbers are
        printed on a line of its label."""
        width = len(self.rows[r].cols)
        found: set[int] = set()
        strong: set[int] = set()
        nearest = None
        own_line = False
        for anchor in self.anchors.get(r, []):
            line = self.toks[anchor].line
            after, before = self._adjacent(anchor, 1), self._adjacent(anchor, -1)
            if after is not None and self.toks[self.groups[after].start].line == line:
                sides = [after]  # numbers on the label's line are the row's, whatever follows
                own_line = True
            elif before is not None and self.toks[self.groups[before].end].line == line:
                sides = [before]
                own_line = True
            else:
                # cells printed empty say nothing of their row unless its label is on their line
                # or they were printed one per line (where their positions are certain)
                sides = [g for g in (after, before) if g is not None and (
                    _printed(self.toks, self.groups[g]).strip()
                    or not self.toks[self.groups[g].start].row_line)]
            if nearest is None and sides:
                nearest = sides[0]
            fitting = {g for g in sides if _fit(self.toks, self.groups[g], width)}
            found |= fitting
            if len(sides) == 1 and self.toks[self.groups[sides[0]].start].line <= line <= (
                    self.toks[self.groups[sides[0]].end].line):
                strong |= fitting
        return found, strong, nearest, own_line

    def place(self) -> tuple[dict[int, int], dict[int, str], dict[int, int | None]]:
        """Row -> group; row -> why it is not placed; row -> nearest group (evidence)."""
        cands: dict[int, set[int]] = {}
        strong: dict[int, set[int]] = {}
        nearest: dict[int, int | None] = {}
        own_line: set[int] = set()
        for r in range(len(self.rows)):
            if r in self.anchors:
                cands[r], strong[r], nearest[r], own = self._candidates(r)
                if own:
                    own_line.add(r)
        fitting = {r: bool(found) for r, found in cands.items()}
        assigned: dict[int, int] = {}
        n_groups = len(self.groups)
        changed = True
        while changed:
            changed = False
            used = set(assigned.values())
            for r, found in cands.items():
                if r in assigned:
                    continue
                found -= used
                if self.ordered and found:
                    # only groups between those of the placed rows around it
                    lo, hi = -1, n_groups
                    for r2, g2 in assigned.items():
                        if r2 < r:
                            if g2 > lo:
                                lo = g2
                        elif g2 < hi:
                            hi = g2
                    found -= {g for g in found if not lo < g < hi}
                if len(found) == 1:
                    assigned[r] = next(iter(found))
                    used.add(assigned[r])
                    changed = True
        # Where rows are printed one per line, a row whose numbers stand apart from its label
        # and whose neighbour found no numbers left may hold the neighbour's: it is not placed.
        # (Tables printed one cell per line always have their numbers apart from the label.)
        demoted: set[int] = set()
        while True:
            starved = self._fill_gaps(assigned, cands)
            weak = {r for r in starved if r in assigned and assigned[r] not in strong.get(r, ())
                    and self.toks[self.groups[assigned[r]].start].row_line}
            if not weak:
                break
            for r in weak:
                del assigned[r]
            demoted |= weak
        if self.ordered:
            in_order = self._fill_in_order(assigned, own_line)
            if in_order and self._consistent({**assigned, **in_order}, set(in_order)):
                assigned.update(in_order)
        why: dict[int, str] = {}
        for r in range(len(self.rows)):
            if r in assigned:
                continue
            if r in demoted:
                why[r] = "its values cannot be told from a neighbouring row's"
            elif r not in self.anchors:
                why[r] = "label not found and no single value group left between its neighbours"
            elif nearest.get(r) is None:
                why[r] = "no values printed next to its label"
            elif not fitting[r]:
                why[r] = f"values by its label do not fill its {len(self.rows[r].cols)} columns"
            else:
                why[r] = "no value group by its label is left to it alone"
        return assigned, why, nearest

    def _fill_gaps(self, assigned: dict[int, int], cands: dict[int, set[int]]) -> set[int]:
        """Rows left between two placed rows take the groups left between those rows' groups,
        when the numbers agree one to one and every anchored row among them allows it.

        Returns the placed rows next to a run that has fewer groups left than rows."""
        starved: set[int] = set()
        n = len(self.rows)
        for run in self._runs(assigned):
            end = run[-1] + 1
            left = assigned[run[0] - 1] if run[0] > 0 else -1
            right = assigned[end] if end < n else len(self.groups)
            if left >= right:
                continue
            used = set(assigned.values())
            free = [g for g in range(left + 1, right) if g not in used]
            if len(free) < len(run):
                starved |= {run[0] - 1, end} & assigned.keys()
                continue
            lo = self.groups[left].end if left >= 0 else -1
            hi = self.groups[right].start if right < len(self.groups) else len(self.toks)
            # A label matched to some row but out of printed order means a garbled table.
            stray = any(i in self.matched and not any(i in a for a in self.anchors.values())
                        for i in range(lo + 1, hi))
            if stray or len(free) != len(run):
                continue
            if all(
                _fit(self.toks, self.groups[g], len(self.rows[row].cols))
                and _printed(self.toks, self.groups[g]).strip()
                and (row not in cands or g in cands[row])
                for row, g in zip(run, free, strict=True)
            ):
                assigned.update(zip(run, free, strict=True))
        return starved

    def _runs(self, assigned: dict[int, int]) -> list[list[int]]:
        """Runs of consecutive rows not placed."""
        runs: list[list[int]] = []
        for r in range(len(self.rows)):
            if r in assigned:
                continue
            if runs and runs[-1][-1] == r - 1:
                runs[-1].append(r)
            else:
                runs.append([r])
        return runs

    def _fill_in_order(self, assigned: dict[int, int], own_line: set[int]) -> dict[int, int]:
        """For a table whose labels were detached from their numbers and printed out of order (a
        PDF converter's markdown): the rows of a run between two placed rows take the groups
        printed between those rows' groups, in printed order, when there are exactly as many
        groups of the rows' width. A group shorter than a row (a stray number) is passed over; a
        row with numbers on its label's line is never filled from elsewhere.

        Printed order is trusted only when the labels printed beside their own numbers follow the
        table's row order. Proposals only: they stand when the table's identities hold with them
        (_consistent)."""
        value_lines = {t.line for t in self.toks if t.is_value and t.text}
        beside = [r for i, r in sorted(self.pairs) if self.toks[i].line in value_lines]
        if any(a >= b for a, b in itertools.pairwise(beside)):
            return {}
        used = set(assigned.values())
        filled: dict[int, int] = {}
        for run in self._runs(assigned):
            end = run[-1] + 1
            if run[0] == 0 or end == len(self.rows) or own_line.intersection(run):
                continue
            width = len(self.rows[run[0]].cols)
            if any(len(self.rows[r].cols) != width for r in run):
                continue
            between = [g for g in range(assigned[run[0] - 1] + 1, assigned[end]) if g not in used]
            rows = [g for g in between if _fit(self.toks, self.groups[g], width)
                    and _printed(self.toks, self.groups[g]).strip()]
            # a longer group, or a row of empty cells, might be a row too: the count is unsure
            unsure = any(self.groups[g].end - self.groups[g].start + 1 >= width
                         for g in between if g not in rows)
            if not unsure and len(rows) == len(run):
                filled.update(zip(run, rows, strict=True))
        return filled

    def _consistent(self, assigned: dict[int, int], filled: set[int]) -> bool:
        """The 表三 identities hold on these rows, and each filled row's values are bound by one
        checked on every column: its own total, and the result rows summing to (七)总计 (the
        others: 新收 + 上年结转 = 总计 + 结转下年度)."""
        values: dict[str, list[Decimal | None]] = {}
        for r, g in assigned.items():
            cells = _fit(self.toks, self.groups[g], len(self.rows[r].cols)) or []
            values[self.rows[r].key] = [_number(t.text) for t in cells]
        cols = catalog.cols(self.template, "t3")
        parts = [i for i, c in enumerate(cols) if c.parent_key == "total"]
        total = next(i for i, c in enumerate(cols) if c.key == "total")
        results = [row.key for row in self.rows if _is_result(self.template, row.key)]

        def col(key: str, i: int) -> Decimal | None:
            return values[key][i] if key in values else None

        own = {k: _sums_equal([v[i] for i in parts], [v[total]]) for k, v in values.items()}
        by_results = [_sums_equal([col(k, i) for k in results], [col("total_handled", i)])
                      for i in range(len(cols))]
        balance = [_sums_equal([col("new_received", i), col("carried_over", i)],
                               [col("total_handled", i), col("carried_forward", i)])
                   for i in range(len(cols))]
        if False in (*own.values(), *by_results, *balance):
            return False
        for r in filled:
            key = self.rows[r].key
            bound = by_results if key in results else balance
            if own[key] is None or None in bound:
                return False
        return True


# ---- 表三 identities -----------------------------------------------------------------------------
def _number(text: str) -> Decimal | None:
    parsed = parse_cell(text)
    return Decimal(parsed.value) if parsed.status == "ok" and parsed.value is not None else None


def _sums_equal(left: Sequence[Decimal | None], right: Sequence[Decimal | None]) -> bool | None:
    """Whether two sums agree; None when a term is not a number (blank, dash, unread)."""
    terms = [*left, *right]
    if any(t is None for t in terms):
        return None
    return sum(left, Decimal(0)) == sum(right, Decimal(0))


@cache
def _is_result(template: str, row_key: str) -> bool:
    """True for the rows that (七)总计 sums: its children and their items."""
    parents = {e.key: e.parent_key for e in catalog.rows(template, "t3")}
    key = parents.get(row_key, "")
    while key and key != "total_handled":
        key = parents.get(key, "")
    return key == "total_handled"


# ---- cells ---------------------------------------------------------------------------------------
def _cell(table_id: str, row: str, col: str, tok: _Tok) -> Cell:
    parsed = parse_cell(tok.text)
    # The Cell its constructor would make, at half the time: a frozen dataclass's __init__ sets
    # each field through object.__setattr__ (a report has a hundred and more cells).
    cell = _new_object(Cell)
    cell.__dict__.update(table_id=table_id, row_key=row, col_key=col, raw_text=tok.text,
                         value_text=parsed.value, status=parsed.status, note=parsed.note,
                         source_line=tok.line)
    return cell


_new_object = object.__new__
# _cell sets Cell's fields by name: it must name every one of them
if tuple(f.name for f in fields(Cell)) != ("table_id", "row_key", "col_key", "raw_text",
                                           "value_text", "status", "note", "source_line"):
    raise ImportError("ingest.tables._cell is out of step with ingest.records.Cell's fields")


def _unread(table_id: str, row: _Row, raw: str, line: int, reason: str,
            cells: list[Cell], flags: list[Flag]) -> None:
    cells.extend(Cell(table_id, row.key, col, raw, None, "unparsed", None, line)
                 for col in row.cols)
    flags.append(Flag(
        "table_row_unread",
        f"{_TABLE_NAMES[table_id]} row {row.key}: {reason}; printed {raw!r}; "
        "its cells are kept unparsed",
        line,
    ))


def _printed(toks: Sequence[_Tok], group: _Group) -> str:
    return " ".join(t.text for t in toks[group.start:group.end + 1])


def _evidence(placer: _Placer, r: int, assigned: dict[int, int], nearest: int | None,
              lines: Sequence[str], heading_line: int) -> tuple[str, int]:
    """What a row that cannot be read printed, and its line: the values by its label (unless
    another row took them), else its label's line, else the lines of the values no row took
    between the placed rows around it (only the nearest group past the first or last placed row),
    else the other lines printed between those rows; "" when it printed nothing."""
    toks, groups = placer.toks, placer.groups
    if nearest is not None and nearest not in assigned.values():
        return _printed(toks, groups[nearest]), toks[groups[nearest].start].line
    anchors = placer.anchors.get(r)
    if anchors:
        line = toks[anchors[0]].line
        return lines[line - 1].strip(), line
    before = max((g for row, g in assigned.items() if row < r), default=None)
    after = min((g for row, g in assigned.items() if row > r), default=None)
    lo = -1 if before is None else before
    hi = len(groups) if after is None else after
    free = [g for g in range(lo + 1, hi)
            if g not in assigned.values() and _printed(toks, groups[g]).strip()]
    if before is None or after is None:
        free = free[-1:] if after is not None else free[:1] if before is not None else []
    if free:
        numbers = sorted({toks[groups[g].start].line for g in free})
    elif before is not None and after is not None:  # labels, but not those of the rows around
        taken = {toks[groups[before].end].line, toks[groups[after].start].line}
        numbers = sorted({t.line for t in toks[groups[before].end + 1:groups[after].start]}
                         - taken)
    else:
        numbers = []
    if not numbers:
        return "", heading_line
    return " / ".join(lines[n - 1].strip() for n in numbers), numbers[0]


def _rows_table(table_id: str, toks: list[_Tok], template: str, single_other: bool,
                lines: Sequence[str], heading_line: int) -> tuple[list[Cell], list[Flag]]:
    placer = _Placer(toks, table_id, template, single_other)
    rows = placer.rows
    if not placer.anchors:
        return [], []  # heading without a table (absent or empty)
    assigned, why, nearest = placer.place()
    name = _TABLE_NAMES[table_id]
    flags: list[Flag] = []
    # Values printed between placed rows that belong to no row: the cells printed empty in this
    # table may be where they were lost (a converter moves cells), so no blank is certain.
    strays: list[int] = []
    if assigned:
        first, last = min(assigned.values()), max(assigned.values())
        placed = set(assigned.values())
        strays = [g for g in range(first + 1, last) if g not in placed
                  and _printed(toks, placer.groups[g]).strip()]
    shown = {g for r, g in nearest.items() if r not in assigned}  # already in a row's flag
    for g in strays:
        group = placer.groups[g]
        if g not in shown:
            flags.append(Flag(
                "table_values_unplaced",
                f"{name}: values {_printed(toks, group)!r} printed between rows belong to no "
                "row that could be identified",
                toks[group.start].line,
            ))
    stray_text = ", ".join(f"{_printed(toks, placer.groups[g])!r} "
                           f"(line {toks[placer.groups[g].start].line})" for g in strays)
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        if r not in assigned:
            raw, line = _evidence(placer, r, assigned, nearest.get(r), lines, heading_line)
            _unread(table_id, row, raw, line, why[r], cells, flags)
            continue
        values = _fit(toks, placer.groups[assigned[r]], len(row.cols))
        assert values is not None  # placing only ever picks groups that fit the row
        read = [_cell(table_id, row.key, col, tok)
                for col, tok in zip(row.cols, values, strict=True)]
        blank = [c.col_key for c in read if c.status == "blank"]
        if strays and blank:
            printed = lines[values[0].line - 1].strip()
            read = [replace(c, raw_text=printed, status="unparsed") if c.status == "blank" else c
                    for c in read]
            flags.append(Flag(
                "table_blank_uncertain",
                f"{name} row {row.key}: {'/'.join(blank)} printed empty in {printed!r} while "
                f"values {stray_text} belong to no row; those cells are kept unparsed",
                values[0].line,
            ))
        cells.extend(read)
    return cells, flags


@cache
def _t4_keys(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (tuple(r.key for r in catalog.rows(template, "t4")),
            tuple(c.key for c in catalog.cols(template, "t4")))


def _t4(toks: list[_Tok], template: str, heading_line: int) -> tuple[list[Cell], list[Flag]]:
    """T4 by position: 15 values printed as one row, or as three rows of 5 (复议, 直接起诉,
    复议后起诉), first after the header. Anything else (numbers from prose among them) is
    unparsed."""
    if not any(t.is_value or t.key in _T4_HEADER_WORDS for t in toks):
        return [], []
    rows, cols = _t4_keys(template)
    keys = [(r, c) for r in rows for c in cols]
    label_lines = {t.line for t in toks if not t.is_value}
    groups = [
        toks[g.start:g.end + 1] for g in _groups(toks)[0]
        # a header row's empty padding cells (HTML colspans) are no values
        if any(t.text for t in toks[g.start:g.end + 1]) or toks[g.start].line not in label_lines
    ]
    if groups and len(groups[0]) == len(keys):
        values = groups[0]
    elif [len(g) for g in groups[:len(rows)]] == [len(cols)] * len(rows):
        values = [t for g in groups[:len(rows)] for t in g]
    else:
        seen = [t for g in groups[:len(rows)] for t in g]
        raw = " ".join(t.text for t in seen)
        line = seen[0].line if seen else heading_line
        reason = ("values printed as " + " + ".join(str(len(g)) for g in groups[:len(rows)])
                  if seen else "no values printed")
        flag = Flag("table_row_unread", f"表四: {reason}, not 15 in one row or 3 rows of 5; "
                    f"printed {raw!r}; its cells are kept unparsed", line)
        return [Cell("t4", r, c, raw, None, "unparsed", None, line) for r, c in keys], [flag]
    return [_cell("t4", r, c, tok) for (r, c), tok in zip(keys, values, strict=True)], []


def extract_cells(text: str, template_version: str) -> tuple[list[Cell], list[Flag]]:
    """Cells of tables 二/三/四 in normalized report text, with flags for rows that cannot be read.

    Only the 2019 and 2021 templates have these tables; a heading with no table under it yields
    no cells (its presence is reported elsewhere).
    """
    if template_version not in catalog.T2_LAYOUT:
        return [], []
    lines = text.split("\n")
    cells: list[Cell] = []
    flags: list[Flag] = []
    for tid, (start, end) in _sections(lines).items():
        toks = _tokenize(lines[start + 1:end], start + 2)
        if tid == "t4":
            got = _t4(toks, template_version, start + 1)
        else:
            single_other = tid == "t3" and _single_other(toks)
            got = _rows_table(tid, toks, template_version, single_other, lines, start + 1)
        cells.extend(got[0])
        flags.extend(got[1])
    return cells, [*flags, *_repeated_t3(lines)]


# The first row label of 表三: printed once per table, so a second one means a second 表三.
_T3_FIRST_ROW = "本年新收政府信息公开申请数量"


def _repeated_t3(lines: Sequence[str]) -> list[Flag]:
    """A report that prints 表三 twice (a corrected table appended) is read from its first one;
    say so, with the lines, so a reader can check which the agency meant."""
    found = [i + 1 for i, line in enumerate(lines)
             if "量" in line and _T3_FIRST_ROW in _SPACES.sub("", line)]
    if len(found) < 2:
        return []
    return [Flag("table_repeated", f"表三 is printed {len(found)} times (its first row at lines "
                 f"{', '.join(map(str, found))}); the cells are read from the first one", found[1])]


def _single_other(toks: Sequence[_Tok]) -> bool:
    """True when (六)其他处理 is printed as one row with numbers, without its three sub-items."""
    labels = [t for t in toks if not t.is_value]
    subs = _aliases("t3", "other_no_correction") + _aliases("t3", "other_no_fee")
    if any(_matches(t, subs, prefix=True) for t in labels):
        return False
    return any(_matches(t, _aliases("t3", "other_handling"), prefix=False) for t in labels)
