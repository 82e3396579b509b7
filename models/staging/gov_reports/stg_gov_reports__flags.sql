with

source as (
    select * from {{ source('gov_reports', 'flags') }}
),

final as (
    select
        -- keys
        report_id,

        -- flag
        flag,
        detail,
        source_line

    from source
)

select * from final
