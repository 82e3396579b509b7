"""What Great Expectations asserts about the warehouse, one check set per dataframe asset.

Each check set is an aggregate query over the marts plus the expectations on its result. The
figure checks themselves run in SQL (marts.fct_consistency_checks); GX asserts on their outcome.
Every query groups by rule, status, table or year, never by report, so a frame's size does not grow
with the warehouse: GX never pulls the millions of rows a large warehouse holds. Failing checks
reach Data Docs and the summary as counts with up to EXAMPLES examples each.
A check set becomes, under one name: a pandas dataframe asset, a suite, a validation definition
and a checkpoint (committed JSON under expectations/gx/, written by expectations.project).
"""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

# seeds/check_rules.csv: Q01-Q16 (spec §5.2), Q17 region aggregates, L01-L03 pre-2019 (§4.5),
# P01-P02 parse doubt.
RULES = (
    *(f"Q{n:02d}" for n in range(1, 18)),
    *(f"L{n:02d}" for n in range(1, 4)),
    "P01",
    "P02",
)
PARSE_DOUBT_RULES = ("P01", "P02")
# Rules the catalog marks as errors: each gets its own expectation, so a failing one names the
# rule in Data Docs and the failing reports in its unexpected rows.
ERROR_RULES = {
    "Q01": "I1 received + carried over = handled + carried forward, per T3 column",
    "Q02": "I2 T3 result rows sum to (七)总计, per column",
    "Q03": "I3 T3 applicant columns sum to 总计, per row",
    "Q04": "I4 T4 block totals equal their four outcomes",
    "Q05": "non-negative integers; fee a non-negative decimal",
}
# Rules that compare reports with each other, each listed with its failing report pairs.
CROSS_REPORT_RULES = {
    "Q09": "carry-over: 上年结转 of year Y = 结转下年度 of year Y-1, per T3 column",
    "Q10": "in-force stock: last year's + issued - repealed, no large gap",
    "Q12": "not a copy of last year's report (内容雷同)",
    "Q17": "a region aggregate is at least the sum of its members",
}
EVIDENCE_KINDS = ("cell", "text", "check")
MAX_LOAD_AGE_HOURS = 24 * 7  # a warehouse checked more than a week after its last load is stale
CHECK_STATUSES = ("pass", "fail", "not_assessable")
SEVERITIES = ("error", "warning")
TABLE_IDS = ("t2", "t3", "t4", "p")
VALUE_ORIGINS = ("table", "narrative")
CELL_STATUSES = ("ok", "blank", "dash", "unparsed", "recovered")
# ok, and recovered (a 表二 cell the evidence decides, ingest/t2_recovery.py), hold a number.
CELL_STATUSES_WITH_VALUE = ("ok", "recovered")
TEMPLATE_VERSIONS = ("2021", "2019", "pre2019")
TABLE_STATUSES = ("present", "empty", "absent")
FIRST_REPORT_YEAR = 2008  # the 2007 条例 took effect on 2008-05-01
EXAMPLES = 20  # failing checks a finding row lists (as GX lists 20 unexpected rows)


@dataclass(frozen=True)
class CheckSet:
    name: str  # asset, suite, validation definition and checkpoint name
    sql: str  # aggregate over the marts; its columns are what the expectations see
    index_columns: tuple[str, ...]  # columns that identify an unexpected row in results
    expectations: tuple[gxe.Expectation, ...]
    # (list column, count column): an unexpected row is printed as its examples, one line each,
    # then how many more the count holds; None: as its index columns' key=value pairs.
    examples: tuple[str, str] | None = None


def _in_set(column: str, values: tuple[str, ...], description: str) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeInSet(
        column=column, value_set=list(values), description=description
    )


def _not_null(column: str, description: str) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToNotBeNull(column=column, description=description)


def _zero(column: str, description: str) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=0, max_value=0, description=description
    )


