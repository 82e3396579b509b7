-- Which agencies' refusal rate (不予公开 / （七）总计, 表三 总计 column) at least doubled from
-- one year to the next? A rate that rises from 0 has no ratio and is not listed.
select
    agency_name_norm,
    level,
    report_year,
    previous_refusal_rate,
    refusal_rate,
    refusal_rate_ratio,
    previous_report_scope,
    report_scope
from marts.fct_agency_year_panel
where refusal_rate_ratio >= 2
order by
    refusal_rate_ratio desc,
    agency_name_norm,
    report_year
