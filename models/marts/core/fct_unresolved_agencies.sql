-- One row per current report whose agency did not resolve to a division (or whose agency name
-- could not be read), with the reason. A misprinted name (沐阳县 for 沭阳县) stays as printed and
-- unresolved: the warehouse never corrects a published name.
with

agencies as (
    select * from {{ ref('int_agencies_resolved') }}
    where resolution_status = 'unresolved'
),

reports as (
    select * from {{ ref('int_reports_scoped') }}
),

unresolved_names as (
    select
        agencies.agency_id,
        agencies.agency_name,
        agencies.unresolved_reason,
        agencies.unresolved_detail,
        agencies.level,
        agencies.agency_type
    from agencies
),

unnamed_reports as (
    select
        cast(null as {{ dbt.type_string() }}) as agency_id,
        cast(null as {{ dbt.type_string() }}) as agency_name,
        'no_agency_name' as unresolved_reason,
        'ingest read no agency name from the report (title, body or signature)'
            as unresolved_detail,
        cast(null as {{ dbt.type_string() }}) as level,
        cast(null as {{ dbt.type_string() }}) as agency_type,
        report_id
    from reports
    where agency_name is null
),

named_reports as (
    select
        unresolved_names.*,
        reports.report_id
    from unresolved_names
    inner join reports
        on unresolved_names.agency_name = reports.agency_name
),

all_reports as (
    select * from named_reports
    union all
    select * from unnamed_reports
),

final as (
    select
        -- keys: one row per report whose agency did not resolve
        all_reports.report_id,
        all_reports.agency_id,

        -- the name as printed
        all_reports.agency_name,
        reports.source_file,
        reports.report_year,

        -- why
        all_reports.unresolved_reason,
        all_reports.unresolved_detail,

        -- what the name still tells
        all_reports.level,
        all_reports.agency_type

    from all_reports
    inner join reports
        on all_reports.report_id = reports.report_id
)

select * from final
