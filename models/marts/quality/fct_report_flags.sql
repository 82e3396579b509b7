with

reports as (
    select * from {{ ref('int_reports_versioned') }}
),

flags as (
    select * from {{ ref('stg_gov_reports__flags') }}
),

final as (
    select
        -- keys
        flags.report_id,

        -- report
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        reports.template_version,
        reports.is_current,

        -- flag
        flags.flag,
        flags.detail,
        flags.source_line

    from flags
    inner join reports
        on flags.report_id = reports.report_id
)

select * from final
