-- The cells each current v2019+ report should print. These are its template's cells, except that
-- a T3 outcome group may be printed either as one row or as its items: some 2021 reports print
-- （六）其他处理 as a single row, as the 2019 template does. The form the report printed wins;
-- when it printed neither or both, the template's form is expected.
-- Stored, incremental by report (a report's expected cells follow from its own bytes): the check
-- models read it several times a build (Q02 and Q03 once per batch of reports), and as a view it
-- re-derived 13 million rows from every T3 cell each time at 100,000 reports.
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_superseded_reports(ref('int_reports_scoped')) }}",
) }}

with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and template_version in ('2021', '2019')
        and {{ reports_to_build(ref('int_reports_scoped')) }}
),

template_cells as (
    select * from {{ ref('int_template_cells_enumerated') }}
),

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
),

cells as (
    select * from {{ ref('int_cells_current') }}
),

-- the 2021 T3 structure is the only one that lists every item
t3_rows_2021 as (
    select * from indicators
    where template_version = '2021'
        and table_id = 't3'
        and kind = 'row'
),

outcome_groups as (
    select
        indicator_key as group_key,
        sort_order
    from t3_rows_2021
    where not is_printed
),

group_items as (
    select
        t3_rows_2021.parent_key as group_key,
        t3_rows_2021.indicator_key as item_key,
        t3_rows_2021.sort_order
    from t3_rows_2021
    inner join outcome_groups
        on t3_rows_2021.parent_key = outcome_groups.group_key
),

printed_t3_rows as (
    select distinct
        report_id,
        row_key
    from cells
    where table_id = 't3'
),

printed_item_counts as (
    select
        printed_t3_rows.report_id,
        group_items.group_key,
        count(*) as printed_item_count
    from printed_t3_rows
    inner join group_items
        on printed_t3_rows.row_key = group_items.item_key
    group by
        printed_t3_rows.report_id,
        group_items.group_key
),

group_forms as (
    select
        reports.report_id,
        outcome_groups.group_key,
        case
            when printed_groups.row_key is not null
                and coalesce(printed_item_counts.printed_item_count, 0) = 0
                then 'group'
            when printed_groups.row_key is null
                and coalesce(printed_item_counts.printed_item_count, 0) > 0
                then 'items'
            when coalesce(template_groups.is_printed, false) then 'group'
            else 'items'
        end as printed_form
    from reports
    cross join outcome_groups
    left join printed_t3_rows as printed_groups
        on reports.report_id = printed_groups.report_id
        and outcome_groups.group_key = printed_groups.row_key
    left join printed_item_counts
        on reports.report_id = printed_item_counts.report_id
        and outcome_groups.group_key = printed_item_counts.group_key
    left join indicators as template_groups
        on reports.template_version = template_groups.template_version
        and template_groups.table_id = 't3'
        and template_groups.kind = 'row'
        and outcome_groups.group_key = template_groups.indicator_key
),

t3_rows_resolved as (
    -- rows outside the outcome groups, as the template prints them
    select
        reports.report_id,
        t3_rows_2021.indicator_key as row_key,
        t3_rows_2021.sort_order as row_order,
        cast(null as {{ dbt.type_string() }}) as outcome_group_key,
        coalesce(t3_rows_2021.parent_key = 'total_handled', false) as is_outcome
    from reports
    cross join t3_rows_2021
    where t3_rows_2021.is_printed
        and t3_rows_2021.indicator_key not in (select item_key from group_items)

    union all

    -- groups printed as one row
    select
        group_forms.report_id,
        group_forms.group_key as row_key,
        outcome_groups.sort_order as row_order,
        group_forms.group_key as outcome_group_key,
        true as is_outcome
    from group_forms
    inner join outcome_groups
        on group_forms.group_key = outcome_groups.group_key
    where group_forms.printed_form = 'group'

    union all

    -- groups printed as their items
    select
        group_forms.report_id,
        group_items.item_key as row_key,
        group_items.sort_order as row_order,
        group_forms.group_key as outcome_group_key,
        true as is_outcome
    from group_forms
    inner join group_items
        on group_forms.group_key = group_items.group_key
    where group_forms.printed_form = 'items'
),

t3_columns as (
    select distinct
        template_version,
        col_key,
        col_order
    from template_cells
    where table_id = 't3'
),

t3_cells as (
    select
        reports.report_id,
        reports.template_version,
        't3' as table_id,
        t3_rows_resolved.row_key,
        t3_columns.col_key,
        t3_rows_resolved.row_order,
        t3_columns.col_order,
        t3_rows_resolved.outcome_group_key,
        t3_rows_resolved.is_outcome
    from reports
    inner join t3_rows_resolved
        on reports.report_id = t3_rows_resolved.report_id
    inner join t3_columns
        on reports.template_version = t3_columns.template_version
),

other_cells as (
    select
        reports.report_id,
        reports.template_version,
        template_cells.table_id,
        template_cells.row_key,
        template_cells.col_key,
        template_cells.row_order,
        template_cells.col_order,
        cast(null as {{ dbt.type_string() }}) as outcome_group_key,
        false as is_outcome
    from reports
    inner join template_cells
        on reports.template_version = template_cells.template_version
    where template_cells.table_id in ('t2', 't4')
),

final as (
    select * from t3_cells
    union all
    select * from other_cells
)

select * from final
