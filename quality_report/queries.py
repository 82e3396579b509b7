"""Read what the report shows from the marts, through a read-only connection.

Overview queries return one row per rule, year or report; per-report rows (cells, checks,
findings) are read for a batch of reports at a time, so memory stays bounded on a large
warehouse while each mart is scanned only once per batch.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb

Row = dict[str, Any]
BATCH_SIZE = 200  # reports per query batch
WORST_OFFENDERS = 10
CROSS_REPORT_RULES = ("Q09", "Q10", "Q12", "Q17")
# The dbt macro agency_key: whitespace and bracketed asides dropped (same grouping as the checks).
AGENCY_NOISE = re.compile(r"\s+|[（(][^）)]*[）)]")


def agency_key(agency_name: str | None) -> str | None:
    return AGENCY_NOISE.sub("", agency_name or "") or None


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[Row]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


@dataclass
class Overview:
    reports: list[Row]  # dim_report with per-report finding counts and T3 totals
    rules: list[Row]  # per rule: pass / fail / not_assessable counts and the share passing
    worst: list[Row]  # reports with the most findings
    years: list[Row]  # per report year: reports, applications received and refused
    cross_checks: list[Row]  # Q09/Q10/Q12/Q17 checks, for the agency pages
    ingest_errors: list[Row]
    total_checks: int


@dataclass
class ReportData:
    report: Row
    cells: list[Row] = field(default_factory=list)
    checks: list[Row] = field(default_factory=list)
    findings: list[Row] = field(default_factory=list)
    figures: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)


# A T3 total as the report prints it, or its applicant types summed when 总计 is left blank.
T3_TOTALS_SQL = """
    select
        report_id,
        {columns}
    from marts.fct_disclosure_requests
    group by report_id
"""
T3_TOTAL_COLUMNS = ("new_received", "carried_over", "total_handled", "carried_forward", "denied")


def _t3_totals_sql() -> str:
    columns = ",\n        ".join(
        f"coalesce(max(case when is_total then {c} end), "
        f"sum(case when not is_total then {c} end)) as {c}"
        for c in T3_TOTAL_COLUMNS
    )
    return T3_TOTALS_SQL.format(columns=columns)


REPORTS_SQL = f"""
    with findings as (
        select
            report_id,
            count(*) filter (where status = 'fail' and severity = 'error' and not is_parse_doubt)
                as error_fails,
            count(*) filter (where status = 'fail' and severity = 'warning' and not is_parse_doubt)
                as warning_fails,
            count(*) filter (where status = 'fail' and is_parse_doubt) as parse_doubts
        from marts.fct_consistency_checks
        group by report_id
    ),
    t3 as ({_t3_totals_sql()})
    select
        r.report_id, r.source_file, r.agency_name, r.report_year, r.template_version,
        r.title, r.publication_date, r.path, r.t2_status, r.t3_status, r.t4_status,
        coalesce(f.error_fails, 0) as error_fails,
        coalesce(f.warning_fails, 0) as warning_fails,
        coalesce(f.parse_doubts, 0) as parse_doubts,
        t3.new_received, t3.carried_over, t3.total_handled, t3.carried_forward, t3.denied
    from marts.dim_report as r
    left join findings as f using (report_id)
    left join t3 using (report_id)
    where r.is_current
    order by r.agency_name nulls last, r.report_year nulls last, r.report_id
"""

RULES_SQL = """
    select
        rule_id,
        severity,
        bool_or(is_parse_doubt) as is_parse_doubt,
        any_value(rule_description) as rule_description,
        any_value(rule_description_zh) as rule_description_zh,
        count(*) filter (where status = 'pass') as passed,
        count(*) filter (where status = 'fail') as failed,
        count(*) filter (where status = 'not_assessable') as not_assessable,
        count(distinct report_id) filter (where status = 'fail') as reports_failing
    from marts.fct_consistency_checks
    group by rule_id, severity
    -- report rules (Q), then the pre-2019 ones (L), then parse doubt (P)
    order by case left(rule_id, 1) when 'Q' then 0 when 'L' then 1 else 2 end, rule_id
