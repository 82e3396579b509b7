"""Rebuild the printed tables (T2, T3, T4; pre-2019 statistics) from fct_indicator_values.

Rows and columns follow the indicator catalog's printed order. A table whose rows use different
columns (T2: documents, decisions, fees) is split into consecutive blocks, each with its own
header, the way the template prints it. Cells show the text as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest import catalog
from quality_report.findings import CellKey
from quality_report.queries import Row

TABLE_TITLES = {
    "t2": "二、主动公开政府信息情况",
    "t3": "三、收到和处理政府信息公开申请情况",
    "t4": "四、政府信息公开行政复议、行政诉讼情况",
    "p": "统计数据 (2019年以前的报告)",
}
# Header groups the template prints above some columns.
COLUMN_GROUPS = {
    ("t3", key): "法人或其他组织"
    for key in ("commercial", "research", "social_org", "legal_service", "other_org")
}


@dataclass
class GridCell:
    key: str  # "t3.granted.total"
    text: str
    css: str  # space-separated classes
    tooltip: str


@dataclass
class GridRow:
    label: str
    depth: int
    cells: list[GridCell] = field(default_factory=list)  # empty: a group heading row


@dataclass
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class GridBlock:
    header: list[list[HeaderCell]]
    rows: list[GridRow]


@dataclass
class Grid:
    table_id: str
    title: str
    status: str | None  # dim_report's present/empty/absent (None for "p")
    from_prose: bool  # no table printed: the values were stated in the prose
    blocks: list[GridBlock]


def _header(table_id: str, columns: list[tuple[str, str]]) -> list[list[HeaderCell]]:
    groups = [COLUMN_GROUPS.get((table_id, key)) for key, _ in columns]
    if not any(groups):
        return [[HeaderCell("项目"), *(HeaderCell(label) for _, label in columns)]]
    top, bottom = [HeaderCell("项目", rowspan=2)], []
    for (_, label), group in zip(columns, groups, strict=True):
        if group is None:
            top.append(HeaderCell(label, rowspan=2))
        elif top[-1].label == group:
            top[-1].colspan += 1
            bottom.append(HeaderCell(label))
        else:
            top.append(HeaderCell(group))
            bottom.append(HeaderCell(label))
    return [top, bottom]


def _cell(table_id: str, row: str, col: str, cell: Row | None, fail: str | None) -> GridCell:
    key = f"{table_id}.{row}.{col}"
    if cell is None:
        return GridCell(key, "", "cell-missing", "not printed")
    classes = [f"cell-{cell['cell_status']}"]
    if cell["value_origin"] != "table":
        classes.append("cell-prose")
    if fail:
        classes.append(fail)
    parts = [f"{cell['row_label_zh']} / {cell['col_label_zh']}", f"line {cell['source_line']}",
             cell["cell_status"]]
    if cell["note"]:
        parts.append(f"note: {cell['note']}")
    return GridCell(key, cell["raw_text"] or "", " ".join(classes), "; ".join(parts))


def _depths(indicators: list[catalog.Indicator]) -> dict[str, int]:
    parent = {i.key: i.parent_key for i in indicators}
    depths = {}
    for key in parent:
        depth, up = 0, parent[key]
        while up in parent and depth < len(parent):
            depth, up = depth + 1, parent[up]
        depths[key] = depth
    return depths


def build_grid(
    table_id: str,
    template: str,
    cells: list[Row],
    status: str | None,
    failing: dict[CellKey, str],
) -> Grid | None:
    """The grid of one table, or None when the report has no values for it."""
    mine = [c for c in cells if c["table_id"] == table_id]
    printed = [c for c in mine if c["value_origin"] == "table"]
    shown = printed or mine
    if not shown:
        return None
    by_key = {(c["row_key"], c["col_key"]): c for c in shown}
    if not catalog.rows(template, table_id):  # e.g. T3 figures in a pre-2019 report's prose
        template = "2021"
    row_order = list(catalog.rows(template, table_id))
    col_order = [(c.key, c.label_zh) for c in catalog.cols(template, table_id)]
    known_rows = {r.key for r in row_order}
    known_cols = {k for k, _ in col_order}
    # Anything the catalog does not list still shows, after the catalog's rows and columns.
    extra_rows: dict[str, str] = {}
    for c in shown:
        if c["row_key"] not in known_rows:
            extra_rows.setdefault(c["row_key"], c["row_label_zh"] or c["row_key"])
        if c["col_key"] not in known_cols:
            known_cols.add(c["col_key"])
            col_order.append((c["col_key"], c["col_label_zh"] or c["col_key"]))
    labels = {r.key: r.label_zh for r in row_order} | extra_rows
    depths = _depths(row_order)
    printed_keys = {r.key for r in catalog.printed_rows(template, table_id)} | set(extra_rows)
    col_labels = dict(col_order)

    # Consecutive rows sharing a column form one block; a row with no cells joins the current
    # block (a printed row the parser missed) or heads a group inside it (a group label row).
    runs: list[tuple[set[str], list[str]]] = []  # (columns, row keys)
    for row_key in [r.key for r in row_order] + list(extra_rows):
        used = {k for k, _ in col_order if (row_key, k) in by_key}
        if not used and (not printed or not runs):  # prose figures: only the rows stated
            continue
        if used and not (runs and runs[-1][0] & used):
            runs.append((set(), []))
        runs[-1][0].update(used)
        runs[-1][1].append(row_key)

    blocks: list[GridBlock] = []
    for columns, row_keys in runs:
        used_cols = [k for k, _ in col_order if k in columns]
        header = _header(table_id, [(k, col_labels[k]) for k in used_cols])
        block = GridBlock(header=header, rows=[])
        for row_key in row_keys:
            grid_row = GridRow(labels[row_key], depths.get(row_key, 0))
            has_cells = any((row_key, k) in by_key for k in used_cols)
            if has_cells or row_key in printed_keys:
                grid_row.cells = [
                    _cell(table_id, row_key, k, by_key.get((row_key, k)),
                          failing.get((table_id, row_key, k)))
                    for k in used_cols
                ]
            block.rows.append(grid_row)
        blocks.append(block)
    return Grid(
        table_id=table_id,
        title=TABLE_TITLES.get(table_id, table_id),
        status=status,
        from_prose=not printed,
        blocks=blocks,
    )


def build_grids(report: Row, cells: list[Row], failing: dict[CellKey, str]) -> list[Grid]:
    grids = []
    for table_id in TABLE_TITLES:
        status = report.get(f"{table_id}_status")
        grid = build_grid(table_id, report["template_version"], cells, status, failing)
        if grid is not None:
            grids.append(grid)
    return grids
