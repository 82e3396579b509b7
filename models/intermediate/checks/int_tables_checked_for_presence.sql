-- Q07 (条例第五十条 "不能遗漏"): a v2019+ report prints tables T2, T3 and T4 and the six
-- numbered sections 一…六.
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
        and template_version in ('2021', '2019')
),

sections as (
    select * from {{ ref('stg_gov_reports__sections') }}
),

tables as (
    {% for table_id in ['t2', 't3', 't4'] -%}
    select '{{ table_id }}' as table_id
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

section_numbers as (
    {% for section_no in range(1, 7) -%}
    select {{ section_no }} as section_no
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

table_checks as (
    select
        reports.report_id,
        tables.table_id as scope,
        case tables.table_id
            when 't2' then reports.t2_status
            when 't3' then reports.t3_status
            else reports.t4_status
        end as table_status,
        case tables.table_id
            when 't2' then reports.t2_heading_line
            when 't3' then reports.t3_heading_line
            else reports.t4_heading_line
        end as heading_line
    from reports
    cross join tables
),

sections_found as (
    select
        reports.report_id,
        section_numbers.section_no,
        min(sections.start_line) as start_line
    from reports
    cross join section_numbers
    left join sections
        on reports.report_id = sections.report_id
        and section_numbers.section_no = sections.section_no
    group by
        reports.report_id,
        section_numbers.section_no
),

section_checks as (
    select
        report_id,
        sum(case when start_line is not null then 1 else 0 end) as found_count,
        {{ sorted_listagg(
            'case when start_line is null then ' ~ dbt.cast('section_no', dbt.type_string()) ~ ' end',
            "', '",
            [('section_no', 'number')]
        ) }} as missing_sections
    from sections_found
    group by report_id
),

final as (
    select
        report_id,
        'Q07' as rule_id,
        scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case when table_status = 'present' then 'pass' else 'fail' end as status,
        cast(1 as {{ type_figure() }}) as expected,
        cast(case when table_status = 'present' then 1 else 0 end as {{ type_figure() }}) as actual,
        {{ dbt.concat([
            "'table '", 'scope', "' is '", 'table_status',
            "coalesce("
            ~ dbt.concat(["' (heading at line '", dbt.cast('heading_line', dbt.type_string()), "')'"])
            ~ ", '')"
        ]) }} as details,
        {{ no_evidence() }}
    from table_checks

    union all

    select
        report_id,
        'Q07' as rule_id,
        'sections' as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case when found_count = 6 then 'pass' else 'fail' end as status,
        cast(6 as {{ type_figure() }}) as expected,
        cast(found_count as {{ type_figure() }}) as actual,
        case
            when found_count = 6 then 'sections 1-6 all found'
            else {{ dbt.concat(["'sections missing: '", 'missing_sections']) }}
        end as details,
        {{ no_evidence() }}
    from section_checks
)

select * from final
