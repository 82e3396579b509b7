-- fct_agency_year_panel's previous-year columns come from the same agency's report for exactly
-- report_year - 1, and previous_applications_received is that report's 表三 新收 总计.
with

panel as (
    select * from {{ ref('fct_agency_year_panel') }}
),

reports as (
    select * from {{ ref('bdg_report_agency') }}
),

requests as (
    select * from {{ ref('fct_disclosure_requests') }}
    where applicant_type = 'total'
),

final as (
    select
        panel.agency_id,
        panel.report_year,
        panel.previous_report_id,
        previous_reports.agency_id as previous_agency_id,
        previous_reports.report_year as previous_year
    from panel
    left join reports as previous_reports
        on panel.previous_report_id = previous_reports.report_id
    left join requests as previous_requests
        on panel.previous_report_id = previous_requests.report_id
    where panel.previous_report_id is not null
        and (
            previous_reports.agency_id <> panel.agency_id
            or previous_reports.report_year <> panel.report_year - 1
            or not coalesce(
                panel.previous_applications_received = previous_requests.new_received
                or (panel.previous_applications_received is null
                    and previous_requests.new_received is null),
                false
            )
        )
)

select * from final
