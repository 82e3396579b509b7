-- Q13: a report is published by its deadline (条例 第四十九条, 2019): 31 January of the next year
-- for a department, 31 March for the 本级政府 report; under the 2007 条例 (reports up to 2018)
-- 31 March for everyone. The kind of publisher is read from its name until dim_agency carries
-- it: a name ending in 政府 (人民政府) or 管委会/管理委员会 is a government, anything else
-- (办公室, 办公厅, 局, 委 …) a department. The date is the one printed in the report.
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
),

files as (
    select * from {{ ref('stg_gov_reports__files') }}
),

reports_dated as (
    select
        reports.report_id,
        reports.report_year,
        reports.publication_date,
        files.normalized_text,
        {{ regexp_group('reports.agency_name', '(政府|管委会|管理委员会)$') }} <> ''
            as is_government,
        -- the date as a report prints it: 2025年1月26日
        {% set parts = [] -%}
        {% for part, unit in [('year', '年'), ('month', '月'), ('day', '日')] -%}
        {% do parts.extend([
            dbt.cast(dbt.cast('extract(' ~ part ~ ' from reports.publication_date)', dbt.type_int()),
                     dbt.type_string()),
            "'" ~ unit ~ "'",
        ]) -%}
        {% endfor -%}
        case
            when reports.publication_date is not null then {{ dbt.concat(parts) }}
        end as date_text
    from reports
    inner join files
        on reports.report_id = files.report_id
),

deadlines as (
    select
        report_id,
        report_year,
        publication_date,
        normalized_text,
        is_government,
        date_text,
        {% set next_year = dbt.cast('report_year + 1', dbt.type_string()) -%}
        case
            when report_year is null then null
            when report_year >= 2019 and not is_government
                then {{ dbt.cast(dbt.concat([next_year, "'-01-31'"]), 'date') }}
            else {{ dbt.cast(dbt.concat([next_year, "'-03-31'"]), 'date') }}
        end as deadline,
        case
            when date_text is not null then {{ dbt.position('date_text', 'normalized_text') }}
        end as date_offset
    from reports_dated
),

judged as (
    select
        deadlines.*,
        case
            when publication_date > deadline
                then {{ dbt.datediff('deadline', 'publication_date', 'day') }}
            else 0
        end as days_late
    from deadlines
),

final as (
    select
        report_id,
        'Q13' as rule_id,
        'publication_date' as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when deadline is null or publication_date is null then 'not_assessable'
            when days_late = 0 then 'pass'
            else 'fail'
        end as status,
        case
            when deadline is not null and publication_date is not null
                then cast(0 as {{ type_figure() }})
        end as expected,
        case
            when deadline is not null and publication_date is not null
                then cast(days_late as {{ type_figure() }})
        end as actual,
        case
            when report_year is null then 'report year not found'
            when publication_date is null then 'no publication date printed'
            else {{ dbt.concat([
                "'dated '", dbt.cast('publication_date', dbt.type_string()),
                "'; deadline '", dbt.cast('deadline', dbt.type_string()),
                "case when report_year < 2019 then ' (2007 条例: 31 March)'"
                ~ " when is_government then ' (本级政府 report: 31 March)'"
                ~ " else ' (department: 31 January)' end",
                "case when days_late > 0 then "
                ~ dbt.concat(["'; '", dbt.cast('days_late', dbt.type_string()), "' days late'"])
                ~ " else '' end"
            ]) }}
        end as details,
        cast(null as {{ dbt.type_string() }}) as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        date_text as evidence_text,
        case when date_offset > 0 then {{ line_of_offset('normalized_text', 'date_offset') }} end
            as evidence_line
    from judged
)

select * from final
