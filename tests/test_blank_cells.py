"""Empty cells of tables copied one cell per line (` |` or a lone tab on its own line) and of an
HTML 表四 row with one figure: read as blanks where their positions are certain, else the row is
kept unparsed. Texts are built here; each asserts the exact cells."""

from __future__ import annotations

from ingest import catalog
from ingest.html_text import html_to_text
from ingest.normalize import normalize_text
from ingest.records import Cell
from ingest.tables import extract_cells

T3_ROWS = [(r.key, r.label_zh) for r in catalog.printed_rows("2021", "t3")]
T3_COLS = [c.key for c in catalog.cols("2021", "t3")]
T4_KEYS = [(r.key, c.key) for r in catalog.rows("2021", "t4") for c in catalog.cols("2021", "t4")]
T4_HEADER = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
             "未经复议直接起诉", "复议后起诉", *["结果维持", "结果纠正", "其他结果", "尚未审结",
                                               "总计"] * 2]
ZEROS = ["0"] * 7
# new_received: blanks between figures; carried_over: every cell empty; carried_forward: ends blank
ROWS = {"new_received": ["4", "", "", "", "", "", "4"], "carried_over": [""] * 7,
        "carried_forward": ["2", "", "1", "", "", "", ""]}
T4 = ["", "", "", "", "", "3", "", "", "", "3", "", "", "", "", ""]


def _t3_rows(rows: dict[str, list[str]]) -> list[tuple[str, str, list[str]]]:
    return [(key, label, rows.get(key, ZEROS)) for key, label in T3_ROWS]


def _pipe_text(rows: dict[str, list[str]], t4: list[str], tail: str = " |") -> str:
    """A web page copied cell by cell: `text |` per cell, spacer lines of pipes between rows."""
    out = ["三、收到和处理政府信息公开申请情况", "申请人情况 |", "||||||||", "自然人 |",
           "法人或其他组织 |", "总计 |", "|||||||", "商业企业 |", "科研机构 |", "社会公益组织 |",
           "法律服务机构 |", "其他 |", "|||||"]
    for _, label, cells in _t3_rows(rows):
        out += [f"{label} |", *(f"{v} |" for v in cells), "||"]
    out.pop()
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    out += [f"{h} |" for h in T4_HEADER]
    out += ["|||||", *(f"{v} |" for v in t4[:-1]), f"{t4[-1]}{tail}"]
    out.append("五、存在的主要问题及改进情况")
    return "\n".join(out)


def _tab_text(rows: dict[str, list[str]], t4: list[str]) -> str:
    """A Word table copied cell by cell: a tab before each cell, an empty line after each row,
    lone tabs for the empty label cells of spanned rows."""
    out = ["三、收到和处理政府信息公开申请情况", "\t申请人情况", "", "\t", "\t自然人",
           "\t法人或其他组织", "\t总计", "", "\t", "\t", "\t商业", "企业", "\t科研", "机构",
           "\t社会公益组织", "\t法律服务机构", "\t其他", "\t", ""]
    for key, label, cells in _t3_rows(rows):
        if key not in ("new_received", "carried_over", "granted", "carried_forward"):
            out += ["\t", "\t"]  # the group and subgroup columns, spanned
        out += [f"\t{label}", *(f"\t{v}" for v in cells), ""]
    out += ["", "四、政府信息公开行政复议、行政诉讼情况", *(f"\t{h}" for h in T4_HEADER[:9]), "",
            *["\t"] * 5, *(f"\t{h}" for h in T4_HEADER[9:]), "", *(f"\t{v}" for v in t4), "",
            "五、存在的主要问题及改进情况"]
    return "\n".join(out)


def _cells(text: str) -> dict[tuple[str, str, str], Cell]:
    normalized, _ = normalize_text(text)
    assert normalized.count("\n") == text.count("\n")
    cells, _ = extract_cells(normalized, "2021")
    return {(c.table_id, c.row_key, c.col_key): c for c in cells}


def _read(cells: dict[tuple[str, str, str], Cell], table: str, row: str) -> list[tuple]:
    cols = T3_COLS if table == "t3" else [c for r, c in T4_KEYS if r == row]
    return [(cells[(table, row, c)].value_text, cells[(table, row, c)].status) for c in cols]


