"""Gold rows of one report: its printed cells and prose figures, as ../shared/corpus/gold.csv
writes them (file, table_id, row_key, col_key, value, origin, note; empty value = printed blank).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from synth.layouts import Tables
from synth.shapes import T2_BLOCKS, t2_cols
from synth.values import T3_COLS, T4_COLS, T4_ROWS


def _value_origin_note(printed: str) -> str:
    """"value,origin,note" of a printed table cell."""
    if printed.isdigit():
        return f"{printed},table,"
    if printed == "":
        return ",table,printed blank"
    if printed.endswith("元"):
        unit = "万元" if printed.endswith("万元") else "元"
        return f"{printed.removesuffix(unit)},table,unit {unit} printed in the cell"
    if printed.endswith(")"):
        return f"{printed.split('(', 1)[0]},table,printed as {printed}"
    return f"{printed.removeprefix('+')},table,"


@cache
def _keys(template: str, t3_rows: tuple[str, ...]) -> tuple[str, ...]:
    """"table_id,row_key,col_key," of every table cell in printed order."""
    keys = [f"t2,{key},{col},"
            for block in T2_BLOCKS[template] for _label, key in block.rows
            for col in t2_cols(template)[key]]
    keys += [f"t3,{key},{col}," for key in t3_rows for col in T3_COLS]
    keys += [f"t4,{block},{col}," for block in T4_ROWS for col in T4_COLS]
    return tuple(keys)


def gold_rows(t: Tables, narrative: Iterable[tuple[str, str, str, str]]) -> list[str]:
    """The gold CSV's lines of one report after "file,": every printed table cell, then the
    figures its prose states with table keys."""
    rows: list[str] = []
    if t.template != "pre2019":
        cells = [cell for key in t2_cols(t.template) for cell in t.t2[key]]
        cells += [cell for values in t.t3.values() for cell in values]
        cells += t.t4
        rows += [key + _value_origin_note(cell)
                 for key, cell in zip(_keys(t.template, tuple(t.t3)), cells, strict=True)]
    if t.stats is not None:
        cols = ["cumulative" if "累计" in c else "year" for c in t.stats.columns]
        rows += [f"p,{r.key},{col},{value},table,"
                 for r in t.stats.rows if r.key
                 for col, value in zip(cols, r.values, strict=True)]
    rows += [f"{tid},{row},{col},{value},narrative," for tid, row, col, value in narrative]
    return rows
