"""`xxgk build` after new files: an incremental build whose data tests on tables rebuilt by
report read the reports ingested since the last successful build (xxgk/stages.py sets
XXGK_TESTED_SINCE; macros/incremental_reports.sql, reports_of_this_build), still fail on a
broken row of a new report, and reuse dbt's parsed project."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from conftest import CORPUS, SAMPLES, xxgk
from xxgk.stages import BUILD_STATE, dbt_target_dir

NEW_REPORT = "008_pingtan_2020.txt"


def _newest_ingest(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        newest = con.execute("select max(ingested_at) from raw.files").fetchone()[0]
    return newest.isoformat(sep=" ")


def test_incremental_build_tests_the_new_reports_rows(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copy(path, reports / path.name)
    db = tmp_path / "xxgk.duckdb"
    assert xxgk("ingest", "--reports", str(reports), "--db", str(db)).returncode == 0
    first = xxgk("build", "--db", str(db))
    assert first.returncode == 0, first.stdout[-3000:]
    target = dbt_target_dir(db)
    built_through = _newest_ingest(db)
    assert json.loads((target / BUILD_STATE).read_text(encoding="utf-8"))[
        "ingested_through"] == built_through

    shutil.copy(CORPUS / NEW_REPORT, reports / NEW_REPORT)
    assert xxgk("ingest", "--reports", str(reports), "--db", str(db)).returncode == 0
    with duckdb.connect(str(db)) as con:
        # a blank that carries a value: stg_gov_reports__cells_row_expectations must catch it
        updated = con.execute(
            "update raw.cells set status = 'blank', value_text = '5' "
            "where report_id = (select report_id from raw.files where file_name = ?) "
            "and table_id = 't3' and row_key = 'new_received' and col_key = 'natural_person'",
            [NEW_REPORT]).fetchone()
    assert updated == (1,)
    second = xxgk("build", "--db", str(db))
    assert second.returncode != 0
    assert "stg_gov_reports__cells_row_expectations" in second.stdout
    # the filter comes from the environment, not a dbt var, which would re-parse the project
    second_log = (target / "logs" / "dbt.log").read_text(encoding="utf-8").rsplit(
        "Running with dbt", 1)[-1]
    assert "Unable to do partial parsing" not in second_log
    compiled = next(target.glob("compiled/**/stg_gov_reports__cells_row_expectations.sql"))
    assert f"ingested_at > cast('{built_through}' as timestamp)" in compiled.read_text(
        encoding="utf-8")
