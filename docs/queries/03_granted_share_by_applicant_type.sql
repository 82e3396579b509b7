-- What share of the requests handled was granted in full (予以公开), by applicant type? Every
-- agency-level report, counting only rows where both figures are printed (a blank is not a 0).
select
    applicant_type,
    applicant_type_label_zh,
    sum(case when granted is not null and total_handled is not null then granted end)
        as granted,
    sum(case when granted is not null and total_handled is not null then total_handled end)
        as handled,
    sum(case when granted is not null and total_handled is not null then granted end) * 1.0
        / nullif(sum(case when granted is not null and total_handled is not null
            then total_handled end), 0) as granted_share,
    count(case when granted is not null and total_handled is not null then 1 end) as reports
from marts.fct_disclosure_requests
where report_scope <> 'region_aggregate'
group by
    applicant_type,
    applicant_type_label_zh,
    applicant_type_order
order by applicant_type_order
