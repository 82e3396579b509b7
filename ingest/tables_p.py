"""Cells of a pre-2019 统计表 (指标名称 / 计量单位 / 2011年度 / 历年累计) printed as a table.

Spec §4.3. The table is read from normalized text in any layout but the flattened one (cells run
together, read by tables_flat): one row per line with cells split by tabs (HTML tables arrive so
from html_text), by `|` (markdown, `|---|` rules skipped) or by runs of spaces; or one cell per
line (`\t87`, `87 |`). A row's label maps to a catalog key through tables_flat.P_LABELS; the unit
column, as printed, goes to the note of every cell of the row. A keyed row whose cells cannot be
placed one per column keeps its printed text with status "unparsed": no column is ever guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.cell_text import parse_cell
from ingest.records import Cell
from ingest.tables_flat import P_LABELS, P_UNITS

_ANCHOR = "指标名称"
_UNIT_HEAD = re.compile(r"(?:计量)?单位")
_YEAR_HEAD = re.compile(r"\d{4}\s*年度?|本年度?")
_CUMULATIVE_HEAD = re.compile(r"(?:历年)?累计")
_UNIT = re.compile(rf"(?:{P_UNITS})")
_PREFIX = re.compile(r"^(?:其中:?)?(?:\d{1,2}[.、])?")
_RULE = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|?)+")  # a markdown |---|---| line
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class _Header:
    cols: tuple[str | None, ...]  # per value column: "year", "cumulative", None when unknown
    unit_column: bool
    per_line: bool  # one cell per line
    end: int  # index of the first line after the header

    @property
    def width(self) -> int:
        return 1 + self.unit_column + len(self.cols)


def _cell(line: str) -> str:
    return line.strip().strip("|").strip()


def _split(line: str) -> list[str]:
    """A printed row's cells: by `|` or tabs where present (empty cells kept), else by spaces."""
    text = line.strip(" \u3000").lstrip("\t")
    if "|" in text:
        return [c.strip() for c in text.strip().strip("|").split("|")]
    if "\t" in text:
        return [c.strip() for c in text.split("\t")]
    return text.split()


def _head_kind(cell: str) -> str | None:
    """"unit", "year" or "cumulative" for a header cell; None for any other text."""
    if _UNIT_HEAD.fullmatch(cell):
        return "unit"
    if _YEAR_HEAD.fullmatch(cell):
        return "year"
    if _CUMULATIVE_HEAD.fullmatch(cell):
        return "cumulative"
    return None


def _header(lines: list[str], i: int) -> _Header | None:
    """The header starting on line i (`指标名称` first), on one line or one cell per line."""
    cells = _split(lines[i])
    if not cells or cells[0] != _ANCHOR:
        return None
    per_line = len(cells) == 1
    end = i + 1
    if per_line:
        while end < len(lines) and (not lines[end].strip() or _head_kind(_cell(lines[end]))):
            if lines[end].strip():
                cells.append(_cell(lines[end]))
            end += 1
    kinds = [_head_kind(c) for c in cells[1:]]
    if None in kinds or kinds.count("unit") > 1 or "unit" in kinds[1:]:
        return None  # not a header we can place every column of
    cols = [k for k in kinds if k != "unit"]
    # Two columns of one kind (2010年度 / 2011年度): which is the report's year is not said here.
    cols = [c if cols.count(c) == 1 else None for c in cols]
    if not any(cols):
        return None
    return _Header(tuple(cols), "unit" in kinds, per_line, end)


def _is_label(text: str) -> bool:
    return (bool(_CJK.search(text)) and not _UNIT.fullmatch(text)
            and parse_cell(text).status not in ("ok", "dash"))


def _key(label: str) -> str | None:
    name = _PREFIX.sub("", re.sub(r"\s+", "", label))
    return next((k for k, pattern in P_LABELS if pattern.fullmatch(name)), None)


def _space_row(cells: list[str], width: int) -> list[str]:
    """Space-split tokens as a row: the last width-1 are the cells, the rest the label."""
    if len(cells) <= width:
        return cells
    cut = len(cells) - width + 1
    return [" ".join(cells[:cut]), *cells[cut:]]


def _fits(row: list[str], header: _Header) -> bool:
    """Exactly one cell per column, the unit cell (if any) not a number."""
    return (len(row) == header.width and _is_label(row[0])
            and not (header.unit_column and parse_cell(row[1]).status == "ok"))


def _row_cells(key: str, row: list[str], header: _Header, line: int) -> list[Cell]:
    unit = (row[1] or None) if header.unit_column else None
    cells = []
    for col, raw in zip(header.cols, row[1 + header.unit_column:], strict=True):
        if col is not None:
            read = parse_cell(raw)
            cells.append(Cell("p", key, col, raw, read.value, read.status, read.note or unit, line))
    return cells


def _unparsed(key: str, printed: str, header: _Header, line: int) -> list[Cell]:
    return [Cell("p", key, col, printed, None, "unparsed", None, line)
            for col in header.cols if col is not None]


def _rows_per_line(lines: list[str], header: _Header) -> list[tuple[list[str], str, int]]:
    """(cells, printed text, line index) of each row; ends at the first line that is no row."""
    rows = []
    for i in range(header.end, len(lines)):
        text = lines[i].strip()
        if not text or _RULE.fullmatch(text):
            continue
        cells = _split(lines[i])
        if "|" not in text and "\t" not in text:
            cells = _space_row(cells, header.width)
        if not _fits(cells, header) and _key(cells[0]) is None:
            break
        rows.append((cells, text, i))
    return rows


def _rows_cell_per_line(lines: list[str], header: _Header) -> list[tuple[list[str], str, int]]:
    """Rows of a table printed one cell per line: a label, then up to width-1 cells that are not
    labels. Ends at a cell that is no label where a row should start, or at an unkeyed row that
    does not fill its columns."""
    cells = [(i, _cell(line)) for i in range(header.end, len(lines))
             if (line := lines[i]).strip(" \u3000")]
    rows = []
    pos = 0
    while pos < len(cells) and _is_label(cells[pos][1]):
        start = pos
        pos += 1
        while pos < len(cells) and pos - start < header.width and not _is_label(cells[pos][1]):
            pos += 1
        row = [text for _, text in cells[start:pos]]
        if not _fits(row, header) and _key(row[0]) is None:
            break
        rows.append((row, "\n".join(row), cells[start][0]))
    return rows


def extract_p_cells(text: str) -> list[Cell]:
    """Cells of every 统计表 in a normalized pre-2019 report that is not flattened.

    Each keyed row yields one cell per year/cumulative column: "ok", "blank", "dash" or
    "unparsed" as cell_text reads it, or every cell "unparsed" with the row's printed text when
    the row does not have one cell per column. The first row of a key wins, as printed.
    """
    if _ANCHOR not in text:
        return []
    lines = text.split("\n")
    cells: list[Cell] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if _ANCHOR not in line or (header := _header(lines, i)) is None:
            continue
        read = _rows_cell_per_line if header.per_line else _rows_per_line
        for row, printed, at in read(lines, header):
            key = _key(row[0])
            if key is None or key in seen:
                continue
            seen.add(key)
            if _fits(row, header):
                cells += _row_cells(key, row, header, at + 1)
            else:
                cells += _unparsed(key, printed, header, at + 1)
    return cells
