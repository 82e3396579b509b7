"""Read what the site shows from the marts (the warehouse attached read-only) in a few set-based
queries, streamed so that memory stays bounded whatever the warehouse's size.

`prepare` materialises small tables in the connection's in-memory database (the warehouse is
attached read-only as `wh`): site_reports (one row per current report: counts, links, the digest
of its row), site_chain (its carry-over link) and site_digests (per report, the digest of its
findings, of the places of the reports they cite and of what its own page adds). Every agency's
and report page's input digest is then one GROUP BY; the pages whose digest changed are read as
ordered streams (rows as HTML from html_sql, failing checks, evidence, grid cells...), each on a
cursor of its own, merged by page in Python.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from quality_report.html_sql import (
    AGENCY_ROW,
    CELL_TD,
    CHAIN_ROW,
    DIRECTORY_ROW,
    EVIDENCE_ITEM,
    YEAR_ROW,
    plain,
)

Row = dict[str, Any]
FETCH_ROWS = 4096  # rows per fetch from a stream
WORST_OFFENDERS = 10
CHAIN_RULE = "Q09"
PROSE_RULE = "Q11"  # a finding that compares prose with tables: its page lists the prose figures
WAREHOUSE = "wh"  # the warehouse file, attached read-only to an in-memory database
UNKNOWN_YEAR = "unknown"  # years/unknown.html: the reports whose year was not found
# The dbt macro agency_key (RE2's \s is these five): an agency's reports, grouped as the checks do.
AGENCY_NOISE = r"[\t\n\f\r ]+|[（(][^）)]*[）)]"


def agency_key(agency_name: str | None) -> str | None:
    """The agency grouping key of site_reports, in Python."""
    return re.sub(AGENCY_NOISE, "", agency_name or "") or None


def agency_page_name(key: str) -> str:
    """The file of an agency's page: its key is Chinese text, so a digest of it (site_reports)."""
    return "agency_" + hashlib.md5(key.encode("utf-8")).hexdigest()[:12] + ".html"


def _digest(columns: str) -> str:
    """SQL: an order-free digest of a group's rows over columns."""
    return f"sum(hash({columns}))"


def _values(values: list[str]) -> str:
    """SQL: a list of strings as one literal split in SQL (cheap for 100,000 ids, and unlike a
    list parameter it does not make DuckDB import pandas)."""
    if not values:
        return "[]::varchar[]"
    return "string_split('" + "\x1f".join(values).replace("'", "''") + "', chr(31))"


# A T3 total as the report prints it, or its applicant types summed when 总计 is left blank.
T3_TOTAL_COLUMNS = ("new_received", "carried_over", "total_handled", "carried_forward", "denied")


def _t3_totals_sql(as_text: bool = False) -> str:
    columns = []
    for c in T3_TOTAL_COLUMNS:
        total = (f"coalesce(max(case when is_total then {c} end), "
                 f"sum(case when not is_total then {c} end))")
        columns.append(f"{plain(total) if as_text else total} as {c}")
    return (f"select report_id, {', '.join(columns)} "
            f"from marts.fct_disclosure_requests group by report_id")


