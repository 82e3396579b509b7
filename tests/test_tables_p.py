"""A pre-2019 统计表 printed as a table (tables_p), in every layout but flattened text: exact cells,
blanks and units as printed, unreadable rows kept raw, and the parser wiring (tab rows, HTML)."""

from __future__ import annotations

from ingest.normalize import normalize_text
from ingest.parse_report import parse_report
from ingest.records import Cell
from ingest.tables_p import extract_p_cells

PREAMBLE = ["某县人民政府2011年政府信息公开工作年度报告", "附件:2011年政府信息公开情况统计表"]
HEADER = ["指标名称", "计量单位", "2011年度", "历年累计"]
ROWS = [
    ["主动公开信息数", "条", "87", "2895"],
    ["其中:1.网站公开", "条", "86", ""],
    ["2.政府公报公开", "条", "1", "45"],
    ["受理依申请公开信息总数", "件", "12", "48"],
    ["其中:1.当面申请数", "件", "7", "23"],  # no catalog key: read, not emitted
    ["行政复议数", "件", "—", "0"],
]
FOOTER = ["", "某县人民政府办公室", "2012年3月1日"]


def _expected(first_line: int, step: int) -> list[Cell]:
    """The cells of ROWS when row i (0-based) is printed on line first_line + i * step."""
    keys = ["proactive_items", "active_via_website", "active_via_gazette",
            "applications_received", None, "admin_reviews"]
    cells = []
    for i, (key, (_, unit, year, cumulative)) in enumerate(zip(keys, ROWS, strict=True)):
        if key is None:
            continue
        for col, raw in (("year", year), ("cumulative", cumulative)):
            status = {"": "blank", "—": "dash"}.get(raw, "ok")
            value = raw if status == "ok" else None
            cells.append(Cell("p", key, col, raw, value, status, unit, first_line + i * step))
    return cells


def _read(lines: list[str]) -> list[Cell]:
    text, _ = normalize_text("\n".join(lines))
    return extract_p_cells(text)


def test_tab_rows() -> None:
    table = ["\t".join(r) for r in [HEADER, *ROWS]]
    assert _read(PREAMBLE + table + FOOTER) == _expected(4, 1)


def test_space_separated_rows() -> None:
    rows = [r if r[3] else [*r[:3], "-"] for r in ROWS]  # spaces cannot print a blank cell
    table = ["  ".join(r) for r in [HEADER, *rows]]
    expected = _expected(4, 1)
    expected[3] = Cell("p", "active_via_website", "cumulative", "-", None, "dash", "条", 5)
    assert _read(PREAMBLE + table + FOOTER) == expected


def test_one_cell_per_line_tabs_with_blank_lines_between_rows() -> None:
    table = ["\t" + c for c in HEADER]
    for r in ROWS:
        table += ["", *("\t" + c for c in r)]  # a blank cell prints as a lone tab
    assert _read(PREAMBLE + table + FOOTER) == _expected(8, 5)


def test_one_cell_per_line_pipes() -> None:
    table = [f"{c} |" for r in [HEADER, *ROWS] for c in r]
    assert _read(PREAMBLE + table + FOOTER) == _expected(7, 4)


def test_markdown_pipes_with_rule() -> None:
    table = ["| " + " | ".join(r) + " |" for r in [HEADER]]
    table += ["|---|---|---|---|", *("| " + " | ".join(r) + " |" for r in ROWS)]
    assert _read(PREAMBLE + table + FOOTER) == _expected(5, 1)


def test_html_table_through_the_parser() -> None:
    def tr(cells: list[str]) -> str:
        return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

    html = ("<html><body><div class='nav'>首页</div><div class='article'>"
            "<h1>某县人民政府2011年政府信息公开工作年度报告</h1>"
            "<p>一、概述</p><p>本年度主动公开政府信息87条。</p>"
            "<p>附件:2011年政府信息公开情况统计表</p><table>"
            + "".join(tr(r) for r in [HEADER, *ROWS]) + "</table></div></body></html>")
    parsed = parse_report(html.encode())
    assert parsed.metadata.template_version == "pre2019"
    lines = parsed.normalized_text.split("\n")
    first = lines.index("\t".join(ROWS[0])) + 1
    assert [c for c in parsed.cells if c.table_id == "p"] == _expected(first, 1)


def test_units_inside_cells_and_no_unit_column() -> None:
    text = "\n".join(["指标名称\t2011年度\t历年累计", "主动公开信息数\t87条\t2895条",
                      "行政诉讼数\t1件\t3件"])
    assert extract_p_cells(text) == [
        Cell("p", "proactive_items", "year", "87条", "87", "ok", "条", 2),
        Cell("p", "proactive_items", "cumulative", "2895条", "2895", "ok", "条", 2),
        Cell("p", "admin_litigations", "year", "1件", "1", "ok", "件", 3),
        Cell("p", "admin_litigations", "cumulative", "3件", "3", "ok", "件", 3),
    ]


def test_row_that_does_not_fill_its_columns_is_kept_raw() -> None:
    text = "\n".join(["指标名称\t计量单位\t2011年度\t历年累计", "行政复议数\t件\t3",
                      "行政诉讼数\t件\t约5\t9", "行政申诉数\t件\t0\t0"])
    assert extract_p_cells(text) == [
        Cell("p", "admin_reviews", "year", "行政复议数\t件\t3", None, "unparsed", None, 2),
        Cell("p", "admin_reviews", "cumulative", "行政复议数\t件\t3", None, "unparsed", None, 2),
        Cell("p", "admin_litigations", "year", "约5", None, "unparsed", "件", 3),
        Cell("p", "admin_litigations", "cumulative", "9", "9", "ok", "件", 3),
        Cell("p", "complaints", "year", "0", "0", "ok", "件", 4),
        Cell("p", "complaints", "cumulative", "0", "0", "ok", "件", 4),
    ]


def test_two_year_columns_are_not_guessed() -> None:
    text = "\n".join(["指标名称\t计量单位\t2010年度\t2011年度\t历年累计",
                      "行政复议数\t件\t1\t2\t3"])
    assert extract_p_cells(text) == [
        Cell("p", "admin_reviews", "cumulative", "3", "3", "ok", "件", 2)]


def test_table_ends_at_the_first_line_that_is_no_row() -> None:
    text = "\n".join(["指标名称\t计量单位\t2011年度\t历年累计", "行政复议数\t件\t1\t2",
                      "备注:行政诉讼数为历年累计", "行政诉讼数\t件\t5\t6"])
    assert [c.row_key for c in extract_p_cells(text)] == ["admin_reviews", "admin_reviews"]


def test_no_header_no_cells() -> None:
    assert extract_p_cells("主动公开信息数\t条\t87\t2895") == []
