"""Great Expectations over real warehouses: the samples meet every expectation; on the samples,
corpus and constructed reports (conftest.checks_run) the within-report errors and cross-report
findings fail by rule and report while the findings, freshness and volume suites pass; Data Docs
land next to the warehouse; `xxgk check --fail-on` sets the exit code; checking never edits the
GX project; GX reads aggregates, never a row per report."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from conftest import REPO_ROOT, Run, xxgk
from expectations import CheckSummary, run_checks
from expectations.check_sets import (
    CHECK_SETS,
    CONSISTENCY_ERROR_FINDINGS,
    CROSS_REPORT_RULES,
    ERROR_RULES,
    EXAMPLES,
)
from expectations.project import PROJECT_ROOT, expectation_signature, get_context
from expectations.run import _example_lines, load_frames

EXPECTATIONS_TOTAL = 53
# A corpus report that does not add up (corpus/README.md): T4 行政复议 总计 printed 0 while
# 维持 10 + 纠正 1 = 11; 复议后起诉 总计 printed 0 while 维持 5.
INCONSISTENT = "001_huaian_hongzequ_2023.txt"
# expectation description -> failing rows it lists, on the checks warehouse
FAILED_EXPECTATIONS = {
    **{f"Q0{n} ({ERROR_RULES[f'Q0{n}']}): no error-severity failures.": rows
       for n, rows in ((1, 4), (2, 6), (3, 2), (4, 4), (5, 1))},
    **{f"{rule} ({CROSS_REPORT_RULES[rule]}): no failures.": rows
       for rule, rows in (("Q09", 2), ("Q10", 1), ("Q12", 2), ("Q17", 2))},
}


@pytest.fixture(scope="module")
def checked(checks_run: Run, tmp_path_factory: pytest.TempPathFactory) -> CheckSummary:
    return run_checks(checks_run.db, tmp_path_factory.mktemp("docs"))


def _report_labels(db: Path) -> dict[str, tuple[str, str]]:
    """source file -> (report id, "<agency> <year>")."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select source_file, report_id, agency_name, report_year from marts.dim_report"
        ).fetchall()
    return {f: (rid, f"{agency} {year}") for f, rid, agency, year in rows}


