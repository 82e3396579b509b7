"""Cells of a 表二 digit run that evidence beyond the row decides (cell status "recovered").

表二 rows have no identity of their own, so a flattened run such as `8855698` (行政规范性文件:
本年制发/本年废止/现行有效) stays unparsed when it has several readings. Two kinds of evidence still
decide some of its cells, exactly, never by plausibility:
- the report's own prose restating a cell of that row (集中公开现行有效行政规范性文件698件,
  本年度制发的规范性文件88件): only the readings agreeing with every such figure are kept;
- for the v2019 item catalogues (行政许可, 其他对外管理服务事项, 行政处罚, 行政强制,
  行政事业性收费), the same agency's next v2019 report: its 上一年项目数量 is this year's
  上一年项目数量 plus 本年增/减.
A cell is recovered when every reading the evidence leaves gives it the same value; the other cells
stay unparsed. A recovered cell keeps the printed run as raw_text and says in its note what
decided it. Both functions are pure: cells and figures in, recovered cells out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from ingest import catalog
from ingest.records import Cell, Figure
from ingest.tables_flat import MAX_READINGS, Reading, cell_kind, split_run

RECOVERED = "recovered"
_PREV, _DELTA = "prev_items", "delta"
_AGENCY_NOISE = re.compile(r"\s+|[（(][^）)]*[）)]")


def _number(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _row_cells(cells: Iterable[Cell], row_key: str) -> list[Cell]:
    return [c for c in cells if c.table_id == "t2" and c.row_key == row_key]


def _open_run(row: Sequence[Cell]) -> str | None:
    """The printed run of a row none of whose cells was read, if it is one digit run."""
    if not row or any(c.status != "unparsed" for c in row) or len({c.raw_text for c in row}) > 1:
        return None
    run = row[0].raw_text.strip().removesuffix("万元").removesuffix("元").strip()
    return run if run and all(ch.isdigit() or ch in " +-." for ch in run) else None


def _readings(row: Sequence[Cell], cols: Sequence[str]) -> list[Reading] | None:
    """Candidate readings of a row in `cols` order: the printed values of a read row, the
    readings of an open run; None when the row tells nothing (blank, partly read, too many)."""
    by_col = {c.col_key: c for c in row}
    if set(by_col) != set(cols):
        return None
    if all(c.status in ("ok", RECOVERED) and c.value_text is not None for c in row):
        return [tuple(by_col[col].value_text or "" for col in cols)]
    run = _open_run(row)
    if run is None:
        return None
    found = split_run(run, [cell_kind(col) for col in cols])
    return found if found is not None and len(found) < MAX_READINGS else None


def _decided(row: Sequence[Cell], cols: Sequence[str], survivors: Sequence[Reading],
             why: str) -> list[Cell]:
    """The row's cells on which every surviving reading agrees, as recovered cells."""
    if not survivors or _open_run(row) is None:
        return []
    by_col = {c.col_key: c for c in row}
    out = []
    for i, col in enumerate(cols):
        values = {_number(r[i]) for r in survivors}
        if len(values) == 1:
            value = survivors[0][i].lstrip("+")
            note = f"recovered from the run {by_col[col].raw_text!r}: {why}"
            out.append(replace(by_col[col], value_text=value, status=RECOVERED, note=note))
    return out


def _readings_left(survivors: Sequence[object]) -> str:
    return "the one reading" if len(survivors) == 1 else f"all {len(survivors)} readings"


def recover_by_prose(cells: Sequence[Cell], figures: Sequence[Figure]) -> list[Cell]:
    """Cells of unread 表二 runs that the report's own prose figures for that row decide."""
    recovered: list[Cell] = []
    rows: dict[str, list[Cell]] = {}  # the 表二 cells by row, in order (one pass over the cells)
    for c in cells:
        if c.table_id == "t2":
            rows.setdefault(c.row_key, []).append(c)
    for row_key, row in rows.items():
        mentions = [f for f in figures if f.table_id == "t2" and f.row_key == row_key]
        if not mentions or _open_run(row) is None:
            continue
        cols = [c.col_key for c in row]
        options = _readings(row, cols) or []
        at = {f.col_key: cols.index(f.col_key) for f in mentions if f.col_key in cols}
        survivors = [r for r in options
                     if all(_number(r[at[f.col_key]]) == _number(f.value_text)
                            for f in mentions if f.col_key in at)]
        said = "; ".join(f"{f.evidence} (line {f.source_line})" for f in mentions)
        recovered += _decided(row, cols, survivors,
                              f"{_readings_left(survivors)} agreeing with the report's prose: "
                              f"{said}")
    return recovered


