with

source as (
    select * from {{ source('gov_reports', 'loads') }}
),

final as (
    select
        -- keys
        load_id,

        -- load
        status as load_status,
        reports_dir,
        parser_version,
        files_seen,
        files_loaded,
        files_unchanged,
        files_duplicate,
        files_errored,
        files_skipped,
        note as load_note,

        -- timestamps
        started_at,
        finished_at

    from source
)

select * from final
