with

source as (
    select * from {{ source('gov_reports', 'errors') }}
),

final as (
    select
        -- keys
        load_id,
        sha256,

        -- file
        path,
        file_name,

        -- error
        error_kind,
        message,
        recorded_at

    from source
)

select * from final