"""

YEARS_SQL = f"""
    with t3 as ({_t3_totals_sql()})
    select
        r.report_year,
        count(*) as reports,
        count(t3.report_id) as reports_with_t3,
        sum(t3.new_received) as received,
        sum(t3.denied) as refused
    from marts.dim_report as r
    left join t3 using (report_id)
    where r.is_current and r.report_year is not null
    group by r.report_year
    order by r.report_year
"""

CROSS_CHECKS_SQL = f"""
    select report_id, related_report_id, rule_id, severity, status, scope, expected, actual,
           details
    from marts.fct_consistency_checks
    where rule_id in ({", ".join(f"'{r}'" for r in CROSS_REPORT_RULES)})
    order by report_id, rule_id, scope
"""

INGEST_ERRORS_SQL = """
    select load_id, path, file_name, error_kind, message
    from marts.fct_ingest_errors
    order by file_name, load_id
"""

PER_REPORT_SQL = {
    "cells": """
        select report_id, table_id, row_key, col_key, value, value_origin, raw_text,
               source_line, cell_status, note, row_label_zh, col_label_zh
        from marts.fct_indicator_values
        where report_id in (select unnest(?))
    """,
    "checks": """
        select check_id, report_id, rule_id, rule_description, severity, is_parse_doubt,
               status, scope, blank_handling, expected, actual, details, related_report_id
        from marts.fct_consistency_checks
        where report_id in (select unnest(?))
        order by report_id, is_parse_doubt, severity, rule_id, scope, blank_handling
    """,
    "findings": """
        select check_id, report_id, evidence_kind, cell_report_id, is_other_report, table_id,
               row_key, col_key, raw_text, source_line, cell_status
        from marts.fct_check_findings
        where report_id in (select unnest(?))
        order by report_id, check_id, evidence_kind, source_line nulls last, table_id, row_key,
                 col_key
    """,
    "figures": """
        select report_id, figure_key, value, unit, is_approximate, sentence, evidence,
               char_start, char_end, source_line
        from marts.fct_narrative_figures
        where report_id in (select unnest(?))
        order by report_id, char_start
    """,
    "flags": """
        select report_id, flag, detail, source_line
        from marts.fct_report_flags
        where report_id in (select unnest(?))
        order by report_id, source_line nulls first, flag
    """,
}


def read_overview(con: duckdb.DuckDBPyConnection) -> Overview:
    (total_checks,) = con.execute("select count(*) from marts.fct_consistency_checks").fetchone()
    reports = rows(con, REPORTS_SQL)
    offenders = [r for r in reports if r["error_fails"] or r["warning_fails"] or r["parse_doubts"]]
    offenders.sort(key=lambda r: (-r["error_fails"], -r["warning_fails"], -r["parse_doubts"],
                                  r["source_file"]))
    return Overview(
        reports=reports,
        rules=rows(con, RULES_SQL),
        worst=offenders[:WORST_OFFENDERS],
        years=rows(con, YEARS_SQL),
        cross_checks=rows(con, CROSS_CHECKS_SQL),
        ingest_errors=rows(con, INGEST_ERRORS_SQL),
        total_checks=total_checks,
    )


def iter_report_data(
    con: duckdb.DuckDBPyConnection, reports: list[Row]
) -> Iterator[ReportData]:
    """Every report with its cells, checks, findings, prose figures and flags."""
    for start in range(0, len(reports), BATCH_SIZE):
        batch = reports[start : start + BATCH_SIZE]
        ids = [r["report_id"] for r in batch]
        grouped: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
        for part, sql in PER_REPORT_SQL.items():
            for row in rows(con, sql, [ids]):
                grouped[row["report_id"]][part].append(row)
        for report in batch:
            parts = grouped[report["report_id"]]
            yield ReportData(
                report=report,
                cells=parts["cells"],
                checks=parts["checks"],
                findings=parts["findings"],
                figures=parts["figures"],
                flags=parts["flags"],
            )
