with

source as (
    select * from {{ source('gov_reports', 'cells') }}
),

final as (
    select
        -- keys
        report_id,
        table_id,
        row_key,
        col_key,

        -- the cell as printed, and its value cast once here
        raw_text,
        value_text,
        {{ cast_figure('value_text') }} as value,
        status as cell_status,
        status in ('blank', 'dash') as is_blank,
        note,
        source_line

    from source
)

select * from final
