"""Layouts and cell forms the corpus lacks, on reports we wrote ourselves (tests/data/layouts/).

Every report prints the same figures (2021 template: T2_2021, T3_2021, T4 below; the 2019 one its
own T2), each in another layout and with its own cell forms; each test asserts every cell: keys,
value, status and note, and that each cell's source line holds its printed text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.html_text import html_to_text
from ingest.parse_report import parse_report
from ingest.records import ParsedReport

DATA = Path(__file__).resolve().parent / "data" / "layouts"
Key = tuple[str, str, str]
Got = tuple[str | None, str, str | None]  # value_text, status, note

T3_COLS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org",
           "total")
T3_2021 = {
    "new_received": "40 3 1 0 2 1 47",
    "carried_over": "5 0 0 0 0 0 5",
    "granted": "12 1 0 0 1 0 14",
    "partially_granted": "4 0 0 0 0 0 4",
    "denied_state_secret": "0 0 0 0 0 0 0",
    "denied_law_forbidden": "1 0 0 0 0 0 1",
    "denied_three_safeties": "0 0 0 0 0 0 0",
    "denied_third_party": "2 0 0 0 0 0 2",
    "denied_internal_affairs": "0 0 0 0 0 0 0",
    "denied_process_info": "3 0 0 0 0 0 3",
    "denied_enforcement_file": "0 0 0 0 0 0 0",
    "denied_query_matter": "1 0 0 0 0 0 1",
    "unable_not_held": "9 1 1 0 0 1 12",
    "unable_needs_creation": "2 0 0 0 0 0 2",
    "unable_unclear": "1 0 0 0 0 0 1",
    "not_processed_petition": "3 0 0 0 0 0 3",
    "not_processed_duplicate": "2 1 0 0 0 0 3",
    "not_processed_publication": "0 0 0 0 0 0 0",
    "not_processed_mass_repeat": "0 0 0 0 0 0 0",
    "not_processed_confirm": "0 0 0 0 0 0 0",
    "other_no_correction": "1 0 0 0 0 0 1",
    "other_no_fee": "0 0 0 0 0 0 0",
    "other_other": "1 0 0 0 1 0 2",
    "total_handled": "42 3 1 0 2 1 49",
    "carried_forward": "3 0 0 0 0 0 3",
}
T4_ROWS = ("admin_review", "litigation_direct", "litigation_after_review")
T4_COLS = ("upheld", "corrected", "other", "pending", "total")
T4 = "2 1 0 1 4 1 0 0 2 3 0 0 1 0 1"
T2_2021 = {
    ("regulations", "issued"): "1", ("regulations", "repealed"): "0",
    ("regulations", "in_force"): "5", ("normative_docs", "issued"): "12",
    ("normative_docs", "repealed"): "3", ("normative_docs", "in_force"): "1234",
    ("admin_license", "decisions"): "256", ("admin_penalty", "decisions"): "1024",
    ("admin_coercion", "decisions"): "7", ("admin_fees", "amount_10k_yuan"): "0.35",
}
BLANK: Got = (None, "blank", None)


def _ok(value: str, note: str | None = None) -> Got:
    return (value, "ok", note)


def _expected(template: str = "2021", **t3_rows: str) -> dict[Key, Got]:
    """The figures every constructed report prints, as cells."""
    t3 = dict(T3_2021)
    if template == "2019":  # (六)其他处理: one row, no items
        for item in ("other_no_correction", "other_no_fee", "other_other"):
            del t3[item]
        t3["other_handling"] = "2 0 0 0 1 0 3"
    t3.update(t3_rows)
    cells: dict[Key, Got] = {}
    if template == "2021":
        cells |= {("t2", r, c): _ok(v) for (r, c), v in T2_2021.items()}
    for row, values in t3.items():
        cells |= {("t3", row, col): _ok(v) for col, v in zip(T3_COLS, values.split(), strict=True)}
    keys = [(r, c) for r in T4_ROWS for c in T4_COLS]
    cells |= {("t4", r, c): _ok(v) for (r, c), v in zip(keys, T4.split(), strict=True)}
    return cells


@cache
def _parse(name: str) -> ParsedReport:
    path = DATA / name
    return parse_report(path.read_bytes(), is_html=path.suffix == ".html")


def _cells(parsed: ParsedReport) -> dict[Key, Got]:
    got = {(c.table_id, c.row_key, c.col_key): (c.value_text, c.status, c.note)
           for c in parsed.cells}
    assert len(got) == len(parsed.cells), "a key was emitted twice"
    return got


def _raw(parsed: ParsedReport) -> dict[Key, str]:
    return {(c.table_id, c.row_key, c.col_key): c.raw_text for c in parsed.cells}


def _assert_lines_hold_cells(parsed: ParsedReport) -> None:
    """Each cell's source line (1-based, in the normalized text) holds its printed text."""
    lines = parsed.normalized_text.split("\n")
    for cell in parsed.cells:
        assert cell.raw_text in lines[cell.source_line - 1], cell


