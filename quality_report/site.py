"""Write the static data-quality site, and on a re-run only the pages whose inputs changed.

- index.html: the overview (counts, rules, applications per year, worst offenders, ingest errors);
- years/<year>.html: every report of a year, linked to its agency and to its own page;
- agencies.html, agencies/agency_<digest>.html: every agency; per agency its reports by year (a
  row each, anchored #r-<report_id>), the carry-over chain and every finding of its reports with
  its evidence (printed text, source line), or a link to the report's page that shows it;
- reports/<report_id>.html: a report whose findings name its table cells: its findings, those rows
  as printed with the cells highlighted, its flags and, for a prose finding, the figures read from
  the prose. Other reports are fully shown by their rows and findings above.

Pages go through quality_report.manifest.SiteWriter: an agency or report page is read and
rendered only when the digest of its inputs changed; the index and list pages are rendered every
run and written when their text changed. Python holds one page's rows at a time.
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import jinja2
from markupsafe import Markup

from quality_report.findings import Finding, failing_findings
from quality_report.grids import build_grids, render
from quality_report.manifest import SiteWriter
from quality_report.plot import received_refused_svg
from quality_report.queries import (
    AGENCY_DIGESTS,
    PAGE_DIGESTS,
    Evidence,
    Row,
    agency_streams,
    directory_rows,
    page_streams,
    prepare,
    read_overview,
    read_pages,
    year_rows,
)
from quality_report.templates import CSS, environment

DOCS_DIR_NAME = "data_docs"  # the CLI writes GX Data Docs next to the warehouse file
DUCKDB_MEMORY = "400MB"  # DuckDB spills beyond it: the whole run stays well under 1 GiB
# Pages read at once: their sorted rows stay within DuckDB's memory (a report page's grid rows
# weigh most), and each chunk scans the marts once.
AGENCIES_AT_ONCE = 12000
REPORTS_AT_ONCE = 5000


@dataclass(frozen=True)
class SiteSummary:
    index: Path
    pages: int  # pages the site holds
    written: int  # pages written this run (the others were unchanged)
    removed: int  # pages deleted: their report or agency is gone, or has no table finding left


def _figure(row: Row) -> Row:
    """A prose figure with its sentence split around the evidence, for highlighting."""
    sentence, evidence = row["sentence"] or "", row["evidence"] or ""
    at = sentence.find(evidence) if evidence else -1
    before, after = (sentence[:at], sentence[at + len(evidence) :]) if at >= 0 else (sentence, "")
    return {**row, "before": before,
            "evidence": evidence if at >= 0 else "", "after": after}


def _findings(checks: list[Row], evidence: list[Evidence]) -> list[Finding]:
    """Failing checks (in table order) with their evidence items joined in."""
    items: dict[str, list[str]] = {}
    for check_id, item in evidence:
        items.setdefault(check_id, []).append(item)
    for check in checks:
        check["evidence_html"] = "".join(items.get(check["check_id"], ()))
    return failing_findings(checks)


def _agency_pages(
    con: duckdb.DuckDBPyConnection, site: SiteWriter, env: jinja2.Environment
) -> None:
    """Every agency page whose digest changed."""
    changed = [page for page, digest in con.execute(AGENCY_DIGESTS).fetchall()
               if site.wants(page, digest)]
    template = env.get_template("agency.html")
    for page, parts in read_pages(con, changed, agency_streams, AGENCIES_AT_ONCE):
        (head,) = parts["head"]
        findings = _findings(parts["checks"], parts["evidence"])
        for finding in findings:
            finding.report_href = f"#r-{finding.check['report_id']}"
            finding.report_label = finding.check["report_year"] or finding.check["source_file"]
        findings.sort(key=lambda f: f.is_parse_doubt)  # by report (stable), doubt last
        site.write(page, template.render(
            root="../", a=head, findings=findings,
            rows=Markup("".join(parts["reports"])), chain=Markup("".join(parts["chain"]))))


def _report_pages(
    con: duckdb.DuckDBPyConnection, site: SiteWriter, env: jinja2.Environment,
    docs_href: str | None,
) -> None:
    """Every report page whose digest changed."""
    pages = con.execute(PAGE_DIGESTS).fetchall()
    changed = [rid for page, rid, digest in pages if site.wants(page, f"{digest}:{docs_href}")]
    template = env.get_template("report.html")
    for _, parts in read_pages(con, changed, page_streams, REPORTS_AT_ONCE):
        (report,) = parts["report"]
        findings = _findings(parts["checks"], parts["evidence"])
        year = report["report_year"]
        site.write(report["page"], template.render(
            root="../",
            r=report,
            year_label=f"{year} reports" if year is not None else "reports of unknown year",
            report_findings=[f for f in findings if not f.is_parse_doubt],
            doubt_findings=[f for f in findings if f.is_parse_doubt],
            grids=[render(g) for g in build_grids(report, parts["cells"])],
            flags=parts["flags"],
            figures=[_figure(f) for f in parts["figures"]],
            docs_href=docs_href,
        ))


def _list_pages(
    con: duckdb.DuckDBPyConnection, site: SiteWriter, env: jinja2.Environment,
    year_links: list[Row],
) -> None:
    """The year pages and the agencies' list: rendered every run, written when they changed."""
    labels = {link["href"]: link for link in year_links}
    template = env.get_template("year.html")
    for page, rows in year_rows(con):
        site.put(page, template.render(root="../", label=labels[page]["label"], n=len(rows),
                                       year_links=year_links, rows=Markup("".join(rows))))
    rows = directory_rows(con)
    site.put("agencies.html", env.get_template("agencies.html").render(
        root="", n=len(rows), rows=Markup("".join(rows))))


