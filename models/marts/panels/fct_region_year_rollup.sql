-- One row per division (province, prefecture, county) and report year: the headline figures
-- summed over the reports of agencies in the division that report on one agency
-- (report_scope agency_self or government_own_level). Region aggregates are never summed (they
-- would count their members twice); they are counted in aggregate_report_count. Each figure
-- comes with the number of reports that print it.
{% set counts = panel_count_figures() %}
with

panel as (
    select * from {{ ref('fct_agency_year_panel') }}
),

agencies as (
    select * from {{ ref('dim_agency') }}
    where adcode6 is not null
),

regions as (
    select * from {{ ref('dim_region') }}
),

placed as (
    select
        panel.*,
        agencies.province_code,
        agencies.prefecture_code,
        agencies.county_code
    from panel
    inner join agencies
        on panel.agency_id = agencies.agency_id
),

-- each report counted once in every division above its agency
expanded as (
    select province_code as region_code, placed.* from placed
    union all
    select prefecture_code as region_code, placed.* from placed
    where prefecture_code is not null
    union all
    select county_code as region_code, placed.* from placed
    where county_code is not null
),

summed as (
    select
        region_code,
        report_year,
        count(*) as report_count,
        count(distinct agency_id) as agency_count,
        {% for figure in counts -%}
        sum({{ figure }}) as {{ figure }},
        count({{ figure }}) as {{ figure }}_report_count{{ ',' if not loop.last }}
        {% endfor %}
    from expanded
    where report_scope in ('agency_self', 'government_own_level')
    group by
        region_code,
        report_year
),

aggregates as (
    select
        region_code,
        report_year,
        count(*) as aggregate_report_count
    from expanded
    where report_scope = 'region_aggregate'
    group by
        region_code,
        report_year
),

region_years as (
    select region_code, report_year from summed
    union
    select region_code, report_year from aggregates
),

final as (
    select
        -- keys
        region_years.region_code,
        region_years.report_year,

        -- division
        regions.region_name,
        regions.region_level,
        regions.province_name,
        regions.prefecture_name,

        -- reports behind the figures
        coalesce(summed.report_count, 0) as report_count,
        coalesce(summed.agency_count, 0) as agency_count,
        coalesce(aggregates.aggregate_report_count, 0) as aggregate_report_count,

        -- figures, each with the number of reports that print it
        {% for figure in counts -%}
        summed.{{ figure }},
        coalesce(summed.{{ figure }}_report_count, 0) as {{ figure }}_report_count{{ ',' if not loop.last }}
        {% endfor %}

    from region_years
    inner join regions
        on region_years.region_code = regions.region_id
    left join summed
        on region_years.region_code = summed.region_code
        and region_years.report_year = summed.report_year
    left join aggregates
        on region_years.region_code = aggregates.region_code
        and region_years.report_year = aggregates.report_year
)

select * from final
