"""Rebuild the rows of a printed table (T2, T3, T4; pre-2019 statistics) that a report's findings
name, from fct_indicator_values.

Rows and columns follow the indicator catalog's printed order. Rows that use different columns
(T2: documents, decisions, fees) are split into consecutive blocks, each with its own header, the
way the template prints them. Cells show the text as printed; their HTML comes from the query
(html_sql.CELL_TD), as a grid can have a few hundred cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from markupsafe import Markup, escape

from ingest import catalog
from quality_report.queries import CellRow, Row

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
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class GridRow:
    label: str
    depth: int
    cells: Markup  # its <td> cells


@dataclass
class GridBlock:
    header: list[list[HeaderCell]]
    rows: list[GridRow] = field(default_factory=list)


@dataclass
class Grid:
    table_id: str
    title: str
    status: str | None  # dim_report's present/empty/absent (None for "p")
    from_prose: bool  # no table printed: the values were stated in the prose
    blocks: list[GridBlock]


@dataclass(frozen=True)
class Layout:
    """What the catalog says about one table of one template."""

    rows: tuple[str, ...]  # row keys in printed order
    labels: dict[str, str]
    depths: dict[str, int]
    cols: tuple[tuple[str, str], ...]  # (key, label) in printed order


@cache
def _layout(template: str, table_id: str) -> Layout:
    indicators = catalog.rows(template, table_id)
    parent = {i.key: i.parent_key for i in indicators}
    depths = {}
    for key in parent:
        depth, up = 0, parent[key]
        while up in parent and depth < len(parent):
            depth, up = depth + 1, parent[up]
        depths[key] = depth
    return Layout(
        rows=tuple(i.key for i in indicators),
        labels={i.key: i.label_zh for i in indicators},
        depths=depths,
        cols=tuple((c.key, c.label_zh) for c in catalog.cols(template, table_id)),
    )


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


def _missing(key: str) -> str:
    return f'<td class="cell cell-missing" data-key="{escape(key)}" title="not printed"></td>'


def build_grid(
    table_id: str, template: str, cells: list[CellRow], status: str | None
) -> Grid | None:
    """The grid of the rows of one table that cells hold (the rows the report's findings name),
    or None when it has none. Each cell carries its <td> (html_sql.CELL_TD)."""
    printed = [c for c in cells if c.value_origin == "table"]
    shown = printed or cells
    if not shown:
        return None
    if not catalog.rows(template, table_id):  # e.g. T3 figures in a pre-2019 report's prose
        template = "2021"
    layout = _layout(template, table_id)
    by_key = {(c.row_key, c.col_key): c for c in shown}
    col_order = list(layout.cols)
    known_rows, known_cols = set(layout.rows), {k for k, _ in col_order}
    # Anything the catalog does not list still shows, after the catalog's rows and columns.
    extra_rows: dict[str, str] = {}
    used_by_row: dict[str, set[str]] = {}
    for c in shown:
        used_by_row.setdefault(c.row_key, set()).add(c.col_key)
        if c.row_key not in known_rows:
            extra_rows.setdefault(c.row_key, c.row_label_zh or c.row_key)
        if c.col_key not in known_cols:
            known_cols.add(c.col_key)
            col_order.append((c.col_key, c.col_label_zh or c.col_key))

    # Consecutive rows sharing a column form one block, under its own header.
    runs: list[tuple[set[str], list[str]]] = []  # (columns, row keys)
    for row_key in (*layout.rows, *extra_rows):
        used = used_by_row.get(row_key)
        if not used:
            continue
        if not (runs and runs[-1][0] & used):
            runs.append((set(), []))
        runs[-1][0].update(used)
        runs[-1][1].append(row_key)

    labels = {**layout.labels, **extra_rows}
    blocks: list[GridBlock] = []
    for columns, row_keys in runs:
        used_cols = [(k, label) for k, label in col_order if k in columns]
        block = GridBlock(header=_header(table_id, used_cols))
        for row_key in row_keys:
            tds = []
            for k, _ in used_cols:
                cell = by_key.get((row_key, k))
                tds.append(cell.td if cell else _missing(f"{table_id}.{row_key}.{k}"))
            block.rows.append(GridRow(labels[row_key], layout.depths.get(row_key, 0),
                                      Markup("".join(tds))))
        blocks.append(block)
    return Grid(
        table_id=table_id,
        title=TABLE_TITLES.get(table_id, table_id),
        status=status,
        from_prose=not printed,
        blocks=blocks,
    )


def _th(h: HeaderCell) -> str:
    span = (f' colspan="{h.colspan}"' if h.colspan > 1 else "") + (
        f' rowspan="{h.rowspan}"' if h.rowspan > 1 else "")
    return f"<th{span}>{escape(h.label)}</th>"


def render(grid: Grid) -> Markup:
    """A grid as HTML: its heading, then a table per block (cells as CELL_TD wrote them)."""
    status = f' <span class="muted">({escape(grid.status)})</span>' if grid.status else ""
    out = [f'<h3 id="table-{escape(grid.table_id)}">{escape(grid.title)}{status}</h3>\n']
    if grid.from_prose:
        out.append('<p class="muted">No table printed: figures stated in the prose.</p>\n')
    for block in grid.blocks:
        out.append(f'<table class="grid" data-table="{escape(grid.table_id)}"><thead>')
        out.extend("<tr>" + "".join(_th(h) for h in row) + "</tr>" for row in block.header)
        out.append("</thead><tbody>\n")
        out.extend(
            f'<tr><td class="label" style="padding-left: {0.5 + row.depth * 1.2:g}rem">'
            f"{escape(row.label)}</td>{row.cells}</tr>\n"
            for row in block.rows
        )
        out.append("</tbody></table>\n")
    return Markup("".join(out))


def build_grids(report: Row, cells: list[CellRow]) -> list[Grid]:
    """The grids of the tables among cells, in printed order."""
    by_table: dict[str, list[CellRow]] = {}
    for cell in cells:
        by_table.setdefault(cell.table_id, []).append(cell)
    grids = []
    for table_id in TABLE_TITLES:
        grid = build_grid(table_id, report["template_version"], by_table.get(table_id, []),
                          report.get(f"{table_id}_status"))
        if grid is not None:
            grids.append(grid)
    return grids
