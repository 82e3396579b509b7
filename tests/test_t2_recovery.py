"""表二 runs decided by evidence beyond the row: the report's prose, the agency's next v2019 report.

Real text: corpus 007/008 (平潭 2019 and 2020, crawler-flattened, v2019) against the corpus gold.
Constructed cells cover what the corpus lacks: disagreeing prose, an identity leaving two
readings, two reports for one agency-year.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.parse_report import parse_report
from ingest.records import Cell, Figure, ParsedReport
from ingest.t2_recovery import (
    RECOVERED,
    ChainReport,
    agency_key,
    recover_across_years,
    recover_by_prose,
    recover_chains,
    with_recovered,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _parsed(number: str) -> tuple[str, ParsedReport]:
    path = next(CORPUS.glob(f"{number}_*.txt"))
    return path.name, parse_report(path.read_bytes())


def _gold(file: str) -> dict[tuple[str, str], str]:
    with (CORPUS / "gold.csv").open(encoding="utf-8") as f:
        return {(r["row_key"], r["col_key"]): r["value"] for r in csv.DictReader(f)
                if r["file"] == file and r["table_id"] == "t2"}


def _values(cells: list[Cell]) -> dict[tuple[str, str], str | None]:
    return {(c.row_key, c.col_key): c.value_text for c in cells}


@pytest.fixture(scope="module")
def pingtan_2019_2020() -> tuple[tuple[str, ParsedReport], tuple[str, ParsedReport]]:
    return _parsed("007"), _parsed("008")


def test_next_year_catalogue_decides_the_2019_runs(pingtan_2019_2020) -> None:
    (name_e, e), (name_l, late) = pingtan_2019_2020
    got_e, got_l = recover_across_years(e.cells, late.cells, name_e, name_l)
    gold = _gold(name_e)
    assert _values(got_e) == {key: gold[key] for key in _values(got_e)}
    assert _values(got_e) == {
        ("admin_license", "prev_items"): "396", ("admin_license", "delta"): "0",
        ("admin_license", "decisions"): "181",
        ("other_admin_services", "prev_items"): "10", ("other_admin_services", "delta"): "0",
        ("other_admin_services", "decisions"): "153",
        ("admin_penalty", "prev_items"): "2648", ("admin_penalty", "delta"): "0",
        ("admin_penalty", "decisions"): "430",
        ("admin_fees", "prev_items"): "35", ("admin_fees", "delta"): "0",
    }
    # 行政强制 '126025' / '1262629': 126/0/25 and 1260/2/5 both agree with the next year: unread.
    assert ("admin_coercion", "prev_items") not in _values(got_e)
    # 2020 gets only the cell every surviving reading shares: its 上一年项目数量.
    assert _values(got_l) == {("admin_license", "prev_items"): "396",
                              ("other_admin_services", "prev_items"): "10",
                              ("admin_penalty", "prev_items"): "2648"}
    cell = next(c for c in got_e if (c.row_key, c.col_key) == ("admin_license", "decisions"))
    assert (cell.raw_text, cell.status, cell.source_line) == ("3960181", RECOVERED, 1)
    assert cell.note is not None and name_l in cell.note and "the one reading" in cell.note


def test_chains_pair_consecutive_v2019_years_of_one_agency(pingtan_2019_2020) -> None:
    (name_e, e), (name_l, late) = pingtan_2019_2020

    def report(name: str, parsed: ParsedReport, **kw) -> ChainReport:
        fields = {"agency_name": parsed.metadata.agency_name,
                  "report_year": parsed.metadata.report_year,
                  "template_version": parsed.metadata.template_version, **kw}
        return ChainReport(name, name, cells=parsed.cells, **fields)

    both = recover_chains([report(name_e, e), report(name_l, late)])
    assert sorted(both) == [name_e, name_l] and len(both[name_e]) == 11
    # A second 2019 report of the same agency: which one chains is unclear, nothing recovered.
    assert recover_chains([report(name_e, e), report("dup", e), report(name_l, late)]) == {}
    # A year apart by two, or another agency, or the 2021 template: no pair.
    assert recover_chains([report(name_e, e), report(name_l, late, report_year=2021)]) == {}
    assert recover_chains([report(name_e, e), report(name_l, late, agency_name="福州市")]) == {}
    assert recover_chains([report(name_e, e), report(name_l, late, template_version="2021")]) == {}
    # The agency key drops whitespace and bracketed asides, as the warehouse's macro does.
    assert agency_key(" 平潭综合实验区 管委会（本级）") == "平潭综合实验区管委会"
    merged = with_recovered(e.cells, both[name_e])
    assert len(merged) == len(e.cells)
    assert sum(c.status == RECOVERED for c in merged) == 11


def _run_row(run: str, row_key: str = "normative_docs") -> list[Cell]:
    return [Cell("t2", row_key, col, run, None, "unparsed", None, 2)
            for col in ("issued", "repealed", "in_force")]


def _figure(col_key: str, value: str, evidence: str) -> Figure:
    return Figure("x", value, "件", False, evidence, evidence, 0, len(evidence), 1,
                  "t2", "normative_docs", col_key)


def test_prose_figures_decide_a_run_when_one_reading_agrees() -> None:
    cells = _run_row("8855698")
    figures = [_figure("in_force", "698", "现行有效行政规范性文件698件"),
               _figure("issued", "88", "本年度制发的规范性文件88件")]
    got = recover_by_prose(cells, figures)
    assert _values(got) == {("normative_docs", "issued"): "88",
                            ("normative_docs", "repealed"): "55",
                            ("normative_docs", "in_force"): "698"}
    assert all(c.status == RECOVERED and c.raw_text == "8855698" for c in got)
    assert "现行有效行政规范性文件698件 (line 1)" in (got[0].note or "")


def test_prose_that_fits_no_reading_or_leaves_several_decides_nothing_else() -> None:
    # 平潭 2023 prints 77132470 and says 现行有效…393件: no reading has 393, so nothing is taken.
    cells = _run_row("77132470")
    figures = [_figure("in_force", "393", "现行有效行政规范性文件393件"),
               _figure("issued", "77", "本年度制发的规范性文件77件")]
    assert recover_by_prose(cells, figures) == []
    # Only 制发77: the readings 77/1/32470, 77/13/2470, 77/132/470 … share just the first cell.
    got = recover_by_prose(cells, figures[1:])
    assert _values(got) == {("normative_docs", "issued"): "77"}
    # A row read from the table, or prose about another row, changes nothing.
    read = [Cell("t2", "normative_docs", c, "1", "1", "ok", None, 2)
            for c in ("issued", "repealed", "in_force")]
    assert recover_by_prose(read, figures) == []
    assert recover_by_prose(_run_row("77132470", "regulations"), figures) == []


def test_real_prose_decides_the_runs_it_fits() -> None:
    """平潭 2022 says 现行有效…698件 and 本年度制发…88件 of '8855698'; 2024 says 制发…62件 of
    '6233440'; 2023 says 现行有效…393件, which no reading of '77132470' has."""
    for number, expected in (
        ("010", {"issued": "88", "repealed": "55", "in_force": "698"}),
        ("012", {"issued": "62"}),
        ("011", {}),
    ):
        name, parsed = _parsed(number)
        gold = _gold(name)
        row = {c.col_key: c for c in parsed.cells
               if c.table_id == "t2" and c.row_key == "normative_docs"}
        got = {col: c.value_text for col, c in row.items() if c.status == RECOVERED}
        assert got == expected, name
        assert all(gold["normative_docs", col] == v for col, v in got.items())
        assert all(c.status == "unparsed" for col, c in row.items() if col not in got)