# Every current report: its counts, where the site shows it, and a digest of all of its row.
SITE_REPORTS = f"""
    create or replace table memory.site_reports as
    -- fct_check_findings holds every failing check (GX asserts each has a row), with its
    -- evidence: a report with none failed none. A report whose findings name its own table
    -- cells has a page showing those rows.
    with checks as (
        select
            report_id,
            count(distinct check_id) filter (where severity = 'error' and not is_parse_doubt)
                as error_fails,
            count(distinct check_id) filter (where severity = 'warning' and not is_parse_doubt)
                as warning_fails,
            count(distinct check_id) filter (where is_parse_doubt) as parse_doubts,
            count(distinct check_id) as checks_failed,
            string_agg(distinct rule_id, ' ' order by rule_id) as failing_rules,
            bool_or(evidence_kind = 'cell' and not is_other_report) as has_page
        from marts.fct_check_findings
        group by report_id
    ),
    t3 as ({_t3_totals_sql(as_text=True)}),
    reports as (
        select
            r.report_id, r.source_file, r.agency_name, r.report_year, r.template_version,
            r.title, cast(r.publication_date as varchar) as publication_date, r.path,
            r.t2_status, r.t3_status, r.t4_status,
            coalesce(c.error_fails, 0) as error_fails,
            coalesce(c.warning_fails, 0) as warning_fails,
            coalesce(c.parse_doubts, 0) as parse_doubts,
            coalesce(c.checks_failed, 0) as checks_failed,
            coalesce(c.failing_rules, '') as failing_rules,
            coalesce(c.has_page, false) as has_page,
            t3.new_received, t3.carried_over, t3.total_handled, t3.carried_forward
        from marts.dim_report as r
        left join checks as c using (report_id)
        left join t3 using (report_id)
        where r.is_current
    ),
    keyed as (
        select
            *,
            hash(*columns(*)) as row_digest,
            nullif(regexp_replace(agency_name, '{AGENCY_NOISE}', '', 'g'), '') as agency_key
        from reports
    ),
    named as (
        select
            *,
            case when has_page then 'reports/'
                || regexp_replace(report_id, '[^A-Za-z0-9_-]', '_', 'g') || '.html' end as page,
            'agencies/agency_' || left(md5(agency_key), 12) || '.html' as agency_page,
            'years/' || coalesce(cast(report_year as varchar), '{UNKNOWN_YEAR}') || '.html'
                as year_page
        from keyed
    )
    select
        *,
        coalesce(page, agency_page || '#r-' || report_id, year_page || '#r-' || report_id)
            as href,
        -- an agency's name as its latest report prints it
        first_value(agency_name) over (
            partition by agency_page order by report_year desc nulls last, report_id desc
        ) as agency_shown
    from named
"""

# One link per report: its Q09 checks against the previous year's report, per T3 column; the
# previous report only when the same agency's (the chain is drawn on the agency's page).
SITE_CHAIN = f"""
    create or replace table memory.site_chain as
    with links as (
        select
            report_id,
            min(related_report_id) as related_report_id,
            case
                when bool_or(status = 'fail') then 'fail'
                when bool_and(status = 'pass') then 'pass'
                else 'not_assessable'
            end as status,
            {plain("max(expected) filter (where scope = 'total')")} as total_expected,
            {plain("max(actual) filter (where scope = 'total')")} as total_actual,
            coalesce(string_agg(concat(scope, ': ', {plain("expected")}, ' → ',
                                       {plain("actual")}), '; ' order by scope)
                         filter (where status = 'fail'), '—') as differing,
            {_digest("status, scope, expected, actual, related_report_id")} as digest
        from marts.fct_consistency_checks
        where rule_id = '{CHAIN_RULE}'
        group by report_id
    )
    select
        links.*,
        this.agency_page,
        this.report_year,
        previous.report_id as previous_id,
        previous.report_year as previous_year
    from links
    join memory.site_reports as this using (report_id)
    left join memory.site_reports as previous
        on previous.report_id = links.related_report_id
        and previous.agency_page = this.agency_page
"""

# The cells a report's failing checks name, with their strongest highlight (html_sql.CELL_TD),
# and the rows they are in.
SITE_NAMED = """
    create or replace table memory.site_named as
    select report_id, table_id, row_key, col_key,
           min(case when is_parse_doubt then 3 when severity = 'error' then 1 else 2 end) as rank
    from marts.fct_check_findings
    where evidence_kind = 'cell' and not is_other_report
    group by all
"""
SITE_NAMED_ROWS = """
    create or replace table memory.site_named_rows as
    select distinct report_id, table_id, row_key from memory.site_named
"""
# What a report's page shows beyond its row and findings, as sources for its digest and rows:
# every cell of the rows its findings name, prose figures (for a prose finding), flags.
CELLS_SOURCE = """marts.fct_indicator_values
    join memory.site_named_rows using (report_id, table_id, row_key)
    left join memory.site_named as named using (report_id, table_id, row_key, col_key)
    where true"""
FIGURES_SOURCE = f"""marts.fct_narrative_figures
    where report_id in (select report_id from marts.fct_check_findings
                        where rule_id = '{PROSE_RULE}')"""
