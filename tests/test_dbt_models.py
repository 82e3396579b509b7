"""dbt project: ingest the five samples for real, run `dbt build` (models, data and unit tests),
then compare the marts with ../shared/gold.

dbt-duckdb holds the DuckDB file open for its whole process, so dbt runs in a subprocess and the
marts are read afterwards, read-only.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingest.load_raw import ingest_reports

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
GOLD = SHARED / "gold"
DBT = Path(sys.executable).with_name("dbt")

T3_COLUMNS = ("natural_person", "commercial", "research", "social_org", "legal_service",
              "other_org")
T4_OUTCOMES = ("upheld", "corrected", "other", "pending")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    """A warehouse from the samples after a real ingest and a full `dbt build`."""
    work = tmp_path_factory.mktemp("dbt_models")
    db = work / "xxgk.duckdb"
    ingest_reports(SAMPLES, db)
    proc = subprocess.run(
        [str(DBT), "build", "--profiles-dir", "profiles", "--project-dir", ".",
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=REPO_ROOT, env={**os.environ, "XXGK_DB": str(db)},
        capture_output=True, text=True, timeout=300,
    )
    return db, proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def con(built: tuple[Path, int, str]) -> Iterator[duckdb.DuckDBPyConnection]:
    db, returncode, output = built
    assert returncode == 0, output[-4000:]
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def test_dbt_build_passes_every_model_and_test(built: tuple[Path, int, str]) -> None:
    _, returncode, output = built
    assert returncode == 0, output[-4000:]
    assert "ERROR=0" in output and "WARN=0" in output
    # the unit tests ran: pivots and group totals, rates, year-over-year joins, the region
    # rollup, agency resolution and scope, Q01, Q03 and Q11 status logic
    for unit_test in (
        "int_t3_pivoted_to_applicant_types::t3_pivot_derives_group_totals_and_keeps_blanks_null",
        "int_t2_pivoted_to_reports::t2_pivot_keeps_each_template_in_its_own_columns",
        "fct_disclosure_requests::t3_shares_use_safe_division_and_balances_stay_null_on_blanks",
        "fct_agency_year_panel::yoy_joins_the_year_before_only_and_one_report_per_agency_year",
        "fct_region_year_rollup::region_rollup_sums_agency_level_reports_and_never_aggregates",
        "int_agency_names_matched_to_regions::"
        "matcher_keeps_the_longest_names_and_short_names_only_where_they_can_start",
        "int_agencies_resolved::agencies_resolve_to_the_deepest_division_that_fits_every_full_name",
        "int_reports_scoped::governments_compiled_from_subordinate_units_are_region_aggregates",
        "int_t3_columns_balanced::q01_passes_balanced_columns_and_fails_unbalanced_ones",
        "int_t3_rows_summed::q03_checks_each_row_total_against_its_applicant_types",
        "int_figures_matched_to_tables::q11_matches_prose_against_cells_and_natural_aggregates",
    ):
        assert f"PASS {unit_test}" in output
    # the singular tests that prove the data tests fail on bad data, and the panel and rollup
    for data_test in ("assert_generic_tests_catch_failures",
                      "assert_panel_previous_year_is_the_year_before",
                      "assert_region_rollup_matches_agency_level_reports"):
        assert f"PASS {data_test}" in output


def test_dbt_docs_generate_catalogs_the_marts(built: tuple[Path, int, str]) -> None:
    db, returncode, output = built
    assert returncode == 0, output[-4000:]
    work = db.parent
    proc = subprocess.run(
        [str(DBT), "docs", "generate", "--profiles-dir", "profiles", "--project-dir", ".",
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=REPO_ROOT, env={**os.environ, "XXGK_DB": str(db)},
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:]
    catalog = json.loads((work / "target" / "catalog.json").read_text(encoding="utf-8"))
    dim_agency = catalog["nodes"]["model.xxgk.dim_agency"]
    assert dim_agency["metadata"]["schema"] == "marts"
    assert dim_agency["metadata"]["comment"].startswith("One row per agency")
    assert dim_agency["columns"]["report_scope"]["comment"].startswith("Scope of the agency")


def test_schemas_are_exactly_the_four_layers(con: duckdb.DuckDBPyConnection) -> None:
    schemas = {r[0] for r in con.execute(
        "select schema_name from information_schema.schemata "
        "where catalog_name = current_database()"
    ).fetchall()}
    assert {"raw", "staging", "intermediate", "marts"} <= schemas
    assert not [s for s in schemas if s.startswith("main_")]


def test_every_gold_cell_is_in_fct_indicator_values(con: duckdb.DuckDBPyConnection) -> None:
    gold = read_csv(GOLD / "samples_gold.csv")
    assert len(gold) == 407
    rows = con.execute(
        "select source_file, table_id, row_key, col_key, value_origin, value "
        "from marts.fct_indicator_values"
    ).fetchall()
    values = {tuple(r[:5]): r[5] for r in rows}
    found, wrong = 0, []
    for g in gold:
        key = (g["file"], g["table_id"], g["row_key"], g["col_key"], g["origin"])
        if key in values:
            found += 1
            if values[key] != Decimal(g["value"]):
                wrong.append((key, g["value"], values[key]))
    assert (found, wrong) == (407, [])
    # and no table cell beyond the gold ones
    table_rows = sorted(k[:4] for k in values if k[4] == "table")
    gold_table = sorted((g["file"], g["table_id"], g["row_key"], g["col_key"])
                        for g in gold if g["origin"] == "table")
    assert table_rows == gold_table


def test_dim_report_matches_samples_reports(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select source_file, agency_name, report_year, template_version, has_t2, has_t3, has_t4 "
        "from marts.dim_report where is_current order by source_file"
    ).fetchall()
    expected = [
        (r["file"], r["agency_name"], int(r["report_year"]), r["template_version"],
         r["has_t2"] == "true", r["has_t3"] == "true", r["has_t4"] == "true")
        for r in read_csv(GOLD / "samples_reports.csv")
    ]
    assert rows == expected


def _gold_cells(file: str) -> dict[tuple[str, str, str], Decimal]:
    return {(g["table_id"], g["row_key"], g["col_key"]): Decimal(g["value"])
            for g in read_csv(GOLD / "samples_gold.csv")
            if g["file"] == file and g["origin"] == "table"}


def _status(expected: Decimal, actual: Decimal) -> str:
    return "pass" if expected == actual else "fail"


def _identities_from_gold(file: str) -> dict[tuple[str, str], tuple[str, Decimal, Decimal]]:
    """Q01-Q04 per scope, computed by hand from the gold cells (all printed, none blank)."""
    cell = _gold_cells(file)
    t3_rows = sorted({r for (t, r, _) in cell if t == "t3"})
    outcome_rows = [r for r in t3_rows if r not in
                    ("new_received", "carried_over", "total_handled", "carried_forward")]
    checks = {}
    for c in (*T3_COLUMNS, "total"):
        inflow = cell["t3", "new_received", c] + cell["t3", "carried_over", c]
        outflow = cell["t3", "total_handled", c] + cell["t3", "carried_forward", c]
        checks["Q01", c] = (_status(inflow, outflow), inflow, outflow)
        handled = cell["t3", "total_handled", c]
        outcomes = sum(cell["t3", r, c] for r in outcome_rows)
        checks["Q02", c] = (_status(handled, outcomes), handled, outcomes)
    for r in t3_rows:
        total = cell["t3", r, "total"]
        parts = sum(cell["t3", r, c] for c in T3_COLUMNS)
        checks["Q03", r] = (_status(total, parts), total, parts)
    for b in ("admin_review", "litigation_direct", "litigation_after_review"):
        total = cell["t4", b, "total"]
        parts = sum(cell["t4", b, o] for o in T4_OUTCOMES)
        checks["Q04", b] = (_status(total, parts), total, parts)
    return checks


@pytest.mark.parametrize("file", ["002_ce4d592b0188065d.txt", "004_583fb8ee4b7de20b.txt"])
def test_identity_checks_match_gold(con: duckdb.DuckDBPyConnection, file: str) -> None:
    expected = _identities_from_gold(file)
    # 25 printed T3 rows (2021), 7 columns, 3 T4 blocks; both reports print every cell
    assert len(expected) == 7 + 7 + 25 + 3
    rows = con.execute(
        "select rule_id, scope, blank_handling, status, expected, actual "
        "from marts.fct_consistency_checks "
        "where source_file = ? and rule_id in ('Q01', 'Q02', 'Q03', 'Q04')",
        [file],
    ).fetchall()
    for handling in ("blank_as_zero", "fully_printed"):
        got = {(r[0], r[1]): (r[3], r[4], r[5]) for r in rows if r[2] == handling}
        assert got == expected
    assert len(rows) == 2 * len(expected)


def test_identity_values_for_sample_004(con: duckdb.DuckDBPyConnection) -> None:
    # 004 T3 自然人: 15 new + 0 carried over = 14 handled + 1 carried forward;
    # handled 14 = 1 granted + 7 partially granted + 6 not held.
    rows = dict(con.execute(
        "select rule_id || '/' || scope, [expected, actual] from marts.fct_consistency_checks "
        "where source_file = '004_583fb8ee4b7de20b.txt' and blank_handling = 'fully_printed' "
        "and status = 'pass'"
    ).fetchall())
    assert rows["Q01/natural_person"] == [15, 15]
    assert rows["Q02/natural_person"] == [14, 14]
    assert rows["Q03/partially_granted"] == [7, 7]


def test_checks_are_not_assessable_without_tables(con: duckdb.DuckDBPyConnection) -> None:
    # 003 prints no T2/T3/T4 (its 表三 figures are in prose); 000 prints empty tables.
    rows = con.execute(
        "select source_file, rule_id, status, count(*) from marts.fct_consistency_checks "
        "where source_file in ('000_42e629f3efeda5df.txt', '003_ffd40503d4e8776a.txt') "
        "and rule_id in ('Q01', 'Q02', 'Q03', 'Q04', 'Q07') and scope <> 'sections' "
        "group by all order by all"
    ).fetchall()
    per_file = [("Q01", "not_assessable", 14), ("Q02", "not_assessable", 14),
                ("Q03", "not_assessable", 50), ("Q04", "not_assessable", 6),
                ("Q07", "fail", 3)]
    assert rows == [(f, *r) for f in ("000_42e629f3efeda5df.txt", "003_ffd40503d4e8776a.txt")
                    for r in per_file]


def test_wide_t3_mart_derives_group_totals(con: duckdb.DuckDBPyConnection) -> None:
    cell = _gold_cells("004_583fb8ee4b7de20b.txt")
    row = con.execute(
        "select granted, partially_granted, denied, unable, not_processed, other_handling, "
        "outcomes_summed, total_handled from marts.fct_disclosure_requests "
        "where source_file = '004_583fb8ee4b7de20b.txt' and applicant_type = 'natural_person'"
    ).fetchone()
    unable = sum(v for (t, r, c), v in cell.items() if c == "natural_person" and
                 r.startswith("unable_"))
    assert row == (1, 7, 0, unable, 0, 0, 14, 14)
    assert unable == 6


def test_every_mart_column_is_documented_in_the_database(con: duckdb.DuckDBPyConnection) -> None:
    undocumented = con.execute(
        "select table_name || '.' || column_name from duckdb_columns() "
        "where schema_name = 'marts' and (comment is null or comment = '')"
    ).fetchall()
    assert undocumented == []