CONSISTENCY_RULES = CheckSet(
    name="consistency_rules",
    sql="""
        select
            rule_id,
            severity,
            status,
            count(*) as checks,
            count(*) filter (where report_id is null) as checks_without_report
        from marts.fct_consistency_checks
        group by all
        order by all
    """,
    index_columns=("rule_id", "severity", "status"),
    expectations=(
        gxe.ExpectTableRowCountToBeBetween(
            min_value=1, description="The consistency checks were computed (at least one row)."
        ),
        _not_null("rule_id", "Every check names its rule."),
        _in_set("rule_id", RULES, "Rules are those of seeds/check_rules.csv."),
        _not_null("severity", "Every check has a severity."),
        _in_set("severity", SEVERITIES, "Severity is error or warning."),
        _not_null("status", "Every check has a status."),
        _in_set("status", CHECK_STATUSES, "Status is pass, fail or not_assessable."),
        _zero("checks_without_report", "Every check belongs to a report."),
    ),
)


def _figure_text(column: str) -> str:
    """SQL printing a decimal figure plainly: 11.0000 -> '11', 0.5000 -> '0.5', NULL -> '-'."""
    return f"""coalesce(case
                when {column} = trunc({column}) then cast(cast({column} as hugeint) as varchar)
                else rtrim(rtrim(cast({column} as varchar), '0'), '.')
            end, '-')"""


CONSISTENCY_ERROR_FINDINGS = CheckSet(
    name="consistency_error_findings",
    sql=f"""
        with failing as (
            select
                rule_id,
                report_id,
                scope,
                blank_handling,
                expected,
                actual,
                row_number() over (
                    partition by rule_id order by report_id, scope, blank_handling
                ) as n
            from marts.fct_consistency_checks
            where severity = 'error' and status = 'fail'
        )
        select
            failing.rule_id,
            count(*) as failures,
            count(distinct failing.report_id) as reports_failing,
            list(
                concat(
                    'report ', failing.report_id,
                    ' (', coalesce(reports.agency_name, '?'), ' ',
                    coalesce(cast(reports.report_year as varchar), '?'), '), ',
                    failing.scope, coalesce(' [' || failing.blank_handling || ']', ''),
                    ': expected ', {_figure_text("failing.expected")},
                    ', actual ', {_figure_text("failing.actual")}
                ) order by failing.n
            ) filter (where failing.n <= {EXAMPLES}) as examples
        from failing
        left join marts.dim_report as reports using (report_id)
        group by failing.rule_id
        order by failing.rule_id
    """,
    index_columns=("rule_id",),
    examples=("examples", "failures"),
    expectations=(
        # The frame has a row only for a rule that fails: its count, and examples for Data Docs.
        *(
            gxe.ExpectColumnValuesToBeBetween(
                column="failures",
                max_value=0,
                row_condition=Column("rule_id") == rule,
                description=f"{rule} ({title}): no error-severity failures.",
            )
            for rule, title in ERROR_RULES.items()
        ),
        _in_set(
            "rule_id",
            tuple(ERROR_RULES),
            "No error-severity failures under any other rule.",
        ),
    ),
)

INDICATOR_VALUES = CheckSet(
    name="indicator_values",
    sql="""
        select
            table_id,
            value_origin,
            cell_status,
            value is not null as has_value,
            count(*) as cells,
            count(*) filter (
                where report_id is null or row_key is null or col_key is null
            ) as cells_without_key,
            count(*) filter (where source_line is null or source_line < 1) as cells_without_line
        from marts.fct_indicator_values
        group by all
        order by all
    """,
    index_columns=("table_id", "value_origin", "cell_status", "has_value"),
    expectations=(
        _not_null("table_id", "Every value names its table."),
        _in_set("table_id", TABLE_IDS, "Tables are t2, t3, t4 or p (pre-2019)."),
        _not_null("value_origin", "Every value says where it was read."),
        _in_set("value_origin", VALUE_ORIGINS, "Values come from a table or from the prose."),
        _not_null("cell_status", "Every value has a cell status."),
        _in_set(
            "cell_status", CELL_STATUSES,
            "Cell status is ok, blank, dash, unparsed or recovered.",
        ),
        _zero("cells_without_key", "Every value has report_id, row_key and col_key."),
        _zero("cells_without_line", "Every value points at a 1-based source line."),
        gxe.ExpectColumnValuesToBeInSet(
            column="has_value",
            value_set=[True],
            row_condition=Column("cell_status").is_in(list(CELL_STATUSES_WITH_VALUE)),
            description="A cell read as ok (or recovered) holds a number.",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="has_value",
            value_set=[False],
            row_condition=Column("cell_status").is_not_in(list(CELL_STATUSES_WITH_VALUE)),
            description="Blank, dash and unparsed cells hold NULL, never 0.",
        ),
    ),
)

