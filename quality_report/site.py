"""Write the static data-quality site: index.html, one page per report under reports/ and one
per agency under agencies/ (its reports across years and their carry-over chain)."""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import duckdb

from quality_report.findings import cell_highlights, failing_findings
from quality_report.grids import build_grids
from quality_report.plot import received_refused_svg
from quality_report.queries import (
    Overview,
    Row,
    agency_key,
    iter_report_data,
    read_overview,
)
from quality_report.templates import environment

DOCS_DIR_NAME = "data_docs"  # the CLI writes GX Data Docs next to the warehouse file
CHAIN_RULE = "Q09"
CHAIN_BADGES = {"pass": "badge-ok", "fail": "badge-warning", "not_assessable": "badge-doubt"}


def _page_name(report_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", report_id) + ".html"


def agency_page_name(key: str) -> str:
    """A file name for an agency: its key is Chinese text, so a short digest of it."""
    return "agency_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12] + ".html"


def _figure(row: Row) -> Row:
    """A prose figure with its sentence split around the evidence, for highlighting."""
    sentence, evidence = row["sentence"] or "", row["evidence"] or ""
    at = sentence.find(evidence) if evidence else -1
    before, after = (sentence[:at], sentence[at + len(evidence) :]) if at >= 0 else (sentence, "")
    return {**row, "before": before,
            "evidence": evidence if at >= 0 else "", "after": after}


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


def _agencies(overview: Overview) -> list[Row]:
    """One entry per agency: its reports by year, the carry-over chain and cross-report checks."""
    checks_by_report: dict[str, list[Row]] = defaultdict(list)
    for check in overview.cross_checks:
        checks_by_report[check["report_id"]].append(check)
    grouped: dict[str, list[Row]] = defaultdict(list)
    for report in overview.reports:
        key = agency_key(report["agency_name"])
        if key:
            grouped[key].append(report)
    agencies = []
    for key, reports in grouped.items():
        reports.sort(key=lambda r: (r["report_year"] is None, r["report_year"], r["report_id"]))
        by_id = {r["report_id"]: r for r in reports}
        chain = []
        for report in reports:
            carry = [c for c in checks_by_report[report["report_id"]] if c["rule_id"] == CHAIN_RULE]
            if not carry:
                continue
            previous = by_id.get(carry[0]["related_report_id"])
            statuses = {c["status"] for c in carry}
            status = ("fail" if "fail" in statuses
                      else "pass" if statuses == {"pass"} else "not_assessable")
            chain.append({
                "previous": previous,
                "report": report,
                "checks": carry,
                "status": status,
                "badge": CHAIN_BADGES[status],
                "title": f"{previous['report_year'] if previous else '?'} → "
                         f"{report['report_year']}: {status}",
            })
        cross = [{**c, "report_year": r["report_year"]} for r in reports
                 for c in checks_by_report[r["report_id"]] if c["status"] == "fail"]
        agencies.append({
            "key": key,
            "name": reports[-1]["agency_name"],
            "href": f"agencies/{agency_page_name(key)}",
            "reports": reports,
            "years": _years(reports),
            "chain": chain,
            "cross_findings": cross,
            "error_fails": sum(r["error_fails"] for r in reports),
            "warning_fails": sum(r["warning_fails"] for r in reports),
        })
    agencies.sort(key=lambda a: a["key"])
    return agencies


def write_report(db_path: Path, out_dir: Path) -> Path:
    """Write the site for the warehouse at db_path into out_dir; returns index.html."""
    db_path, out_dir = Path(db_path).resolve(), Path(out_dir).resolve()
    pages, agency_pages = out_dir / "reports", out_dir / "agencies"
    pages.mkdir(parents=True, exist_ok=True)
    agency_pages.mkdir(parents=True, exist_ok=True)
    docs_index = db_path.parent / DOCS_DIR_NAME / "index.html"
    env = environment()
    with duckdb.connect(str(db_path), read_only=True) as con:
        overview = read_overview(con)
        for rule in overview.rules:
            assessed = rule["passed"] + rule["failed"]
            # rounded down: one failure in a thousand must not read as 100%
            rule["share"] = math.floor(1000 * rule["passed"] / assessed) / 10 if assessed else None
        agencies = _agencies(overview)
        agency_of = {r["report_id"]: a for a in agencies for r in a["reports"]}
        for report in overview.reports:
            report["href"] = f"reports/{_page_name(report['report_id'])}"
        report_href = {r["report_id"]: r["href"] for r in overview.reports}
        report_page = env.get_template("report.html")
        docs_href = os.path.relpath(docs_index, pages) if docs_index.exists() else None
        for data in iter_report_data(con, overview.reports):
            findings = failing_findings(data.checks, data.findings)
            agency = agency_of.get(data.report["report_id"])
            html = report_page.render(
                r=data.report,
                agency=agency,
                report_findings=[f for f in findings if not f.is_parse_doubt],
                doubt_findings=[f for f in findings if f.is_parse_doubt],
                checks=data.checks,
                grids=build_grids(data.report, data.cells, cell_highlights(findings)),
                flags=data.flags,
                figures=[_figure(f) for f in data.figures],
                report_href=report_href,
                docs_href=docs_href,
            )
            (pages / _page_name(data.report["report_id"])).write_text(html, encoding="utf-8")

    agency_page = env.get_template("agency.html")
    for agency in agencies:
        html = agency_page.render(a=agency, report_href=report_href)
        (out_dir / agency["href"]).write_text(html, encoding="utf-8")

    index = out_dir / "index.html"
    html = env.get_template("index.html").render(
        reports=overview.reports,
        agencies=agencies,
        years=_years(overview.reports),
        templates=_templates(overview.reports),
        rules=overview.rules,
        worst=overview.worst,
        agency_of=agency_of,
        plot=received_refused_svg(overview.years),
        year_rows=overview.years,
        error_fails=sum(r["error_fails"] for r in overview.reports),
        warning_fails=sum(r["warning_fails"] for r in overview.reports),
        parse_doubts=sum(r["parse_doubts"] for r in overview.reports),
        total_checks=overview.total_checks,
        ingest_errors=overview.ingest_errors,
        db_name=db_path.name,
        generated_at=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        docs_href=os.path.relpath(docs_index, out_dir) if docs_index.exists() else None,
    )
    index.write_text(html, encoding="utf-8")
    return index
