with

errors as (
    select * from {{ ref('stg_gov_reports__errors') }}
),

loads as (
    select * from {{ ref('stg_gov_reports__loads') }}
),

final as (
    select
        -- keys
        errors.load_id,
        errors.sha256,

        -- file
        errors.path,
        errors.file_name,

        -- error
        errors.error_kind,
        errors.message,

        -- load
        loads.parser_version,
        loads.reports_dir,

        -- timestamps
        errors.recorded_at,
        loads.started_at as load_started_at

    from errors
    left join loads
        on errors.load_id = loads.load_id
)

select * from final