REPORTS = CheckSet(
    name="reports",
    sql="""
        select
            template_version,
            report_year,
            t2_status,
            t3_status,
            t4_status,
            count(*) as reports
        from marts.dim_report
        group by all
        order by all
    """,
    index_columns=("template_version", "report_year"),
    expectations=(
        gxe.ExpectColumnSumToBeBetween(
            column="reports", min_value=1, description="dim_report holds at least one report."
        ),
        _not_null("template_version", "Every report has a template version."),
        _in_set("template_version", TEMPLATE_VERSIONS, "Template is 2021, 2019 or pre2019."),
        _in_set("t2_status", TABLE_STATUSES, "T2 is present, empty or absent."),
        _in_set("t3_status", TABLE_STATUSES, "T3 is present, empty or absent."),
        _in_set("t4_status", TABLE_STATUSES, "T4 is present, empty or absent."),
        _not_null("report_year", "Every report's year was found."),
        gxe.ExpectColumnValuesToBeBetween(
            column="report_year",
            min_value=FIRST_REPORT_YEAR,
            description=f"Report years start in {FIRST_REPORT_YEAR}.",
        ),
    ),
)

CHECK_FINDINGS = CheckSet(
    name="check_findings",
    sql="""
        with failing as (
            select check_id, rule_id, severity, is_parse_doubt
            from marts.fct_consistency_checks
            where status = 'fail'
        )
        select
            failing.rule_id,
            failing.severity,
            failing.is_parse_doubt,
            count(distinct failing.check_id) as failing_checks,
            count(distinct failing.check_id) filter (where findings.check_id is null)
                as checks_without_evidence,
            count(findings.finding_id) as findings,
            count(findings.finding_id) filter (
                where findings.evidence_kind = 'cell' and findings.cell_status <> 'missing'
                    and (findings.source_line is null or findings.source_line < 1
                         or findings.raw_text is null)
            ) as cells_without_print,
            count(findings.finding_id) filter (
                where findings.evidence_kind = 'cell' and findings.is_other_report
            ) as cells_of_other_reports
        from failing
        left join marts.fct_check_findings as findings using (check_id)
        group by all
        order by all
    """,
    index_columns=("rule_id", "severity", "is_parse_doubt"),
    expectations=(
        _not_null("rule_id", "Every finding names its rule."),
        _in_set("rule_id", RULES, "Findings are of catalogued rules."),
        _zero("checks_without_evidence", "Every failing check has at least one finding row."),
        _zero(
            "cells_without_print",
            "Every printed cell named by a finding carries its printed text and source line.",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="severity",
            value_set=["warning"],
            row_condition=Column("is_parse_doubt") == True,  # noqa: E712 (a GX condition)
            description="Parse doubt (P01, P02) is never an error: we may have read it wrong.",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="rule_id",
            value_set=list(PARSE_DOUBT_RULES),
            row_condition=Column("is_parse_doubt") == True,  # noqa: E712 (a GX condition)
            description="Only the P rules are parse doubt.",
        ),
    ),
)

CROSS_REPORT_FINDINGS = CheckSet(
    name="cross_report_findings",
    sql=f"""
        with checks as (
            select
                checks.rule_id,
                checks.status,
                checks.report_id,
                checks.related_report_id,
                checks.scope,
                checks.expected,
                checks.actual,
                reports.agency_name,
                reports.report_year,
                related.report_year as related_report_year,
                row_number() over (
                    partition by checks.rule_id, checks.status
                    order by checks.report_id, checks.scope
                ) as n
            from marts.fct_consistency_checks as checks
            left join marts.dim_report as reports using (report_id)
            left join marts.dim_report as related
                on checks.related_report_id = related.report_id
            where checks.rule_id in ({", ".join(f"'{r}'" for r in CROSS_REPORT_RULES)})
                and checks.status <> 'not_assessable'
        )
        select
            rule_id,
            status,
            count(*) as checks,
            count(distinct report_id) as reports,
            count(*) filter (where related_report_id is null and rule_id <> 'Q17')
                as checks_without_related_report,
            count(*) filter (where report_year <= related_report_year)
                as related_reports_not_earlier,
            list(
                concat(
                    coalesce(agency_name, '?'), ' ',
                    coalesce(cast(report_year as varchar), '?'), ' (report ', report_id,
                    coalesce(' against ' || related_report_id, ''), '), ', scope,
                    ': expected ', {_figure_text("expected")},
                    ', actual ', {_figure_text("actual")}
                ) order by n
            ) filter (where status = 'fail' and n <= {EXAMPLES}) as examples
        from checks
        group by all
        order by all
    """,
    index_columns=("rule_id", "status"),
    examples=("examples", "checks"),
    expectations=(
        *(
            gxe.ExpectColumnValuesToBeInSet(
                column="status",
                value_set=["pass"],
                row_condition=Column("rule_id") == rule,
                description=f"{rule} ({title}): no failures.",
            )
            for rule, title in CROSS_REPORT_RULES.items()
        ),
        _zero(
            "checks_without_related_report",
            "A cross-year check names the report it compares with.",
        ),
        _zero("related_reports_not_earlier", "The report compared with is an earlier year's."),
    ),
)

