-- 表四 政府信息公开行政复议、行政诉讼情况: one row per report × block (行政复议, 未经复议直接起诉,
-- 复议后起诉) with upheld / corrected / other / pending / total as printed. Incremental by report
-- (macros/incremental_reports.sql).
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_superseded_reports(ref('int_reports_scoped')) }}",
) }}
with

t4 as (
    select * from {{ ref('int_t4_pivoted_to_blocks') }}
),

reports as (
    select * from {{ ref('int_reports_scoped') }}
),

final as (
    select
        -- keys
        t4.report_id,
        t4.block,
        reports.agency_id,

        -- report
        t4.source_file,
        t4.agency_name,
        t4.report_year,
        t4.template_version,
        reports.report_scope,

        -- block
        t4.block_label_zh,
        t4.block_order,

        -- outcomes
        {% for col_key in t4_outcome_keys() -%}
        t4.{{ col_key }},
        {% endfor -%}
        t4.outcomes_summed,
        t4.outcomes_summed = t4.total as is_total_matched,
        {{ safe_divide('t4.corrected', 't4.total') }} as corrected_share,

        -- cells
        t4.cell_count,
        t4.blank_cell_count

    from t4
    inner join reports
        on t4.report_id = reports.report_id
    where {{ reports_to_build(
        ref('int_reports_scoped'), 't4.report_id', ['agency_id', 'report_scope']
    ) }}
)

select * from final
