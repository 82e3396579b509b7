"""Read what the report shows from the marts, through a read-only connection.

Per-report rows are read for a batch of reports at a time, so memory stays bounded on a large
warehouse while each mart is scanned only once per batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb

Row = dict[str, Any]
BATCH_SIZE = 200  # reports per query batch


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[Row]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


@dataclass
class Overview:
    reports: list[Row]  # dim_report with per-report finding counts
    rules: list[Row]  # per rule and severity: pass / fail / not_assessable counts
    ingest_errors: list[Row]
    total_checks: int


@dataclass
class ReportData:
    report: Row
    cells: list[Row] = field(default_factory=list)
    checks: list[Row] = field(default_factory=list)
    figures: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)


REPORTS_SQL = """
    select
        r.report_id, r.source_file, r.agency_name, r.report_year, r.template_version,
        r.title, r.publication_date, r.path, r.t2_status, r.t3_status, r.t4_status,
        count(c.rule_id) filter (where c.status = 'fail' and c.severity = 'error') as error_fails,
        count(c.rule_id) filter (where c.status = 'fail' and c.severity = 'warning')
            as warning_fails
    from marts.dim_report as r
    left join marts.fct_consistency_checks as c using (report_id)
    group by all
    order by r.agency_name nulls last, r.report_year nulls last, r.report_id
"""

RULES_SQL = """
    select
        rule_id,
        severity,
        any_value(rule_description) as rule_description,
        count(*) filter (where status = 'pass') as passed,
        count(*) filter (where status = 'fail') as failed,
        count(*) filter (where status = 'not_assessable') as not_assessable
    from marts.fct_consistency_checks
    group by all
    order by rule_id, severity
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
        select report_id, rule_id, rule_description, severity, status, scope, blank_handling,
               expected, actual, details
        from marts.fct_consistency_checks
        where report_id in (select unnest(?))
        order by report_id, severity, rule_id, scope, blank_handling
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
    return Overview(
        reports=rows(con, REPORTS_SQL),
        rules=rows(con, RULES_SQL),
        ingest_errors=rows(con, INGEST_ERRORS_SQL),
        total_checks=total_checks,
    )


def iter_report_data(
    con: duckdb.DuckDBPyConnection, reports: list[Row]
) -> Iterator[ReportData]:
    """Every report with its cells, checks, prose figures and flags."""
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
                figures=parts["figures"],
                flags=parts["flags"],
            )
