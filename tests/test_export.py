"""`export_marts`: every mart of a real warehouse (the samples plus the corpus) to Parquet and
CSV, row for row; odd table names stay identifiers; a bad format or a missing file is refused."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
from marts_warehouse import samples_and_corpus

from xxgk.export import export_marts, mart_tables


@pytest.fixture(scope="module")
def marts() -> dict[str, int]:
    """Row count of every table and view of schema marts."""
    with duckdb.connect(str(samples_and_corpus()), read_only=True) as con:
        return {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0]
                for t in mart_tables(con)}


def test_parquet_export_writes_every_mart(marts: dict[str, int], tmp_path: Path) -> None:
    written = export_marts(samples_and_corpus(), tmp_path / "parquet", "parquet")
    assert [p.name for p in written] == [f"{t}.parquet" for t in sorted(marts)]
    assert {"dim_agency", "fct_agency_year_panel", "fct_proactive_disclosures"} <= set(marts)
    for path in written:
        rows = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchone()[0]
        assert rows == marts[path.stem], path.name
    agencies = duckdb.sql(f"select agency_name_norm from read_parquet('{tmp_path}/parquet/"
                          "dim_agency.parquet') where adcode6 = '320813'").fetchall()
    assert agencies == [("江苏省淮安市洪泽区人民政府",)]


def test_csv_export_has_a_header_and_every_row(marts: dict[str, int], tmp_path: Path) -> None:
    written = export_marts(samples_and_corpus(), tmp_path / "csv", "csv")
    assert len(written) == len(marts)
    with (tmp_path / "csv" / "fct_unresolved_agencies.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == marts["fct_unresolved_agencies"] == 1
    assert (rows[0]["agency_name"], rows[0]["unresolved_reason"]) == (
        "沐阳县人民政府", "no_division_name")


def test_names_are_quoted_and_bad_requests_refused(tmp_path: Path) -> None:
    db = tmp_path / "odd.duckdb"
    shutil.copy(samples_and_corpus(), db)
    with duckdb.connect(str(db)) as con:
        con.execute('create table marts."it\'s ""odd""" as select 1 as n')
    written = export_marts(db, tmp_path / "out", "csv")
    odd = tmp_path / "out" / "it's \"odd\".csv"
    assert odd in written and odd.read_text(encoding="utf-8").split() == ["n", "1"]
    with pytest.raises(ValueError, match="parquet, csv"):
        export_marts(db, tmp_path / "out", "xlsx")
    with pytest.raises(FileNotFoundError):
        export_marts(tmp_path / "missing.duckdb", tmp_path / "out", "csv")