def _project_files() -> dict[str, str]:
    return {
        str(p.relative_to(PROJECT_ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((PROJECT_ROOT / "gx").rglob("*"))
        if p.is_file() and "uncommitted" not in p.parts
    }


def test_committed_project_matches_check_sets(tmp_path: Path) -> None:
    context = get_context(tmp_path / "docs")
    assert sum(len(cs.expectations) for cs in CHECK_SETS) == EXPECTATIONS_TOTAL
    assert [cs.name for cs in CHECK_SETS] == [
        "consistency_rules", "consistency_error_findings", "check_findings",
        "cross_report_findings", "indicator_values", "reports", "freshness_and_volume",
    ]
    for check_set in CHECK_SETS:
        suite = context.suites.get(check_set.name)
        assert expectation_signature(suite.expectations) == expectation_signature(
            list(check_set.expectations)
        )
        checkpoint = context.checkpoints.get(check_set.name)
        [validation] = checkpoint.validation_definitions
        assert (validation.name, validation.suite.name, validation.data.data_asset.name) == (
            check_set.name, check_set.name, check_set.name,
        )


def test_samples_meet_every_expectation(warehouse: Path, tmp_path: Path) -> None:
    summary = run_checks(warehouse, tmp_path / "docs")
    assert summary.failed == []
    assert (summary.expectations_evaluated, summary.expectations_passed,
            summary.expectations_failed, summary.success) == (EXPECTATIONS_TOTAL,
                                                              EXPECTATIONS_TOTAL, 0, True)


def test_findings_fail_by_rule_and_report(checked: CheckSummary, checks_run: Run) -> None:
    assert (checked.expectations_evaluated, checked.expectations_failed, checked.success) == (
        EXPECTATIONS_TOTAL, len(FAILED_EXPECTATIONS), False)
    described = Counter(
        re.sub(r"^\w+: (.*?) (Failing: .*|Observed: .*)$", r"\1", line) for line in checked.failed
    )
    assert described == Counter(FAILED_EXPECTATIONS)
    labels = _report_labels(checks_run.db)
    rid, name = labels[INCONSISTENT]
    hongze = [
        f"consistency_error_findings: Q04 ({ERROR_RULES['Q04']}): no error-severity failures. "
        f"Failing: report {rid} ({name}), {scope} [{handling}]: expected {total}, actual {parts}"
        for scope, total, parts in (("admin_review", 0, 11), ("litigation_after_review", 0, 5))
        for handling in ("blank_as_zero", "fully_printed")
    ]
    assert [line for line in checked.failed if "Q04 (" in line] == hongze
    later, name = labels["dongchuan_jiaoyuju_2024.txt"]
    earlier, _ = labels["dongchuan_jiaoyuju_2023.txt"]
    assert [line for line in checked.failed if "Q09 (" in line] == [
        f"cross_report_findings: Q09 ({CROSS_REPORT_RULES['Q09']}): no failures. Failing: "
        f"{name} (report {later} against {earlier}), {scope}: expected 3, actual 5"
        for scope in ("natural_person", "total")
    ]
    # the findings, freshness and volume suites hold on a warehouse full of findings
    assert not [line for line in checked.failed
                if line.split(":")[0] in ("check_findings", "freshness_and_volume",
                                          "consistency_rules", "indicator_values", "reports")]


def test_data_docs_next_to_the_warehouse(checks_run: Run) -> None:
    """`xxgk run` wrote Data Docs beside the warehouse, one validation page per check set."""
    docs = checks_run.db.parent / "data_docs"
    index = (docs / "index.html").read_text(encoding="utf-8")
    for check_set in CHECK_SETS:
        assert check_set.name in index
        assert list((docs / "validations" / check_set.name).rglob("*.html"))


def test_fail_on_sets_the_exit_code(checks_run: Run, warehouse: Path) -> None:
    """Errors in the checks warehouse; only warnings (Q07 empty tables, Q14) in the samples."""
    for db, fail_on, code in ((checks_run.db, "error", 1), (checks_run.db, "never", 0),
                              (warehouse, "error", 0), (warehouse, "warning", 1)):
        proc = xxgk("check", "--db", str(db), "--fail-on", fail_on)
        assert proc.returncode == code, (db, fail_on, proc.stdout + proc.stderr)
    assert "errors" in proc.stdout


def test_module_exits_zero_when_expectations_fail(checks_run: Run, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "expectations", "--db", str(checks_run.db),
         "--docs", str(tmp_path / "docs")],
        cwd=REPO_ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    failed = len(FAILED_EXPECTATIONS)
    assert lines[0] == (f"GX expectations: {EXPECTATIONS_TOTAL} evaluated, "
                        f"{EXPECTATIONS_TOTAL - failed} passed, {failed} failed")
    assert lines[-1] == f"Data Docs: {tmp_path / 'docs' / 'index.html'}"
    assert len(lines) == 2 + sum(FAILED_EXPECTATIONS.values())


def test_checking_never_writes_into_the_project(checks_run: Run, tmp_path: Path) -> None:
    before = _project_files()
    run_checks(checks_run.db, tmp_path / "docs")
    assert _project_files() == before


def test_frames_are_aggregates(checks_run: Run) -> None:
    """GX reads aggregates, never a row per report or check: each frame holds a row per rule,
    status, table or year whatever the warehouse's size. A failing rule's row counts all its
    failures and carries its first examples."""
    frames = load_frames(checks_run.db)
    for name, frame in frames.items():
        assert not {"report_id", "check_id", "finding"} & set(frame.columns), name
        assert len(frame) <= 60, name
    errors = frames["consistency_error_findings"].set_index("rule_id")
    assert list(errors.index) == ["Q01", "Q02", "Q03", "Q04", "Q05"]
    assert (errors.loc["Q04", "failures"], errors.loc["Q04", "reports_failing"]) == (4, 1)
    assert len(errors.loc["Q04", "examples"]) == 4


def test_failure_lines_list_examples_then_the_rest() -> None:
    frame = pd.DataFrame({"rule_id": ["Q01"], "failures": [EXAMPLES + 5], "reports_failing": [3],
                          "examples": [[f"report {n}" for n in range(EXAMPLES)]]})
    lines = _example_lines(CONSISTENCY_ERROR_FINDINGS, frame, {"rule_id": "Q01"}, "Q01 fails.")
    assert len(lines) == EXAMPLES + 1
    assert lines[0] == "consistency_error_findings: Q01 fails. Failing: report 0"
    assert lines[-1] == "consistency_error_findings: Q01 fails. ... and 5 more unexpected rows"
