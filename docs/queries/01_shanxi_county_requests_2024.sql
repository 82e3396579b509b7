-- How many information requests did county-level agencies in 山西 receive in 2024, and how many
-- did they refuse (不予公开), for each reason? 表三, 总计 column; agency-level reports only (a
-- region aggregate would count its members twice).
select
    cells.row_key,
    cells.row_label_zh,
    sum(cells.value) as requests,
    count(distinct cells.report_id) as reports
from marts.fct_disclosure_request_cells as cells
inner join marts.dim_agency as agencies
    on cells.agency_id = agencies.agency_id
where agencies.province_name = '山西省'
    and agencies.level = 'county'
    and cells.report_year = 2024
    and cells.report_scope <> 'region_aggregate'
    and cells.applicant_type = 'total'
    and (cells.row_key = 'new_received' or cells.outcome_group_key = 'denied')
group by
    cells.row_key,
    cells.row_label_zh,
    cells.row_order
order by cells.row_order
