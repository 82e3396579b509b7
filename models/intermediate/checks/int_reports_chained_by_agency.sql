-- Each current report with the same agency's report of the previous year, for the cross-report
-- checks (Q09, Q10, Q12). Reports of one agency are grouped by their agency name reduced to a key
-- (agency_key macro: whitespace and bracketed asides dropped) until dim_agency supplies an id;
-- renamed or merged agencies therefore start a new chain. When an agency has two current reports
-- for one year, the one ingested last stands for it.
-- a table built whole: an agency's chain changes when any of its reports arrives
{{ config(materialized='table') }}

with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

reports_keyed as (
    select
        report_id,
        agency_name,
        {{ agency_key('agency_name') }} as agency_key,
        report_year,
        template_version,
        t2_status,
        t3_status,
        t4_status,
        row_number() over (
            partition by {{ agency_key('agency_name') }}, report_year
            order by ingested_at desc, report_id desc
        ) as year_rank
    from reports
),

final as (
    select
        -- keys
        this_year.report_id,
        previous_year.report_id as previous_report_id,

        -- agency and years
        this_year.agency_key,
        this_year.agency_name,
        this_year.report_year,
        previous_year.report_year as previous_report_year,
        this_year.year_rank = 1 as is_agency_year_report,

        -- templates and tables
        this_year.template_version,
        previous_year.template_version as previous_template_version,
        this_year.t2_status,
        previous_year.t2_status as previous_t2_status,
        this_year.t3_status,
        previous_year.t3_status as previous_t3_status

    from reports_keyed as this_year
    left join reports_keyed as previous_year
        on this_year.agency_key = previous_year.agency_key
        and this_year.report_year = previous_year.report_year + 1
        and previous_year.year_rank = 1
    where this_year.agency_key is not null
        and this_year.report_year is not null
)

select * from final
