-- Q14: the report states its statistics period, and it is the calendar year it reports on
-- (统计期限自Y年1月1日起至Y年12月31日止, spec N9). Found by a regular expression over the
-- normalized text that tolerates the usual wordings (期限/时限/期间, 为/自/从, 起/止, commas,
-- spaces and line breaks between the parts, the end year left out).
{% set period = '统计(?:期限|时限|期间|时段|区间|时间)[^0-9。]{0,8}([0-9]{4})\\s*年\\s*0?1\\s*月\\s*0?1\\s*日[^0-9。]{0,8}(?:([0-9]{4})\\s*年\\s*)?12\\s*月\\s*31\\s*日' %}
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
),

files as (
    select * from {{ ref('stg_gov_reports__files') }}
),

periods_found as (
    select
        reports.report_id,
        reports.report_year,
        files.normalized_text,
        nullif({{ regexp_group('files.normalized_text', period, 0) }}, '') as period_text,
        {{ dbt.safe_cast(regexp_group('files.normalized_text', period, 1), dbt.type_int()) }}
            as start_year,
        {{ dbt.safe_cast("nullif(" ~ regexp_group('files.normalized_text', period, 2) ~ ", '')",
                         dbt.type_int()) }} as end_year
    from reports
    inner join files
        on reports.report_id = files.report_id
),

final as (
    select
        report_id,
        'Q14' as rule_id,
        'statistics_period' as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when report_year is null then 'not_assessable'
            when period_text is null then 'fail'
            when start_year = report_year and coalesce(end_year, start_year) = report_year
                then 'pass'
            else 'fail'
        end as status,
        cast(report_year as {{ type_figure() }}) as expected,
        cast(
            case
                when start_year = coalesce(end_year, start_year) then start_year
                else coalesce(end_year, start_year)
            end as {{ type_figure() }}
        ) as actual,
        case
            when report_year is null then 'report year not found'
            when period_text is null then 'no statistics period (统计期限 … 1月1日 … 12月31日) stated'
            when start_year = report_year and coalesce(end_year, start_year) = report_year
                then 'the calendar year of the report'
            else {{ dbt.concat([
                "'period from '", dbt.cast('start_year', dbt.type_string()),
                "' to '", dbt.cast('coalesce(end_year, start_year)', dbt.type_string()),
                "' in a '", dbt.cast('report_year', dbt.type_string()), "' report'"
            ]) }}
        end as details,
        cast(null as {{ dbt.type_string() }}) as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        period_text as evidence_text,
        case
            when period_text is not null
                then {{ line_of_offset('normalized_text', dbt.position('period_text', 'normalized_text')) }}
        end as evidence_line
    from periods_found
)

select * from final
