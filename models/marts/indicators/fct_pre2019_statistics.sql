-- Pre-2019 statistics (reports of 2008-2018, free format): the figures of a local 统计表
-- (table p) and the prose figures that state a p statistic, one row per report × statistic ×
-- column (year / cumulative) × origin. Units are as printed (条/件/元/万元); nothing is converted.
-- Incremental by report (macros/incremental_reports.sql).
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_superseded_reports(ref('int_reports_scoped')) }}",
) }}
with

indicator_values as (
    select * from {{ ref('int_indicator_values_unioned') }}
    where table_id = 'p'
),

reports as (
    select * from {{ ref('int_reports_scoped') }}
),

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
    where table_id = 'p'
        and kind = 'row'
),

final as (
    select
        -- keys
        indicator_values.report_id,
        indicator_values.row_key as statistic_key,
        indicator_values.col_key as period,
        indicator_values.value_origin,
        reports.agency_id,

        -- report
        indicator_values.source_file,
        indicator_values.agency_name,
        indicator_values.report_year,
        indicator_values.template_version,
        reports.report_scope,

        -- statistic
        indicator_values.row_label_zh as statistic_label_zh,
        indicators.parent_key as parent_statistic_key,
        indicator_values.col_label_zh as period_label_zh,

        -- value
        indicator_values.value,
        indicator_values.unit,
        indicator_values.is_approximate,
        indicator_values.raw_text,
        indicator_values.cell_status,
        indicator_values.note,
        indicator_values.source_line,
        indicator_values.figure_key

    from indicator_values
    inner join reports
        on indicator_values.report_id = reports.report_id
    left join indicators
        on indicator_values.row_key = indicators.indicator_key
    where {{ reports_to_build(
        ref('int_reports_scoped'), 'indicator_values.report_id', ['agency_id', 'report_scope']
    ) }}
)

select * from final
