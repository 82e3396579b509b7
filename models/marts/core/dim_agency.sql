-- One row per agency (agency_id from the normalized name), with its division, level, type,
-- parent government and report scope. The rules are in int_agencies_resolved and
-- int_reports_scoped; unresolved names are listed in fct_unresolved_agencies.
with

agencies as (
    select * from {{ ref('int_agencies_resolved') }}
),

reports as (
    select * from {{ ref('int_reports_scoped') }}
    where agency_id is not null
),

agency_reports as (
    select
        reports.report_id,
        reports.report_year,
        reports.report_scope,
        agencies.*,
        row_number() over (
            partition by agencies.agency_id
            order by reports.report_year desc, reports.report_id desc
        ) as recency_rank
    from reports
    inner join agencies
        on reports.agency_name = agencies.agency_name
),

printed_names as (
    select distinct
        agency_id,
        agency_name
    from agency_reports
),

name_variants as (
    select
        agency_id,
        {{ dbt.listagg('agency_name', "' | '", 'order by agency_name') }} as agency_name_variants
    from printed_names
    group by agency_id
),

report_counts as (
    select
        agency_id,
        count(*) as report_count,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year
    from agency_reports
    group by agency_id
),

latest as (
    select * from agency_reports
    where recency_rank = 1
),

final as (
    select
        -- keys
        latest.agency_id,
        case
            when latest.township_name is not null or latest.functional_zone_name is not null
                then {{ dbt.concat([
                    'latest.region_code', "':'",
                    'coalesce(latest.township_name, latest.functional_zone_name)'
                ]) }}
            else latest.region_code
        end as region_id,
        parents.agency_id as parent_government_id,

        -- names
        latest.agency_name,
        latest.agency_name_norm,
        name_variants.agency_name_variants,
        latest.institution_name,

        -- classification
        latest.level,
        latest.agency_type,
        latest.report_scope,
        latest.report_scope_default,

        -- division
        latest.region_code as adcode6,
        cast(null as {{ dbt.type_string() }}) as adcode9,
        latest.province_code,
        latest.province_name,
        latest.prefecture_code,
        latest.prefecture_name,
        latest.county_code,
        latest.county_name,
        latest.functional_zone_name,
        latest.township_name,
        latest.parent_government_name,

        -- resolution
        latest.resolution_status,
        latest.resolution_method,
        latest.names_found,
        latest.unresolved_reason,

        -- reports
        report_counts.report_count,
        report_counts.first_report_year,
        report_counts.last_report_year

    from latest
    inner join name_variants
        on latest.agency_id = name_variants.agency_id
    inner join report_counts
        on latest.agency_id = report_counts.agency_id
    left join (select distinct agency_id, agency_name_norm from agencies) as parents
        on latest.parent_government_name = parents.agency_name_norm
)

select * from final
