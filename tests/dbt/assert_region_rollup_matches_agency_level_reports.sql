-- fct_region_year_rollup, recomputed per province from 表三 of the panel's reports: the sum of
-- 新收 总计 over agency-level reports (never region aggregates) and the count of those reports.
with

rollup as (
    select * from {{ ref('fct_region_year_rollup') }}
    where region_level = 'province'
),

panel as (
    select * from {{ ref('fct_agency_year_panel') }}
),

agencies as (
    select * from {{ ref('dim_agency') }}
),

requests as (
    select * from {{ ref('fct_disclosure_requests') }}
    where applicant_type = 'total'
),

recomputed as (
    select
        agencies.province_code as region_code,
        panel.report_year,
        count(*) as report_count,
        sum(requests.new_received) as applications_received,
        count(requests.new_received) as applications_received_report_count
    from panel
    inner join agencies
        on panel.agency_id = agencies.agency_id
    left join requests
        on panel.report_id = requests.report_id
    where agencies.province_code is not null
        and panel.report_scope <> 'region_aggregate'
    group by
        agencies.province_code,
        panel.report_year
),

final as (
    select
        recomputed.region_code,
        recomputed.report_year,
        recomputed.report_count as expected_report_count,
        rollup.report_count,
        recomputed.applications_received as expected_applications_received,
        rollup.applications_received
    from recomputed
    left join rollup
        on recomputed.region_code = rollup.region_code
        and recomputed.report_year = rollup.report_year
    where rollup.region_code is null
        or rollup.report_count <> recomputed.report_count
        or rollup.applications_received_report_count
            <> recomputed.applications_received_report_count
        or not coalesce(
            rollup.applications_received = recomputed.applications_received
            or (rollup.applications_received is null
                and recomputed.applications_received is null),
            false
        )
)

select * from final