def _assert_read(parsed: ParsedReport, template: str) -> None:
    assert parsed.metadata.template_version == template
    assert [f for f in parsed.flags if f.flag.startswith("table_")] == []
    _assert_lines_hold_cells(parsed)


# ---- HTML ----------------------------------------------------------------------------------------
def test_html_page_with_spans_breaks_nested_markup_and_chrome() -> None:
    parsed = _parse("html_spans.html")
    _assert_read(parsed, "2021")
    assert parsed.metadata.title == "清河县交通运输局2023年政府信息公开工作年度报告"
    assert parsed.metadata.report_year == 2023
    expected = _expected()
    # "12<br>(其中修订3件)" (full-width brackets): the note printed under the number stays with it.
    expected[("t2", "normative_docs", "issued")] = _ok("12", "其中修订3件")
    # A row of &nbsp; cells but for its total: blank cells, not zeros.
    expected |= {("t3", "denied_enforcement_file", c): BLANK for c in T3_COLS[:-1]}
    assert _cells(parsed) == expected
    # Page chrome is gone: head script, nav, breadcrumb, top bar, hidden text, footer, body script.
    text = parsed.normalized_text
    for chrome in ("columnTitle", "首页", "无障碍", "当前位置", "浏览次数", "网站标识码",
                   "9 9 9", "document.write"):
        assert chrome not in text
    assert text.count("三、收到和处理政府信息公开申请情况") == 1


def test_html_value_spans_keep_positions_and_label_spans_read_like_a_browser_copy() -> None:
    html = (
        "<table>"
        '<tr><td colspan="2">第二十条第(一)项</td><td colspan="3">本年制发件数</td></tr>'
        '<tr><td rowspan="2">(三)不予公开</td><td>1.属于国家秘密</td><td rowspan="2">0</td>'
        '<td colspan="2">1</td></tr>'
        "<tr><td>2.其他法律行政法规禁止公开</td><td>3</td><td>4</td></tr>"
        "</table>"
    )
    assert html_to_text(html).split("\n") == [
        "第二十条第(一)项\t本年制发件数",  # labels spanning columns are written once
        "(三)不予公开\t1.属于国家秘密\t0\t1\t",  # a value spanning 2 columns: one empty cell
        # The group label spanning down is written once; the value spanning down leaves an empty
        # cell, so 3 and 4 stay in their columns.
        "2.其他法律行政法规禁止公开\t\t3\t4",
    ]


def test_html_breaks_inside_cells_join_words_but_never_digits() -> None:
    html = (
        "<table><tr>"
        "<td>本年新<br/>制作数量</td><td><p>251000</p><p>元</p></td><td>12<br>5</td>"
        "<td><p><span>商业</span></p>\n  <p><span>企业</span></p></td><td>&nbsp;</td><td></td>"
        "<td>1</td></tr></table>"
    )
    assert html_to_text(html) == "本年新制作数量\t251000元\t12 5\t商业企业\t\u00a0\t\t1"


def test_html_chrome_is_judged_by_what_it_holds() -> None:
    html = (
        '<html><body class="nav-open"><header><a>首页</a></header>'
        '<div class="menu">政务公开 12345</div>'
        "<article><header><h1>清河县2023年政府信息公开工作年度报告</h1></header>"
        '<div class="nav-content"><table><tr><td>规章</td><td>1</td></tr></table></div>'
        '</article><div class="site-footer">网站标识码1305340001</div></body></html>'
    )
    # A header outside the article and named chrome blocks go; a block named "nav-content" that
    # holds a table, the body and the article's own header stay.
    assert html_to_text(html).split("\n") == [
        "清河县2023年政府信息公开工作年度报告", "规章\t1"]


def test_html_end_tags_left_out_and_layout_tables() -> None:
    html = (
        "<html><body><table><tr><td><p>一、总体情况<p>全年主动公开信息12条。"
        "<table><tr><td>规章<td>1<td>2<td>3<tr><td>行政规范性文件<td>4<td>5<td>6</table>"
        "<p>五、存在的主要问题及改进情况</td></tr></table></body></html>"
    )
    assert html_to_text(html).split("\n") == [
        "一、总体情况", "全年主动公开信息12条。", "规章\t1\t2\t3", "行政规范性文件\t4\t5\t6",
        "五、存在的主要问题及改进情况",
    ]


# ---- text layouts --------------------------------------------------------------------------------
def test_markdown_tables_with_rules() -> None:
    parsed = _parse("markdown_rules.txt")
    _assert_read(parsed, "2021")
    expected = _expected()
    expected[("t2", "normative_docs", "repealed")] = _ok("3", "到期失效2件")
    # "| 4.无正当理由大量反复申请 |  |  |  |  |  |  | 0 |": six printed blanks.
    expected |= {("t3", "not_processed_mass_repeat", c): BLANK for c in T3_COLS[:-1]}
    assert _cells(parsed) == expected


