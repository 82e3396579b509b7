"""Gold rows of one report: its printed cells and prose figures, as ../shared/corpus/gold.csv
writes them (file, table_id, row_key, col_key, value, origin, note; empty value = printed blank).
"""

from __future__ import annotations

from collections.abc import Iterable

from synth.layouts import Tables
from synth.shapes import T2_BLOCKS, t2_cols
from synth.values import T3_COLS, T4_COLS, T4_ROWS


def _gold_cell(printed: str) -> tuple[str, str, str]:
    """(value, origin, note) of a printed table cell, as the gold CSV writes them."""
    if printed.isdigit():
        return printed, "table", ""
    if printed == "":
        return "", "table", "printed blank"
    if printed.endswith("元"):
        unit = "万元" if printed.endswith("万元") else "元"
        return printed.removesuffix(unit), "table", f"unit {unit} printed in the cell"
    if printed.endswith(")"):
        return printed.split("(", 1)[0], "table", f"printed as {printed}"
    return printed.removeprefix("+"), "table", ""


def gold_rows(t: Tables, narrative: Iterable[tuple[str, str, str, str]]) -> list[tuple[str, ...]]:
    """The gold CSV's rows of one report after its file name: every printed table cell, then
    the figures its prose states with table keys."""
    rows: list[tuple[str, ...]] = []
    if t.template != "pre2019":
        for block in T2_BLOCKS[t.template]:
            for _label, key in block.rows:
                for col, cell in zip(t2_cols(t.template)[key], t.t2[key], strict=True):
                    rows.append(("t2", key, col, *_gold_cell(cell)))
        for key, cells in t.t3.items():
            rows += [("t3", key, col, *_gold_cell(cell))
                     for col, cell in zip(T3_COLS, cells, strict=True)]
        for b, block in enumerate(T4_ROWS):
            rows += [("t4", block, col, *_gold_cell(cell))
                     for col, cell in zip(T4_COLS, t.t4[5 * b:5 * b + 5], strict=True)]
    if t.stats is not None:
        cols = ["cumulative" if "累计" in c else "year" for c in t.stats.columns]
        for r in t.stats.rows:
            if r.key:
                rows += [("p", r.key, col, value, "table", "")
                         for col, value in zip(cols, r.values, strict=True)]
    rows += [(tid, row, col, value, "narrative", "") for tid, row, col, value in narrative]
    return rows
