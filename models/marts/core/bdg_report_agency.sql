-- Which agency published each current report, and what the report covers (report_scope).
with

reports as (
    select * from {{ ref('int_reports_scoped') }}
),

final as (
    select
        -- keys
        report_id,
        agency_id,

        -- report
        source_file,
        agency_name,
        report_year,
        template_version,

        -- scope
        report_scope,
        scope_evidence

    from reports
)

select * from final