def test_rows_split_by_runs_of_spaces_full_width_digits_curly_quotes_no_check_note() -> None:
    parsed = _parse("spaces_fullwidth.txt")
    _assert_read(parsed, "2021")
    assert parsed.metadata.report_year == 2024  # printed in full-width digits
    assert "本列数据的勾稽关系" not in parsed.normalized_text
    expected = _expected()
    expected[("t2", "admin_license", "decisions")] = _ok("256", "其中告知承诺制12件")
    expected[("t2", "admin_fees", "amount_10k_yuan")] = _ok("0.35", "万元")
    assert _cells(parsed) == expected
    raw = _raw(parsed)
    assert raw[("t3", "new_received", "total")] == "47"  # printed in full-width digits
    assert raw[("t2", "normative_docs", "in_force")] == "1,234"


def test_tab_rows_with_blanks_dashes_and_notes_in_cells() -> None:
    parsed = _parse("tabs_dashes.txt")
    _assert_read(parsed, "2021")
    dash: Got = (None, "dash", None)
    expected = _expected()
    expected |= {
        ("t2", "regulations", "repealed"): _ok("0", "到期失效4件"),
        ("t2", "admin_penalty", "decisions"): _ok("3", "其中简易程序2件"),
        ("t2", "admin_coercion", "decisions"): dash,
        ("t2", "admin_fees", "amount_10k_yuan"): dash,
    }
    expected |= {("t3", row, c): dash for row in ("denied_state_secret", "denied_three_safeties")
                 for c in T3_COLS}
    expected |= {("t3", row, c): BLANK for c in ("social_org", "legal_service")
                 for row in ("unable_not_held", "unable_needs_creation", "unable_unclear")}
    expected |= {("t4", r, c): BLANK for r, c in (
        ("admin_review", "other"), ("litigation_direct", "corrected"),
        ("litigation_direct", "other"), ("litigation_after_review", "upheld"),
        ("litigation_after_review", "corrected"), ("litigation_after_review", "pending"))}
    assert _cells(parsed) == expected
    raw = _raw(parsed)  # dashes keep what was printed
    assert raw[("t2", "admin_coercion", "decisions")] == "\u2014"
    assert raw[("t2", "admin_fees", "amount_10k_yuan")] == "无"
    assert raw[("t3", "denied_state_secret", "total")] == "-"
    assert raw[("t3", "denied_three_safeties", "natural_person")] == "/"


def test_gb18030_file_reads_like_its_utf8_twin(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes((DATA / "tabs_dashes.txt").read_text(encoding="utf-8").encode("gb18030"))
    parsed = parse_report(path.read_bytes())
    assert parsed.decoded.encoding == "gb18030"
    assert parsed.metadata.title == "清河县统计局2022年政府信息公开工作年度报告"
    twin = _parse("tabs_dashes.txt")
    assert parsed.cells == twin.cells


def test_v2019_report_one_cell_per_line() -> None:
    parsed = _parse("v2019_cell_per_line.txt")
    _assert_read(parsed, "2019")
    expected = _expected("2019")
    t2 = {
        "regulations": ("2", "2", "18"), "normative_docs": ("9", "9", "131"),
        "admin_license": ("35", "-3", "1280"), "other_admin_services": ("12", "2", "96"),
        "admin_penalty": ("48", "0", "317"), "admin_coercion": ("6", "-1", "22"),
        "admin_fees": ("4", "0"),
    }
    for row, values in t2.items():
        docs = row in ("regulations", "normative_docs")
        cols = ("new_made", "new_published", "total_published") if docs else (
            "prev_items", "delta", "decisions")
        expected |= {("t2", row, c): _ok(v) for c, v in zip(cols, values, strict=False)}
    expected[("t2", "central_procurement", "procurement_projects")] = _ok("15")
    expected[("t2", "central_procurement", "procurement_amount")] = _ok("251000", "元")
    assert _cells(parsed) == expected
    assert _raw(parsed)[("t2", "other_admin_services", "delta")] == "+2"


# ---- rows printed all blank ----------------------------------------------------------------------
_ALL_BLANK_ROW = {
    "tabs": ("tabs_dashes.txt", "7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0",
             "7.属于行政执法案卷\t\t\t\t\t\t\t"),
    "markdown": ("markdown_rules.txt", "| 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
                 "| 7.属于行政执法案卷 |  |  |  |  |  |  |  |"),
}


@pytest.mark.parametrize("layout", sorted(_ALL_BLANK_ROW))
def test_row_printed_all_blank(layout: str) -> None:
    name, row, blank_row = _ALL_BLANK_ROW[layout]
    text = (DATA / name).read_text(encoding="utf-8")
    assert row in text
    got = _cells(parse_report(text.replace(row, blank_row).encode("utf-8")))
    assert {c: got[("t3", "denied_enforcement_file", c)] for c in T3_COLS} == {
        c: BLANK for c in T3_COLS}
