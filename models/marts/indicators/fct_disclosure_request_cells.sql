-- 表三 long: one row per report × printed row × applicant type, with Chinese labels, printed
-- order and the outcome group (不予公开, 无法提供, 不予处理, 其他处理) a row belongs to, so group
-- totals are one GROUP BY away. Incremental by report (macros/incremental_reports.sql).
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_superseded_reports(ref('int_reports_scoped')) }}",
) }}
with

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id = 't3'
),

reports as (
    select * from {{ ref('int_reports_scoped') }}
),

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
    where table_id = 't3'
),

-- 2021 labels and order for rows a template lacks (a 2019 report printing 2021 items)
rows_2021 as (
    select * from indicators
    where template_version = '2021'
        and kind = 'row'
),

groups_2021 as (
    select * from rows_2021
    where indicator_key in (
        {%- for group_key in t3_group_keys() %}'{{ group_key }}'{{ ', ' if not loop.last }}{% endfor -%}
    )
),

columns_2021 as (
    select * from indicators
    where template_version = '2021'
        and kind = 'col'
),

-- what a row key means in the 2021 structure, worked out once per key (a few dozen rows) rather
-- than per cell: its label and order, its outcome group and that group's label
rows_2021_resolved as (
    select
        rows_2021.indicator_key as row_key,
        rows_2021.label_zh,
        rows_2021.sort_order,
        case
            when groups_2021.indicator_key is not null then groups_2021.indicator_key
            when rows_2021.parent_key in (
                {%- for group_key in t3_group_keys() %}'{{ group_key }}'{{ ', ' if not loop.last }}{% endfor -%}
            ) then rows_2021.parent_key
        end as outcome_group_key,
        coalesce(
            rows_2021.parent_key = 'total_handled' or groups_2021.indicator_key is not null
            or rows_2021.parent_key in (
                {%- for group_key in t3_group_keys() %}'{{ group_key }}'{{ ', ' if not loop.last }}{% endfor -%}
            ),
            false
        ) as is_outcome
    from rows_2021
    left join groups_2021
        on rows_2021.indicator_key = groups_2021.indicator_key
),

row_meanings as (
    select
        rows_2021_resolved.*,
        outcome_groups.label_zh as outcome_group_label_zh
    from rows_2021_resolved
    left join groups_2021 as outcome_groups
        on rows_2021_resolved.outcome_group_key = outcome_groups.indicator_key
),

final as (
    select
        -- keys
        cells.report_id,
        cells.row_key,
        cells.col_key as applicant_type,
        reports.agency_id,

        -- report
        cells.source_file,
        cells.agency_name,
        cells.report_year,
        cells.template_version,
        reports.report_scope,

        -- row and applicant type
        coalesce(row_labels.label_zh, row_meanings.label_zh) as row_label_zh,
        row_meanings.sort_order as row_order,
        columns_2021.label_zh as applicant_type_label_zh,
        columns_2021.sort_order as applicant_type_order,
        row_meanings.outcome_group_key,
        row_meanings.outcome_group_label_zh,
        coalesce(row_meanings.is_outcome, false) as is_outcome,

        -- the cell
        cells.value,
        cells.raw_text,
        cells.cell_status,
        cells.is_blank,
        cells.note,
        cells.source_line

    from cells
    inner join reports
        on cells.report_id = reports.report_id
    left join indicators as row_labels
        on cells.template_version = row_labels.template_version
        and row_labels.kind = 'row'
        and cells.row_key = row_labels.indicator_key
    left join row_meanings
        on cells.row_key = row_meanings.row_key
    left join columns_2021
        on cells.col_key = columns_2021.indicator_key
    where {{ reports_to_build(
        ref('int_reports_scoped'), 'cells.report_id', ['agency_id', 'report_scope']
    ) }}
)

select * from final
