with

source as (
    select * from {{ source('gov_reports', 'load_files') }}
),

final as (
    select
        -- keys
        load_id,
        report_id,
        sha256,

        -- file
        path,
        file_name,
        size_bytes,
        mtime_ns,

        -- what the load did with it
        outcome,
        detail

    from source
)

select * from final
