with

load_files as (
    select * from {{ ref('stg_gov_reports__load_files') }}
),

loads as (
    select * from {{ ref('stg_gov_reports__loads') }}
),

final as (
    select
        -- keys
        load_files.load_id,
        load_files.report_id,
        load_files.sha256,

        -- file
        load_files.path,
        load_files.file_name,
        load_files.size_bytes,
        load_files.mtime_ns,

        -- what the load did with it
        load_files.outcome,
        load_files.detail,

        -- load
        loads.load_status,
        loads.started_at as load_started_at

    from load_files
    left join loads
        on load_files.load_id = loads.load_id
)

select * from final
