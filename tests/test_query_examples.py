"""The five example questions of docs/queries/ (shown in README.md), run against the marts of a
warehouse built from the five samples plus ../shared/corpus, return what the gold implies.

The expected answers are computed here from ../shared/gold and ../shared/corpus/gold.csv, never
read from the warehouse. What the gold does not say is stated below: where each publisher sits
(samples_reports.csv gives the samples' divisions; the corpus ones are read off manifest.csv's
agency names) and which reports are region aggregates (their preambles say so).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from marts_warehouse import CORPUS, GOLD, REPO_ROOT, samples_and_corpus

QUERIES = REPO_ROOT / "docs" / "queries"
T3_COLUMNS = ("natural_person", "commercial", "research", "social_org", "legal_service",
              "other_org", "total")
T3_FLOW = ("new_received", "carried_over", "total_handled", "carried_forward")

# Provinces of the corpus publishers. 沭阳县 (江苏) is printed 沐阳县 in 004 and stays unresolved,
# so it is in no province.
CORPUS_PROVINCES = {
    "淮安市洪泽区人民政府": "江苏省", "淮安市人民政府": "江苏省", "沭阳县人民政府": None,
    "上海市科学技术委员会": "上海市", "上海市人民政府办公厅": "上海市",
    "平潭综合实验区管委会": "福建省", "平潭县人民政府": "福建省",
    "平潭综合实验区地方税务局": "福建省",
}
# Compiled from subordinate units' reports, by their own preambles (never summed).
REGION_AGGREGATES = {"010_pingtan_2022.txt", "011_pingtan_2023.txt", "015_pingtan_xian_2011.txt"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _reports() -> dict[str, dict[str, str | int | None]]:
    """file -> agency, year, province of every sample and corpus report."""
    reports: dict[str, dict[str, str | int | None]] = {}
    for g in read_csv(GOLD / "samples_reports.csv"):
        reports[g["file"]] = {"agency": g["agency_name"], "year": int(g["report_year"]),
                              "province": g["province"], "county": g["county"]}
    for m in read_csv(CORPUS / "manifest.csv"):
        reports[m["file"]] = {"agency": m["agency"], "year": int(m["year"]),
                              "province": CORPUS_PROVINCES[m["agency"]], "county": None}
    return reports


def _cells() -> dict[tuple[str, str, str], Decimal | None]:
    """(file, row, col) -> printed T3 value (None: printed blank)."""
    return {(g["file"], g["row_key"], g["col_key"]): Decimal(g["value"]) if g["value"] else None
            for path in (GOLD / "samples_gold.csv", CORPUS / "gold.csv")
            for g in read_csv(path) if g["origin"] == "table" and g["table_id"] == "t3"}


REPORTS = _reports()
CELLS = _cells()
T3_FILES = sorted({f for (f, _, _) in CELLS})


def _is_outcome(row_key: str) -> bool:
    return row_key not in T3_FLOW


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(samples_and_corpus()), read_only=True)
    yield connection
    connection.close()


def run(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    return con.execute((QUERIES / name).read_text(encoding="utf-8")).fetchall()


def test_the_readme_shows_each_query_file() -> None:
    files = sorted(p.name for p in QUERIES.glob("*.sql"))
    assert len(files) == 5
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in files:
        assert name in readme
        assert (QUERIES / name).read_text(encoding="utf-8").strip() in readme


def test_shanxi_county_requests_and_refusals_2024(con: duckdb.DuckDBPyConnection) -> None:
    files = [f for f, r in REPORTS.items()
             if r["province"] == "山西省" and r["county"] and r["year"] == 2024]
    assert files == ["000_42e629f3efeda5df.txt", "004_583fb8ee4b7de20b.txt"]
    catalog = read_csv(REPO_ROOT / "seeds" / "indicator_catalog.csv")
    keys = ["new_received"] + [c["key"] for c in catalog if c["template"] == "2021"
                               and c["table_id"] == "t3" and c["parent_key"] == "denied"]
    expected = []
    for key in keys:
        values = [CELLS[f, key, "total"] for f in files if (f, key, "total") in CELLS]
        expected.append((key, sum(v for v in values if v is not None), len(values)))
    got = [(key, requests, reports) for key, _, requests, reports in run(
        con, "01_shanxi_county_requests_2024.sql")]
    assert got == expected
    assert got[0] == ("new_received", 15, 1) and len(got) == 9


def test_refusal_rate_doubled(con: duckdb.DuckDBPyConnection) -> None:
    rates: dict[tuple[str, int], Decimal] = {}
    for f in T3_FILES:
        handled = CELLS.get((f, "total_handled", "total"))
        if handled:
            refused = sum(v or 0 for (g, r, c), v in CELLS.items()
                          if g == f and c == "total" and r.startswith("denied_"))
            rates[REPORTS[f]["agency"], REPORTS[f]["year"]] = refused / handled
    expected = sorted(
        ((agency, year, float(rates[agency, year - 1]), float(rate),
          float(rate / rates[agency, year - 1]))
         for (agency, year), rate in rates.items()
         if rates.get((agency, year - 1)) and rate >= 2 * rates[agency, year - 1]),
        key=lambda e: -e[4])
    got = run(con, "02_refusal_rate_doubled.sql")
    assert [(year, prev, rate, ratio) for _, _, year, prev, rate, ratio, _, _ in got] == [
        pytest.approx(e[1:], rel=1e-12) for e in expected]
    for (norm, *_), (agency, *_) in zip(got, expected, strict=True):
        assert norm.endswith(agency)
    assert [(e[0], e[1]) for e in expected] == [("平潭综合实验区管委会", 2024)]


def test_granted_share_by_applicant_type(con: duckdb.DuckDBPyConnection) -> None:
    expected = []
    for col in T3_COLUMNS:
        pairs = [(CELLS[f, "granted", col], CELLS[f, "total_handled", col]) for f in T3_FILES
                 if f not in REGION_AGGREGATES
                 and CELLS.get((f, "granted", col)) is not None
                 and CELLS.get((f, "total_handled", col)) is not None]
        granted = sum(g for g, _ in pairs)
        handled = sum(h for _, h in pairs)
        expected.append((col, granted, handled,
                         float(granted / handled) if handled else None, len(pairs)))
    got = [(t, g, h, s, n) for t, _, g, h, s, n in run(
        con, "03_granted_share_by_applicant_type.sql")]
    assert [g[:3] + g[4:] for g in got] == [e[:3] + e[4:] for e in expected]
    assert [g[3] for g in got] == [e[3] if e[3] is None else pytest.approx(e[3], rel=1e-12)
                                   for e in expected]
    # 14 agency-level reports print 表三; 上海市人民政府办公厅 2019 leaves 总计 blank for its
    # results
    assert (expected[0][4], expected[-1][4]) == (14, 13)


def test_unbalanced_t3(con: duckdb.DuckDBPyConnection) -> None:
    expected = []
    for f in sorted(T3_FILES, key=lambda f: (REPORTS[f]["year"], f)):
        for col in T3_COLUMNS:
            flow = [CELLS.get((f, r, col)) for r in T3_FLOW]
            outcomes = [v for (g, r, c), v in CELLS.items()
                        if g == f and c == col and _is_outcome(r) and v is not None]
            summed = sum(outcomes) if outcomes else None
            total = flow[2]
            unbalanced = None not in flow and flow[0] + flow[1] != flow[2] + flow[3]
            mismatched = None not in (summed, total) and summed != total
            if unbalanced or mismatched:
                expected.append((f, col, summed, total))
    got = [(f, col, summed, total) for _, _, f, col, _, _, _, summed, total, _, _ in run(
        con, "04_unbalanced_t3.sql")]
    assert got == expected
    assert expected == [("008_pingtan_2020.txt", "natural_person", 26, 20),
                        ("008_pingtan_2020.txt", "total", 27, 21)]


def test_province_year_totals(con: duckdb.DuckDBPyConnection) -> None:
    totals: dict[tuple[str, int], list] = {}
    for f, r in REPORTS.items():
        if r["province"] is None:
            continue
        row = totals.setdefault((r["province"], r["year"]), [0, 0, Decimal(0), 0])
        if f in REGION_AGGREGATES:
            row[1] += 1
            continue
        row[0] += 1
        received = CELLS.get((f, "new_received", "total"))
        if received is not None:
            row[2] += received
            row[3] += 1
    got = {(p, y): [n, agg, received, received_n]
           for p, y, n, agg, received, received_n, *_ in run(con, "05_province_year_totals.sql")}
    expected = {k: [n, agg, received if received_n else None, received_n]
                for k, (n, agg, received, received_n) in totals.items()}
    assert got == expected
    assert got["福建省", 2022] == [0, 1, None, 0]
    assert got["江苏省", 2024] == [2, 0, 3214, 2]