def recover_across_years(earlier: Sequence[Cell], later: Sequence[Cell],
                         earlier_name: str, later_name: str) -> tuple[list[Cell], list[Cell]]:
    """Cells of unread v2019 catalogue runs that two consecutive v2019 reports of one agency decide.

    The identity: later 上一年项目数量 = earlier 上一年项目数量 + earlier 本年增/减. Returns the
    recovered cells of the earlier and of the later report.
    """
    got_earlier: list[Cell] = []
    got_later: list[Cell] = []
    for row_key, cols in catalog.T2_LAYOUT["2019"].items():
        if cols[:2] != (_PREV, _DELTA):
            continue
        row_e, row_l = _row_cells(earlier, row_key), _row_cells(later, row_key)
        options_e, options_l = _readings(row_e, cols), _readings(row_l, cols)
        if not options_e or not options_l:
            continue
        pairs = [(a, b) for a in options_e for b in options_l
                 if _number(b[0]) is not None and _number(a[0]) is not None
                 and _number(a[1]) is not None and _number(b[0]) == _number(a[0]) + _number(a[1])]
        rule = "上一年项目数量 of the later year = 上一年项目数量 + 本年增/减 of the earlier"
        left_e = list(dict.fromkeys(a for a, _ in pairs))
        left_l = list(dict.fromkeys(b for _, b in pairs))
        got_earlier += _decided(row_e, cols, left_e,
                                f"{_readings_left(left_e)} agreeing with {later_name} ({rule})")
        got_later += _decided(row_l, cols, left_l,
                              f"{_readings_left(left_l)} agreeing with {earlier_name} ({rule})")
    return got_earlier, got_later


@dataclass(frozen=True)
class ChainReport:
    """What cross-year recovery needs of a report: who, which year, which template, its cells."""

    key: str  # what the result is keyed by (a report id, a file name)
    name: str  # how notes name it: the source file
    agency_name: str | None
    report_year: int | None
    template_version: str
    cells: Sequence[Cell]


def agency_key(agency_name: str | None) -> str | None:
    """The agency grouping key of the warehouse (macro agency_key): whitespace and bracketed
    asides dropped."""
    return _AGENCY_NOISE.sub("", agency_name or "") or None


def recover_chains(reports: Iterable[ChainReport]) -> dict[str, list[Cell]]:
    """Recovered cells per report key, over every pair of consecutive v2019 reports of one
    agency. An agency-year with more than one report is left out: which one chains is unclear."""
    by_year: dict[tuple[str, int], list[ChainReport]] = {}
    for r in reports:
        key = agency_key(r.agency_name)
        if key and r.report_year is not None and r.template_version == "2019":
            by_year.setdefault((key, r.report_year), []).append(r)
    out: dict[str, list[Cell]] = {}
    for (agency, year), (earlier, *others) in by_year.items():
        (later, *more) = by_year.get((agency, year + 1), [None])
        if others or more or later is None:
            continue
        got_e, got_l = recover_across_years(
            earlier.cells, later.cells, f"{earlier.name} ({year})", f"{later.name} ({year + 1})")
        out.setdefault(earlier.key, []).extend(got_e)
        out.setdefault(later.key, []).extend(got_l)
    return {key: kept for key, cells in out.items() if (kept := _agreeing(cells))}


def _agreeing(cells: Sequence[Cell]) -> list[Cell]:
    """One cell per key; a key that the years before and after decide differently is dropped."""
    by_key: dict[tuple[str, str, str], list[Cell]] = {}
    for c in cells:
        by_key.setdefault((c.table_id, c.row_key, c.col_key), []).append(c)
    return [found[0] for found in by_key.values()
            if len({_number(c.value_text) for c in found}) == 1]


def with_recovered(cells: Sequence[Cell], recovered: Sequence[Cell]) -> list[Cell]:
    """`cells` with each recovered cell in place of the unread one of the same key."""
    if not recovered:  # most reports
        return list(cells)
    by_key = {(c.table_id, c.row_key, c.col_key): c for c in recovered}
    return [by_key.get((c.table_id, c.row_key, c.col_key), c) for c in cells]