FLAGS_SOURCE = "marts.fct_report_flags"
FINDING_COLUMNS = ("check_id, rule_id, rule_description, severity, is_parse_doubt, scope, "
                   "blank_handling, expected, actual, details, evidence_kind, cell_report_id, "
                   "is_other_report, table_id, row_key, col_key, raw_text, source_line")
SITE_DIGESTS = f"""
    create or replace table memory.site_digests as
    with findings as (
        select report_id, {_digest(FINDING_COLUMNS)} as digest
        from marts.fct_check_findings group by report_id
    ),
    cited as (  -- where the site shows the reports that evidence cites
        select f.report_id, {_digest("f.cell_report_id, shown.href")} as digest
        from marts.fct_check_findings as f
        left join memory.site_reports as shown on shown.report_id = f.cell_report_id
        where f.is_other_report
        group by f.report_id
    ),
    cells as (
        -- what a cell shows (its highlight comes with the findings, its labels with the catalog)
        select report_id, {_digest("table_id, row_key, col_key, value_origin, cell_status, "
                                   "raw_text, source_line, note")} as digest
        from marts.fct_indicator_values
        join memory.site_named_rows using (report_id, table_id, row_key)
        group by report_id
    ),
    figures as (
        select report_id, {_digest("figure_key, value, unit, is_approximate, sentence, evidence, "
                                   "source_line")} as digest
        from {FIGURES_SOURCE} group by report_id
    ),
    flags as (
        select report_id, {_digest("flag, detail, source_line")} as digest
        from {FLAGS_SOURCE} group by report_id
    )
    select
        r.report_id,
        hash(findings.digest, cited.digest) as findings_digest,
        case when r.has_page then hash(cells.digest, figures.digest, flags.digest) end
            as page_digest
    from memory.site_reports as r
    left join findings using (report_id)
    left join cited using (report_id)
    left join cells using (report_id)
    left join figures using (report_id)
    left join flags using (report_id)
"""

# Each agency page's inputs: its reports' rows and findings, its chain, its name.
AGENCY_DIGESTS = """
    select
        r.agency_page,
        cast(hash(sum(hash(r.row_digest, d.findings_digest, r.page, c.digest, c.previous_id)),
                  any_value(r.agency_shown)) as varchar) as digest
    from memory.site_reports as r
    join memory.site_digests as d using (report_id)
    left join memory.site_chain as c using (report_id)
    where r.agency_page is not null
    group by r.agency_page
    order by r.agency_page
"""
# Each report page's inputs: its row, findings and page parts, its agency's name and page.
PAGE_DIGESTS = """
    select
        r.page,
        r.report_id,
        cast(hash(r.row_digest, d.findings_digest, d.page_digest, r.agency_shown, r.agency_page)
             as varchar) as digest
    from memory.site_reports as r
    join memory.site_digests as d using (report_id)
    where r.has_page
    order by r.report_id
"""

