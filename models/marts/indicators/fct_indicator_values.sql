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
)

select * from final
