-- Which reports' 表三 does not balance? Either 一 + 二 ≠ 三（七）+ 四 (the 勾稽关系 printed in the
-- table's header), or the outcomes do not add up to （七）总计; per applicant type. A column
-- with a blank term cannot be judged and is not listed.
select
    agency_name,
    report_year,
    source_file,
    applicant_type,
    applicant_type_label_zh,
    inflow,
    outflow,
    outcomes_summed,
    total_handled,
    is_balanced,
    is_outcomes_total_matched
from marts.fct_disclosure_requests
where not is_balanced
    or not is_outcomes_total_matched
order by
    report_year,
    source_file,
    applicant_type_order