TOTALS_SQL = """
    select
        count(*) as reports,
        count(distinct agency_page) as agencies,
        min(report_year) as first_year,
        max(report_year) as last_year,
        sum(error_fails) as error_fails,
        sum(warning_fails) as warning_fails,
        sum(parse_doubts) as parse_doubts,
        coalesce(string_agg(template_version || ': ' || n, ' · ' order by template_version), '—')
            as templates
    from memory.site_reports
    left join (select template_version, count(*) as n from memory.site_reports group by all)
        using (template_version)
"""
WORST_SQL = f"""
    select report_id, title, source_file, agency_name, report_year, href, agency_page,
           error_fails, warning_fails, parse_doubts
    from memory.site_reports
    where checks_failed > 0
    order by error_fails desc, warning_fails desc, parse_doubts desc, source_file
    limit {WORST_OFFENDERS}
"""
YEAR_LINKS_SQL = """
    select year_page as href, coalesce(cast(report_year as varchar), 'unknown year') as label,
           count(*) as reports
    from memory.site_reports
    group by year_page, report_year
    order by report_year nulls last
"""
RULES_SQL = """
    with counts as (
        select
            rule_id,
            severity,
            bool_or(is_parse_doubt) as is_parse_doubt,
            any_value(rule_description) as rule_description,
            any_value(rule_description_zh) as rule_description_zh,
            count(*) filter (where status = 'pass') as passed,
            count(*) filter (where status = 'fail') as failed,
            count(*) filter (where status = 'not_assessable') as not_assessable
        from marts.fct_consistency_checks
        group by rule_id, severity
    ),
    failing as (  -- from the findings: counting distinct reports over every check costs more
        select rule_id, severity, count(distinct report_id) as reports_failing
        from marts.fct_check_findings
        group by rule_id, severity
    )
    select counts.*, coalesce(failing.reports_failing, 0) as reports_failing
    from counts
    left join failing using (rule_id, severity)
    -- report rules (Q), then the pre-2019 ones (L), then parse doubt (P)
    order by case left(rule_id, 1) when 'Q' then 0 when 'L' then 1 else 2 end, rule_id
"""
YEARS_SQL = f"""
    with t3 as ({_t3_totals_sql()})
    select
        r.report_year,
        r.year_page as href,
        count(*) as reports,
        count(t3.report_id) as reports_with_t3,
        sum(t3.new_received) as received,
        sum(t3.denied) as refused
    from memory.site_reports as r
    left join t3 using (report_id)
    where r.report_year is not null
    group by all
    order by r.report_year
"""
INGEST_ERRORS_SQL = """
    select load_id, path, file_name, error_kind, message
    from marts.fct_ingest_errors
    order by file_name, load_id
"""
# The agencies' list: one row each, in key order (agencies.html).
DIRECTORY_SQL = f"""
    with agencies as (
        select
            agency_page, agency_key,
            any_value(agency_shown) as agency_name,
            min(report_year) as first_year,
            max(report_year) as last_year,
            count(*) as reports,
            sum(error_fails) as error_fails,
            sum(warning_fails) as warning_fails
        from memory.site_reports
        where agency_page is not null
        group by all
    ),
    badges as (
        select
            agency_page,
            string_agg(concat(
                '<span class="badge ', case status when 'pass' then 'badge-ok'
                    when 'fail' then 'badge-warning' else 'badge-doubt' end,
                '" title="', coalesce(cast(previous_year as varchar), '?'), ' → ',
                coalesce(cast(report_year as varchar), '?'), ': ', status, '">',
                coalesce(cast(report_year as varchar), '?'), '</span>'),
                ' ' order by report_year, report_id) as badges
        from memory.site_chain
        group by agency_page
    )
    select {DIRECTORY_ROW}
    from agencies
    left join badges using (agency_page)
    order by agency_key
"""


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[Row]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def prepare(con: duckdb.DuckDBPyConnection, db_path: Path) -> None:
    """Attach the warehouse read-only to con (an in-memory database) and make the tables every
    other query reads."""
    path = str(db_path).replace("'", "''")
    con.execute(f"attach '{path}' as {WAREHOUSE} (read_only)")
    con.execute(f"use {WAREHOUSE}")
    for sql in (SITE_REPORTS, SITE_CHAIN, SITE_NAMED, SITE_NAMED_ROWS, SITE_DIGESTS):
        con.execute(sql)


@dataclass
class Overview:
    totals: Row
    rules: list[Row]  # per rule: pass / fail / not_assessable counts
    worst: list[Row]  # reports with the most findings
    years: list[Row]  # per report year: reports, applications received and refused
    year_links: list[Row]  # every year page, with its number of reports
    ingest_errors: list[Row]
    total_checks: int


def read_overview(con: duckdb.DuckDBPyConnection) -> Overview:
    (total_checks,) = con.execute("select count(*) from marts.fct_consistency_checks").fetchone()
    return Overview(
        totals=rows(con, TOTALS_SQL)[0],
        rules=rows(con, RULES_SQL),
        worst=rows(con, WORST_SQL),
        years=rows(con, YEARS_SQL),
        year_links=rows(con, YEAR_LINKS_SQL),
        ingest_errors=rows(con, INGEST_ERRORS_SQL),
        total_checks=total_checks,
    )


