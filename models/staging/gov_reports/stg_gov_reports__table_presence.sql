with

source as (
    select * from {{ source('gov_reports', 'table_presence') }}
),

final as (
    select
        -- keys
        report_id,
        table_id,

        -- presence
        status as table_status,
        status = 'present' as is_present,
        heading_line

    from source
)

select * from final
