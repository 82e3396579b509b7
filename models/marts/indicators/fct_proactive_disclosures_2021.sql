-- 表二 主动公开政府信息情况 as the 2021 template prints it (国办公开办函〔2021〕30号): one row per
-- report, every printed cell a column. Incremental by report (macros/incremental_reports.sql).
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_superseded_reports(ref('int_reports_scoped')) }}",
) }}
{% set layout = t2_layout() %}
with

t2 as (
    select * from {{ ref('int_t2_pivoted_to_reports') }}
    where template_version = '2021'
),

reports as (
    select * from {{ ref('int_reports_scoped') }}
),

final as (
    select
        -- keys
        t2.report_id,
        reports.agency_id,

        -- report
        t2.source_file,
        t2.agency_name,
        t2.report_year,
        t2.template_version,
        reports.report_scope,

        -- cells
        {% for row_key, col_key in layout['2021'] -%}
        t2.{{ row_key }}_{{ col_key }},
        {% endfor -%}
        t2.admin_fees_amount_10k_yuan_note,
        t2.cell_count,
        t2.blank_cell_count

    from t2
    inner join reports
        on t2.report_id = reports.report_id
    where {{ reports_to_build(ref('int_reports_scoped'), 't2.report_id', ['agency_id', 'report_scope']) }}
)

select * from final