def _expected(printed: list[str]) -> list[tuple]:
    return [(v, "ok") if v else (None, "blank") for v in printed]


def _assert_read(cells: dict[tuple[str, str, str], Cell], rows: dict[str, list[str]],
                 t4: list[str]) -> None:
    for key, _, printed in _t3_rows(rows):
        assert _read(cells, "t3", key) == _expected(printed), key
    assert [(cells[("t4", r, c)].value_text, cells[("t4", r, c)].status)
            for r, c in T4_KEYS] == _expected(t4)


def test_pipe_cells_with_empty_cells() -> None:
    text = _pipe_text(ROWS, T4)
    cells = _cells(text)
    _assert_read(cells, ROWS, T4)
    lines = text.split("\n")
    blank = cells[("t3", "new_received", "commercial")]
    assert (blank.raw_text, blank.value_text) == ("", None)
    assert lines[blank.source_line - 1] == " |"
    assert lines[blank.source_line - 3] == "一、本年新收政府信息公开申请数量 |"


def test_pipe_cells_last_cell_without_separator_is_not_guessed() -> None:
    # The page's last cell printed empty lost its " |": an empty line, which may be nothing.
    t4 = ["1", *[""] * 14]
    cells = _cells(_pipe_text(ROWS, t4, tail=""))
    assert {cells[("t4", r, c)].status for r, c in T4_KEYS} == {"unparsed"}
    assert _read(cells, "t3", "new_received") == _expected(ROWS["new_received"])


def test_pipe_cells_row_short_of_a_cell_stays_unparsed() -> None:
    text = _pipe_text(ROWS, T4).replace("一、本年新收政府信息公开申请数量 |\n4 |\n |\n",
                                         "一、本年新收政府信息公开申请数量 |\n4 |\n")
    cells = _cells(text)
    assert {s for _, s in _read(cells, "t3", "new_received")} == {"unparsed"}
    assert _read(cells, "t3", "carried_over") == _expected(ROWS["carried_over"])
    assert _read(cells, "t3", "granted") == _expected(ZEROS)


def test_tab_cells_with_empty_cells_and_spanned_label_columns() -> None:
    t4 = ["", *T4[1:]]  # 表四's row starts with an empty cell right after an empty line
    cells = _cells(_tab_text(ROWS, t4))
    _assert_read(cells, ROWS, t4)


def test_tab_cells_run_not_closed_by_an_empty_line_stays_unparsed() -> None:
    # Without the empty line after 二、上年结转's cells, its last lone tab might be a spanned
    # label cell of the next row: the row keeps its cells unparsed, the next is read. Its six
    # figures then belong to no row, so the table's other empty cells are not sure either.
    rows = {**ROWS, "carried_over": ["1", "0", "0", "0", "0", "0", ""]}
    text = _tab_text(rows, T4).replace("\t0\n\t\n\n\t（一）予以公开", "\t0\n\t\n\t（一）予以公开")
    cells = _cells(text)
    assert {s for _, s in _read(cells, "t3", "carried_over")} == {"unparsed"}
    assert _read(cells, "t3", "granted") == _expected(ZEROS)
    assert _read(cells, "t3", "new_received") == [("4", "ok"), *[(None, "unparsed")] * 5,
                                                  ("4", "ok")]


def test_html_t4_row_with_one_figure() -> None:
    head = ('<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr><tr>'
            + "".join(f'<td rowspan="2">{h}</td>' for h in T4_HEADER[2:7])
            + '<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr><tr>'
            + "".join(f"<td>{h}</td>" for h in T4_HEADER[9:]) + "</tr>")
    t4 = [*[""] * 14, "2"]
    row = "<tr>" + "".join(f"<td>{v}</td>" for v in t4) + "</tr>"
    page = (f"<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p><table>{head}{row}</table>"
            "<p>五、存在的主要问题及改进情况</p></body></html>")
    cells = _cells(html_to_text(page))
    assert [(cells[("t4", r, c)].value_text, cells[("t4", r, c)].status)
            for r, c in T4_KEYS] == _expected(t4)
