"""End to end: `xxgk run` on the five samples reproduces the gold, and a re-run changes nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

from conftest import GOLD, Run, read_csv, xxgk


def _query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_run_prints_summary(sample_run: Run) -> None:
    out = sample_run.output
    assert "5 files read, 5 loaded, 0 unchanged, 0 duplicates, 0 errors" in out
    assert "5 reports in the warehouse, 0 errors, 6 tables found" in out
    assert str(sample_run.db) in out
    assert (sample_run.db.parent / "quality_report" / "index.html").exists()
    assert (sample_run.db.parent / "data_docs").is_dir()


def test_every_gold_cell_is_in_the_mart(warehouse: Path) -> None:
    got = {
        (f, t, r, c, o): v
        for f, t, r, c, o, v in _query(
            warehouse,
            "select source_file, table_id, row_key, col_key, value_origin, value "
            "from marts.fct_indicator_values",
        )
    }
    gold = read_csv(GOLD / "samples_gold.csv")
    assert len(gold) == 407
    matched = [
        g for g in gold
        if got.get((g["file"], g["table_id"], g["row_key"], g["col_key"], g["origin"]), "missing")
        == Decimal(g["value"])
    ]
    missing = [g for g in gold if g not in matched]
    assert missing == []
    assert len(matched) == 407


def test_report_metadata_matches_gold(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select source_file, agency_name, report_year, template_version, has_t2, has_t3, has_t4 "
        "from marts.dim_report order by source_file",
    )
    expected = [
        (g["file"], g["agency_name"], int(g["report_year"]), g["template_version"],
         g["has_t2"] == "true", g["has_t3"] == "true", g["has_t4"] == "true")
        for g in read_csv(GOLD / "samples_reports.csv")
    ]
    assert rows == sorted(expected)


def test_prose_figures_found_with_evidence(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select r.source_file, f.figure_key, f.value, f.unit, f.evidence, f.sentence, "
        "f.source_line, f.char_start, f.char_end "
        "from marts.fct_narrative_figures f join marts.dim_report r using (report_id)",
    )
    found = {(r[0], r[1], r[2], r[3]): r for r in rows}
    for gold in read_csv(GOLD / "samples_narrative.csv"):
        key = (gold["file"], gold["figure_key"], Decimal(gold["value"]), gold["unit"])
        assert key in found, key
        _, _, _, _, evidence, sentence, line, start, end = found[key]
        assert evidence in sentence and line >= 1 and end - start == len(evidence)


def test_rerun_leaves_the_same_row_counts(sample_run: Run, sample_reports: Path) -> None:
    tables = ["raw.files", "raw.cells", "raw.figures", "marts.dim_report",
              "marts.fct_indicator_values", "marts.fct_consistency_checks"]
    sql = " union all ".join(f"select '{t}', count(*) from {t}" for t in tables)
    before = _query(sample_run.db, sql)
    proc = xxgk("run", "--reports", str(sample_reports), "--db", str(sample_run.db))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "5 files read, 0 loaded, 5 unchanged, 0 duplicates, 0 errors" in proc.stdout
    assert _query(sample_run.db, sql) == before