def _grouped(
    cursor: duckdb.DuckDBPyConnection, make: Callable[..., Any] | None = None
) -> Iterator[tuple[str, list]]:
    """(key, its rows) from a result ordered by its first column, read FETCH_ROWS at a time;
    a row is a dict of the other columns, or make(*values)."""
    names = [d[0] for d in cursor.description][1:]
    current: str | None = None
    group: list = []
    while batch := cursor.fetchmany(FETCH_ROWS):
        for key, *values in batch:
            if key != current:
                if current is not None:
                    yield current, group
                current, group = key, []
            group.append(make(*values) if make else dict(zip(names, values, strict=True)))
    if current is not None:
        yield current, group


def _merge(
    con: duckdb.DuckDBPyConnection, keys: list[str], queries: dict[str, tuple[str, Any]]
) -> Iterator[tuple[str, dict[str, list]]]:
    """(key, name -> its rows) for each of keys in order: each query (sql, row maker) is ordered
    by the key in its first column and runs on a cursor of its own; they stream side by side."""
    cursors = {name: con.cursor() for name in queries}
    try:
        for cursor in cursors.values():
            cursor.execute(f"use {WAREHOUSE}")
        streams = {name: _grouped(cursors[name].execute(sql), make)
                   for name, (sql, make) in queries.items()}
        heads = {name: next(stream, None) for name, stream in streams.items()}
        for key in keys:
            parts = {}
            for name, stream in streams.items():
                head = heads[name]
                if head is not None and head[0] == key:
                    parts[name] = head[1]
                    heads[name] = next(stream, None)
                else:
                    parts[name] = []
            yield key, parts
    finally:
        for cursor in cursors.values():
            cursor.close()


def read_pages(
    con: duckdb.DuckDBPyConnection,
    keys: list[str],
    streams: Callable[[str], dict[str, tuple[str, Any]]],
    chunk: int,
) -> Iterator[tuple[str, dict[str, list]]]:
    """(key, name -> its rows) for each of keys, chunk keys at a time: streams(table) gives the
    queries of the pages whose keys are in table; a chunk's sorted results bound DuckDB's
    memory, and each query scans its marts once a chunk."""
    table = "memory.chosen_pages"
    for start in range(0, len(keys), chunk):
        ordered = choose(con, table, keys[start : start + chunk])
        yield from _merge(con, ordered, streams(table))


def choose(con: duckdb.DuckDBPyConnection, table: str, keys: list[str]) -> list[str]:
    """Keep keys as table `table` (its column `key`); returns them in SQL order."""
    con.execute(f"create or replace table {table} as select unnest({_values(keys)}) as key")
    return [key for (key,) in con.execute(f"select key from {table} order by key").fetchall()]


class Evidence(NamedTuple):
    """An evidence item of a failing check, as HTML (EVIDENCE_ITEM)."""

    check_id: str
    item: str


class CellRow(NamedTuple):
    """A cell of a grid: its keys, where it was read, its labels and its <td> (CELL_TD)."""

    table_id: str
    row_key: str
    col_key: str
    value_origin: str
    row_label_zh: str | None
    col_label_zh: str | None
    td: str


# Failing checks in the order a findings table lists them: report errors, warnings, parse doubt.
CHECK_ORDER = ("is_parse_doubt, severity <> 'error', rule_id, scope nulls first, "
               "blank_handling nulls first, check_id")
CHECK_COLUMNS = f"""check_id, any_value(rule_id) as rule_id,
    any_value(rule_description) as rule_description, any_value(severity) as severity,
    any_value(is_parse_doubt) as is_parse_doubt, any_value(scope) as scope,
    any_value(blank_handling) as blank_handling,
    {plain("any_value(expected)")} as expected, {plain("any_value(actual)")} as actual,
    coalesce(list(distinct source_line order by source_line) filter (
        where evidence_kind <> 'check' and not is_other_report and source_line is not null),
        []) as source_lines"""


