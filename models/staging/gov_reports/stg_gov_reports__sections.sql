with

source as (
    select * from {{ source('gov_reports', 'sections') }}
),

final as (
    select
        -- keys
        report_id,
        section_no,

        -- section
        heading,
        start_line,
        end_line

    from source
)

select * from final
