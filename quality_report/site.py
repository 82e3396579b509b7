"""Write the static data-quality site: index.html plus one page per report under reports/."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

import duckdb

from quality_report.findings import CellKey, Finding, failing_findings
from quality_report.grids import build_grids
from quality_report.queries import ReportData, Row, iter_report_data, read_overview
from quality_report.templates import environment

DOCS_DIR_NAME = "data_docs"  # the CLI writes GX Data Docs next to the warehouse file


def _page_name(report_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", report_id) + ".html"


def _figure(row: Row) -> Row:
    """A prose figure with its sentence split around the evidence, for highlighting."""
    sentence, evidence = row["sentence"] or "", row["evidence"] or ""
    at = sentence.find(evidence) if evidence else -1
    before, after = (sentence[:at], sentence[at + len(evidence) :]) if at >= 0 else (sentence, "")
    return {**row, "before": before,
            "evidence": evidence if at >= 0 else "", "after": after}


def _failing_cells(data: ReportData) -> tuple[list[Finding], dict[CellKey, str]]:
    """The report's findings, and the CSS class of each cell they are about."""
    findings = failing_findings(data.checks, data.cells)
    css: dict[CellKey, str] = {}
    for finding in findings:
        mark = "cell-fail" if finding.check["severity"] == "error" else "cell-warn"
        for key in finding.cells:
            if css.get(key) != "cell-fail":
                css[key] = mark
    return findings, css


def _years(reports: list[Row]) -> str:
    years = sorted({r["report_year"] for r in reports if r["report_year"] is not None})
    if not years:
        return "—"
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _templates(reports: list[Row]) -> str:
    counts: dict[str, int] = {}
    for r in reports:
        counts[r["template_version"]] = counts.get(r["template_version"], 0) + 1
    return " · ".join(f"{k}: {n}" for k, n in sorted(counts.items())) or "—"


def write_report(db_path: Path, out_dir: Path) -> Path:
    """Write the site for the warehouse at db_path into out_dir; returns index.html."""
    db_path, out_dir = Path(db_path).resolve(), Path(out_dir).resolve()
    pages = out_dir / "reports"
    pages.mkdir(parents=True, exist_ok=True)
    docs_index = db_path.parent / DOCS_DIR_NAME / "index.html"
    env = environment()
    with duckdb.connect(str(db_path), read_only=True) as con:
        overview = read_overview(con)
        for report in overview.reports:
            report["href"] = f"reports/{_page_name(report['report_id'])}"
        report_page = env.get_template("report.html")
        docs_href = os.path.relpath(docs_index, pages) if docs_index.exists() else None
        for data in iter_report_data(con, overview.reports):
            findings, css = _failing_cells(data)
            html = report_page.render(
                r=data.report,
                findings=findings,
                checks=data.checks,
                grids=build_grids(data.report, data.cells, css),
                flags=data.flags,
                figures=[_figure(f) for f in data.figures],
                docs_href=docs_href,
            )
            (pages / _page_name(data.report["report_id"])).write_text(html, encoding="utf-8")

    index = out_dir / "index.html"
    html = env.get_template("index.html").render(
        reports=overview.reports,
        agencies={r["agency_name"] for r in overview.reports if r["agency_name"]},
        years=_years(overview.reports),
        templates=_templates(overview.reports),
        rules=overview.rules,
        error_fails=sum(r["error_fails"] for r in overview.reports),
        warning_fails=sum(r["warning_fails"] for r in overview.reports),
        total_checks=overview.total_checks,
        ingest_errors=overview.ingest_errors,
        db_name=db_path.name,
        generated_at=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        docs_href=os.path.relpath(docs_index, out_dir) if docs_index.exists() else None,
    )
    index.write_text(html, encoding="utf-8")
    return index
