-- Incremental by report (macros/incremental_reports.sql); `dbt build --full-refresh` rebuilds it.
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
),

final as (
    select
        -- keys
        report_id,
        table_id,
        row_key,
        col_key,
        value_origin,

        -- report
        source_file,
        agency_name,
        report_year,
        template_version,

        -- labels
        row_label_zh,
        col_label_zh,

        -- value
        value,
        raw_text,
        cell_status,
        note,
        source_line,

        -- narrative only
        figure_key,
        unit,
        is_approximate

    from indicator_values
    where {{ reports_to_build(ref('int_reports_scoped')) }}
        {{ or_reports_with_unread_t2() }}
)

select * from final
