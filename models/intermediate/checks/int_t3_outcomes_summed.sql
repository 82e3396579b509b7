-- Q02 (identity I2): for each T3 column, total_handled (expected) = granted + partially_granted
-- + every item of denied / unable / not_processed / other_handling (actual); a group the report
-- prints as one row (other_handling in 2019) enters as that row.

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

expected_cells as (
    select * from {{ ref('int_report_cells_expected') }}
    where {{ reports_to_check() }}
        and table_id = 't3'
),

applicant_types as (
    select distinct
        report_id,
        col_key,
        col_order
    from expected_cells
),

terms as (
    select
        reports.report_id,
        't3' as table_id,
        reports.t3_status as table_status,
        applicant_types.col_key as scope,
        'expected' as side,
        'total_handled' as row_key,
        applicant_types.col_key,
        0 as term_order
    from reports
    inner join applicant_types
        on reports.report_id = applicant_types.report_id

    union all

    select
        reports.report_id,
        't3' as table_id,
        reports.t3_status as table_status,
        expected_cells.col_key as scope,
        'actual' as side,
        expected_cells.row_key,
        expected_cells.col_key,
        expected_cells.row_order as term_order
    from reports
    inner join expected_cells
        on reports.report_id = expected_cells.report_id
    where expected_cells.is_outcome
),

found_terms as (
    select
        reports.report_id,
        't3' as table_id,
        reports.t3_status as table_status,
        applicant_types.col_key as scope,
        'expected' as side,
        cells.row_key,
        cells.col_key,
        0 as term_order,
        {{ found_term_cell_columns('cells') }}
    from reports
    inner join applicant_types
        on reports.report_id = applicant_types.report_id
    inner join cells
        on applicant_types.report_id = cells.report_id
        and applicant_types.col_key = cells.col_key
        and cells.row_key = 'total_handled'

    union all

    select
        reports.report_id,
        't3' as table_id,
        reports.t3_status as table_status,
        expected_cells.col_key as scope,
        'actual' as side,
        expected_cells.row_key,
        expected_cells.col_key,
        expected_cells.row_order as term_order,
        {{ found_term_cell_columns('cells') }}
    from reports
    inner join expected_cells
        on reports.report_id = expected_cells.report_id
    inner join cells
        on expected_cells.report_id = cells.report_id
        and expected_cells.row_key = cells.row_key
        and expected_cells.col_key = cells.col_key
    where expected_cells.is_outcome
),

{{ identity_rule_checked('Q02') }}

select * from final
