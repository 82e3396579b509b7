-- Q03 (identity I3): for each printed T3 row, the 总计 column (expected) = the sum of the six
-- applicant types (actual). Rows are those the report should print plus any it did print.

-- a full build of a large warehouse goes in batches of reports: the joins over every T3/T4
-- cell at once spill (one statement took 3x the time of four batches at 100,000 reports)
{{ config(meta={'reports_per_batch': 25000}) }}

with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
        and template_version in ('2021', '2019')
),

cells as (
    select * from {{ cells_to_check() }}
    where {{ reports_to_check() }}
        and table_id = 't3'
),

-- the rows printed, apart from `cells`: a CTE read twice is materialized (every T3 cell)
printed_rows as (
    select distinct
        report_id,
        row_key
    from {{ cells_to_check() }}
    where {{ reports_to_check() }}
        and table_id = 't3'
),

expected_cells as (
    select * from {{ ref('int_report_cells_expected') }}
    where {{ reports_to_check() }}
        and table_id = 't3'
),

applicant_types as (
    select
        template_version,
        indicator_key as col_key,
        parent_key,
        sort_order
    from {{ ref('int_indicators_expanded') }}
    where table_id = 't3'
        and kind = 'col'
),

t3_rows as (
    select distinct
        report_id,
        row_key
    from expected_cells
    union
    select
        report_id,
        row_key
    from printed_rows
),

terms as (
    select
        reports.report_id,
        't3' as table_id,
        reports.t3_status as table_status,
        t3_rows.row_key as scope,
        case when applicant_types.col_key = 'total' then 'expected' else 'actual' end as side,
        t3_rows.row_key,
        applicant_types.col_key,
        applicant_types.sort_order as term_order
    from reports
    inner join t3_rows
        on reports.report_id = t3_rows.report_id
    inner join applicant_types
        on reports.template_version = applicant_types.template_version
    where applicant_types.col_key = 'total'
        or applicant_types.parent_key = 'total'
),

-- every printed row is one of t3_rows
found_terms as (
    select
        reports.report_id,
        't3' as table_id,
        reports.t3_status as table_status,
        cells.row_key as scope,
        case when applicant_types.col_key = 'total' then 'expected' else 'actual' end as side,
        cells.row_key,
        cells.col_key,
        applicant_types.sort_order as term_order,
        {{ found_term_cell_columns('cells') }}
    from cells
    inner join reports
        on cells.report_id = reports.report_id
    inner join applicant_types
        on reports.template_version = applicant_types.template_version
        and cells.col_key = applicant_types.col_key
    where applicant_types.col_key = 'total'
        or applicant_types.parent_key = 'total'
),

{{ identity_rule_checked('Q03') }}

select * from final
