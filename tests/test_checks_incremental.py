"""Incremental checks (int_reports_to_check): a build after new and changed reports leaves the
check models and quality marts exactly as a full refresh makes them, while computing only the
reports it has to.

The five samples and 平潭 2020 are built first; then 平潭 2019 (the year before, so 2020's
cross-year checks Q09/Q12 gain a previous report) and 2021 arrive and a sample changes (a new
version, a new report_id).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from marts_warehouse import BUILD_MODELS, CORPUS, SAMPLES, copy_reports, dbt, work_folder

from ingest.load_raw import ingest_reports

TABLES = ("marts.fct_consistency_checks", "marts.fct_check_findings",
          "intermediate.int_t3_rows_summed", "intermediate.int_carry_over_checked",
          "intermediate.int_reports_compared_to_previous_year")


def _rows(db: Path) -> dict[str, list[tuple]]:
    """Each table's rows, sorted (checked_at, the time of the build, left out)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(
            f"select * exclude (checked_at) from {table} order by all"
            if table == "marts.fct_consistency_checks" else f"select * from {table} order by all"
        ).fetchall() for table in TABLES}


def test_incremental_checks_equal_a_full_refresh() -> None:
    work = work_folder("xxgk_checks_incremental_")
    reports = copy_reports(work / "reports", SAMPLES)
    shutil.copy(CORPUS / "008_pingtan_2020.txt", reports)
    db = work / "xxgk.duckdb"
    ingest_reports(reports, db)
    first = dbt(db, work, *BUILD_MODELS)
    assert first.returncode == 0, first.stdout[-3000:]

    for name in ("007_pingtan_2019.txt", "009_pingtan_2021.txt"):
        shutil.copy(CORPUS / name, reports)
    changed = reports / "004_583fb8ee4b7de20b.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n（此件为更新版本）\n",
                       encoding="utf-8")
    assert ingest_reports(reports, db).files_loaded == 3
    rerun = dbt(db, work, *BUILD_MODELS)
    assert rerun.returncode == 0, rerun.stdout[-3000:]
    assert "incremental model marts.fct_consistency_checks" in rerun.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        reasons = dict(con.execute(
            "select files.file_name, to_check.reason "
            "from intermediate.int_reports_to_check as to_check "
            "inner join raw.files on to_check.report_id = files.report_id").fetchall())
        current = con.execute("select count(*) from intermediate.int_reports_scoped").fetchone()
    # the new reports, and 2020, the year after 2019; the other samples are kept as they were
    assert reasons == {"007_pingtan_2019.txt": "new", "009_pingtan_2021.txt": "new",
                       "004_583fb8ee4b7de20b.txt": "new", "008_pingtan_2020.txt": "next_year"}
    assert current == (8,)
    incremental = _rows(db)
    assert any(row[1] == "Q09" for row in incremental["intermediate.int_carry_over_checked"])

    refreshed_db = work / "refreshed.duckdb"
    shutil.copy(db, refreshed_db)
    refreshed = dbt(refreshed_db, work, *BUILD_MODELS, "--full-refresh")
    assert refreshed.returncode == 0, refreshed.stdout[-3000:]
    assert _rows(refreshed_db) == incremental
