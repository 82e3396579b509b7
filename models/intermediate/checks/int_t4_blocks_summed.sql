-- Q04 (identity I4): for each T4 block, total (expected) = upheld + corrected + other + pending
-- (actual).

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
        and table_id = 't4'
),

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
    where table_id = 't4'
),

blocks as (
    select
        template_version,
        indicator_key as row_key
    from indicators
    where kind = 'row'
),

outcomes as (
    select
        template_version,
        indicator_key as col_key,
        parent_key,
        sort_order
    from indicators
    where kind = 'col'
),

terms as (
    select
        reports.report_id,
        't4' as table_id,
        reports.t4_status as table_status,
        blocks.row_key as scope,
        case when outcomes.col_key = 'total' then 'expected' else 'actual' end as side,
        blocks.row_key,
        outcomes.col_key,
        outcomes.sort_order as term_order
    from reports
    inner join blocks
        on reports.template_version = blocks.template_version
    inner join outcomes
        on reports.template_version = outcomes.template_version
    where outcomes.col_key = 'total'
        or outcomes.parent_key = 'total'
),

found_terms as (
    select
        reports.report_id,
        't4' as table_id,
        reports.t4_status as table_status,
        cells.row_key as scope,
        case when outcomes.col_key = 'total' then 'expected' else 'actual' end as side,
        cells.row_key,
        cells.col_key,
        outcomes.sort_order as term_order,
        {{ found_term_cell_columns('cells') }}
    from cells
    inner join reports
        on cells.report_id = reports.report_id
    inner join blocks
        on reports.template_version = blocks.template_version
        and cells.row_key = blocks.row_key
    inner join outcomes
        on reports.template_version = outcomes.template_version
        and cells.col_key = outcomes.col_key
    where outcomes.col_key = 'total'
        or outcomes.parent_key = 'total'
),

{{ identity_rule_checked('Q04') }}

select * from final