FRESHNESS_AND_VOLUME = CheckSet(
    name="freshness_and_volume",
    sql="""
        with last_load as (
            select load_id, finished_at
            from marts.fct_ingest_loads
            where load_status = 'complete'
            order by finished_at desc
            limit 1
        ),
        -- the marts are incremental: rows of unchanged reports keep the time they were checked,
        -- so it is the reports of the last load that must have been checked after it
        last_load_checks as (
            select min(timezone('UTC', checks.checked_at)) as first_checked_at
            from marts.fct_consistency_checks as checks
            join marts.dim_report as reports using (report_id)
            join last_load on reports.load_id = last_load.load_id
        ),
        checks_per_report as (
            select
                reports.report_id,
                reports.template_version,
                count(checks.check_id) as checks
            from marts.dim_report as reports
            left join marts.fct_consistency_checks as checks using (report_id)
            where reports.is_current
            group by all
        )
        select
            (select count(*) from marts.dim_report where is_current) as current_reports,
            (select count(*) from marts.fct_consistency_checks) as checks,
            (select count(*) from marts.fct_check_findings) as findings,
            (select count(*) from checks_per_report where checks = 0) as reports_without_checks,
            (select min(checks) from checks_per_report where template_version <> 'pre2019')
                as min_checks_per_v2019_report,
            (select max(checks) from checks_per_report) as max_checks_per_report,
            (select count(*) from marts.fct_ingest_loads where load_status = 'running')
                as loads_running,
            -- loads are stamped in UTC without a time zone; checked_at is an instant
            date_diff(
                'hour', (select finished_at from last_load), timezone('UTC', current_timestamp)
            ) as hours_since_last_load,
            coalesce((select first_checked_at from last_load_checks)
                         >= (select finished_at from last_load), true) as checks_after_last_load
    """,
    index_columns=(),
    expectations=(
        gxe.ExpectTableRowCountToEqual(value=1, description="One row of warehouse totals."),
        gxe.ExpectColumnValuesToBeBetween(
            column="current_reports", min_value=1, description="The warehouse holds reports."
        ),
        _zero("reports_without_checks", "Every current report was checked."),
        gxe.ExpectColumnValuesToBeBetween(
            column="min_checks_per_v2019_report",
            min_value=60,
            description="Every v2019+ report gets its within-report checks (60 or more).",
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="max_checks_per_report",
            max_value=2000,
            description="No report explodes into thousands of checks.",
        ),
        _zero("loads_running", "No load is left running."),
        gxe.ExpectColumnValuesToNotBeNull(
            column="hours_since_last_load", description="A load completed."
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="hours_since_last_load",
            max_value=MAX_LOAD_AGE_HOURS,
            description=f"The last load finished within {MAX_LOAD_AGE_HOURS} hours.",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="checks_after_last_load",
            value_set=[True],
            description="The reports of the last load were checked after it (the marts are not "
                        "stale).",
        ),
    ),
)

CHECK_SETS = (
    CONSISTENCY_RULES,
    CONSISTENCY_ERROR_FINDINGS,
    CHECK_FINDINGS,
    CROSS_REPORT_FINDINGS,
    INDICATOR_VALUES,
    REPORTS,
    FRESHNESS_AND_VOLUME,
)
