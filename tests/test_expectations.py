"""Great Expectations over real warehouses: the samples pass, the inconsistent corpus reports fail
by rule and report, Data Docs land next to the warehouse, and checking never edits the project."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import CORPUS, REPO_ROOT, SAMPLES, xxgk
from expectations import run_checks
from expectations.check_sets import CHECK_SETS, ERROR_RULES
from expectations.project import PROJECT_ROOT, expectation_signature, get_context

EXPECTATIONS_TOTAL = 33
# A corpus report that does not add up (corpus/README.md): T4 行政复议 总计 printed 0 while
# 维持 10 + 纠正 1 = 11; 复议后起诉 总计 printed 0 while 维持 5.
INCONSISTENT = "001_huaian_hongzequ_2023.txt"
# Markup inside the title line (the parser cuts a title after its 报告).
SCRIPT_TITLE = "沅江市人民政府办公室2024年政府信息公开工作<script>alert(1)</script>年度报告"


def build_quality_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Samples (002's title carrying a <script> tag) plus an inconsistent corpus report, through
    `xxgk ingest` and `xxgk build`; built once per session, shared with test_quality_report."""
    root = tmp_path_factory.getbasetemp() / "quality_warehouse"
    db = root / "xxgk.duckdb"
    if (root / "built").exists():
        return db
    shutil.rmtree(root, ignore_errors=True)  # what an earlier failed attempt left
    reports = root / "reports"
    reports.mkdir(parents=True)
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(path, reports / path.name)
    shutil.copy(CORPUS / INCONSISTENT, reports / INCONSISTENT)
    sample = reports / "002_ce4d592b0188065d.txt"
    lines = sample.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "沅江市人民政府办公室2024年政府信息公开工作年度报告"
    sample.write_text("\n".join([SCRIPT_TITLE, *lines[1:]]), encoding="utf-8")
    for args in (("ingest", "--reports", str(reports)), ("build",)):
        proc = xxgk(*args, "--db", str(db))
        assert proc.returncode == 0, proc.stdout + proc.stderr
    (root / "built").touch()
    return db


@pytest.fixture(scope="session")
def quality_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_quality_warehouse(tmp_path_factory)


def _report_labels(db: Path) -> dict[str, str]:
    """source file -> how the findings name its report: "report <id> (<agency> <year>)"."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select source_file, report_id, agency_name, report_year from marts.dim_report"
        ).fetchall()
    return {f: f"report {rid} ({agency} {year})" for f, rid, agency, year in rows}


def _project_files() -> dict[str, str]:
    return {
        str(p.relative_to(PROJECT_ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((PROJECT_ROOT / "gx").rglob("*"))
        if p.is_file()
    }


def test_committed_project_matches_check_sets(tmp_path: Path) -> None:
    context = get_context(tmp_path / "docs")
    assert sum(len(cs.expectations) for cs in CHECK_SETS) == EXPECTATIONS_TOTAL
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


def test_inconsistent_reports_are_findings_by_rule_and_report(
    quality_warehouse: Path, tmp_path: Path
) -> None:
    summary = run_checks(quality_warehouse, tmp_path / "docs")
    assert (summary.expectations_evaluated, summary.expectations_passed,
            summary.expectations_failed, summary.success) == (EXPECTATIONS_TOTAL,
                                                              EXPECTATIONS_TOTAL - 1, 1, False)
    labels = _report_labels(quality_warehouse)
    expected = [
        f"consistency_error_findings: Q04 ({ERROR_RULES['Q04']}): no error-severity failures. "
        f"Failing: {labels[INCONSISTENT]}, {scope} [{handling}]: expected {total}, actual {parts}"
        for scope, total, parts in (("admin_review", 0, 11), ("litigation_after_review", 0, 5))
        # Every cell of these identities is printed, so both blank handlings fail.
        for handling in ("blank_as_zero", "fully_printed")
    ]
    assert summary.failed == expected


def test_data_docs_next_to_the_warehouse(quality_warehouse: Path) -> None:
    docs = quality_warehouse.parent / "data_docs"
    summary = run_checks(quality_warehouse, docs)
    assert summary.data_docs_index == docs / "index.html"
    index = summary.data_docs_index.read_text(encoding="utf-8")
    for check_set in CHECK_SETS:
        assert check_set.name in index
        assert list((docs / "validations" / check_set.name).rglob("*.html"))


def test_module_exits_zero_when_expectations_fail(quality_warehouse: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "expectations", "--db", str(quality_warehouse),
         "--docs", str(tmp_path / "docs")],
        cwd=REPO_ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"GX expectations: {EXPECTATIONS_TOTAL} evaluated, 32 passed, 1 failed"
    assert lines[-1] == f"Data Docs: {tmp_path / 'docs' / 'index.html'}"
    assert len(lines) == 2 + 4


def test_checking_never_writes_into_the_project(
    quality_warehouse: Path, tmp_path: Path
) -> None:
    before = _project_files()
    run_checks(quality_warehouse, tmp_path / "docs")
    assert _project_files() == before