def _checks_sql(key: str, chosen: str, outer_order: str, brief_if_paged: bool) -> str:
    """Failing checks (one row each, without their evidence) of the reports whose `key` column
    of site_reports is in table `chosen`, ordered by key, outer_order, then CHECK_ORDER. With
    brief_if_paged, a check of a report with a page of its own comes without its details (that
    page shows them, with the evidence)."""
    details = "case when r.page is null then any_value(details) end" if brief_if_paged else (
        "any_value(details)")
    return f"""
        with checks as (
            select r.{key} as key, r.report_id, r.report_year, r.source_file, r.page,
                   {CHECK_COLUMNS}, {details} as details
            from marts.fct_check_findings as f
            join memory.site_reports as r using (report_id)
            where r.{key} in (select key from {chosen})
            group by r.{key}, r.report_id, r.report_year, r.source_file, r.page, f.check_id
        )
        select * from checks order by key, {outer_order}, {CHECK_ORDER}
    """


def _evidence_sql(key: str, chosen: str, unpaged_only: bool) -> str:
    """Evidence items (HTML) of the same checks, grouped by page, in printed order per check;
    with unpaged_only, only those of reports without a page of their own."""
    unpaged = "and r.page is null" if unpaged_only else ""
    return f"""
        select r.{key}, f.check_id, {EVIDENCE_ITEM} as item
        from marts.fct_check_findings as f
        join memory.site_reports as r using (report_id)
        left join memory.site_reports as links on links.report_id = f.cell_report_id
        where r.{key} in (select key from {chosen}) and f.evidence_kind <> 'check' {unpaged}
        order by r.{key}, f.check_id, f.evidence_kind, f.source_line nulls last, f.table_id,
                 f.row_key, f.col_key
    """


def agency_streams(chosen: str) -> dict[str, tuple[str, Any]]:
    """What an agency's page lists, per agency page in table `chosen` (read_pages)."""
    return {
        "head": (f"""select agency_page, any_value(agency_shown) as name,
                            min(report_year) as first_year, max(report_year) as last_year,
                            count(*) as reports
                     from memory.site_reports where agency_page in (select key from {chosen})
                     group by agency_page order by agency_page""", None),
        "reports": (f"""select agency_page, {AGENCY_ROW} as html from memory.site_reports
                        where agency_page in (select key from {chosen})
                        order by agency_page, report_year nulls last, report_id""", str),
        "chain": (f"""select agency_page, {CHAIN_ROW} as html from memory.site_chain
                      where agency_page in (select key from {chosen})
                      order by agency_page, report_year nulls last, report_id""", str),
        "checks": (_checks_sql("agency_page", chosen, "report_year nulls last, report_id",
                               brief_if_paged=True), None),
        "evidence": (_evidence_sql("agency_page", chosen, unpaged_only=True), Evidence),
    }


def page_streams(chosen: str) -> dict[str, tuple[str, Any]]:
    """What a report's page shows, per report id in table `chosen` (read_pages)."""
    wanted = f"report_id in (select key from {chosen})"
    return {
        "report": (f"""select report_id, * from memory.site_reports where {wanted}
                       order by report_id""", None),
        "checks": (_checks_sql("report_id", chosen, "report_id", brief_if_paged=False), None),
        "evidence": (_evidence_sql("report_id", chosen, unpaged_only=False), Evidence),
        "cells": (f"""select report_id, table_id, row_key, col_key, value_origin, row_label_zh,
                             col_label_zh, {CELL_TD} as td
                      from {CELLS_SOURCE} and {wanted}
                      order by report_id, table_id, row_key, col_key""", CellRow),
        "figures": (f"""select report_id, figure_key, value, unit, is_approximate, sentence,
                               evidence, source_line
                        from {FIGURES_SOURCE} and {wanted}
                        order by report_id, char_start, figure_key""", None),
        "flags": (f"""select report_id, flag, detail, source_line from {FLAGS_SOURCE}
                      where {wanted}
                      order by report_id, source_line nulls first, flag, detail""", None),
    }


def year_rows(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, list[str]]]:
    """(year page, its rows as HTML) for every year, reports by agency."""
    cursor = con.execute(f"""
        select year_page, {YEAR_ROW}
        from memory.site_reports
        order by year_page, agency_name nulls last, report_year nulls last, report_id""")
    yield from _grouped(cursor, lambda row: row)


def directory_rows(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row for (row,) in con.execute(DIRECTORY_SQL).fetchall()]

