-- 表二 主动公开政府信息情况 as the 2019 template prints it (国办公开办函〔2019〕60号, used for 2019 and
-- 2020 reports): one row per report, every printed cell a column. Its columns mean other things
-- than the 2021 ones (items made and published, catalogue sizes and changes, procurement), so
-- they stay in their own mart. Incremental by report (macros/incremental_reports.sql).
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
    where template_version = '2019'
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
        {% for row_key, col_key in layout['2019'] -%}
        t2.v2019_{{ row_key }}_{{ col_key }} as {{ row_key }}_{{ col_key }},
        {% endfor -%}
        t2.v2019_central_procurement_procurement_amount_note
            as central_procurement_procurement_amount_note,
        t2.cell_count,
        t2.blank_cell_count

    from t2
    inner join reports
        on t2.report_id = reports.report_id
    where {{ reports_to_build(ref('int_reports_scoped'), 't2.report_id', ['agency_id', 'report_scope']) }}
)

select * from final