def build_site(db_path: Path, out_dir: Path) -> SiteSummary:
    """Write (or bring up to date) the site for the warehouse at db_path in out_dir."""
    db_path, out_dir = Path(db_path).resolve(), Path(out_dir).resolve()
    docs_index = db_path.parent / DOCS_DIR_NAME / "index.html"
    env = environment()
    site = SiteWriter.open(out_dir)
    with (
        tempfile.TemporaryDirectory(prefix="xxgk-report-") as spill,
        duckdb.connect(config={"memory_limit": DUCKDB_MEMORY, "temp_directory": spill}) as con,
    ):
        prepare(con, db_path)
        overview = read_overview(con)
        docs_href = (os.path.relpath(docs_index, out_dir / "reports")
                     if docs_index.exists() else None)
        _agency_pages(con, site, env)
        _report_pages(con, site, env, docs_href)
        _list_pages(con, site, env, overview.year_links)

    site.put("style.css", CSS)
    for rule in overview.rules:
        assessed = rule["passed"] + rule["failed"]
        # rounded down: one failure in a thousand must not read as 100%
        rule["share"] = math.floor(1000 * rule["passed"] / assessed) / 10 if assessed else None
    totals = overview.totals
    first, last = totals["first_year"], totals["last_year"]
    site.put("index.html", env.get_template("index.html").render(
        root="",
        n_reports=totals["reports"],
        n_agencies=totals["agencies"],
        years="—" if first is None else str(first) if first == last else f"{first}-{last}",
        templates=totals["templates"],
        rules=overview.rules,
        worst=overview.worst,
        plot=received_refused_svg(overview.years),
        year_rows=overview.years,
        year_links=overview.year_links,
        error_fails=totals["error_fails"] or 0,
        warning_fails=totals["warning_fails"] or 0,
        parse_doubts=totals["parse_doubts"] or 0,
        total_checks=overview.total_checks,
        ingest_errors=overview.ingest_errors,
        db_name=db_path.name,
        generated_at=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        docs_href=os.path.relpath(docs_index, out_dir) if docs_index.exists() else None,
    ))
    removed = site.finish()
    return SiteSummary(out_dir / "index.html", len(site.pages), site.written, removed)


def write_report(db_path: Path, out_dir: Path) -> Path:
    """Write the site for the warehouse at db_path into out_dir; returns index.html."""
    return build_site(db_path, out_dir).index
