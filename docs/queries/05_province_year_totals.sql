-- Requests received and handled, reviews and lawsuits per province and year, summed over
-- agency-level reports, with the number of reports behind each figure (region aggregates are
-- counted apart, never summed).
select
    region_name as province,
    report_year,
    report_count,
    aggregate_report_count,
    applications_received,
    applications_received_report_count,
    applications_handled,
    applications_handled_report_count,
    admin_reviews,
    lawsuits
from marts.fct_region_year_rollup
where region_level = 'province'
order by
    region_code,
    report_year
