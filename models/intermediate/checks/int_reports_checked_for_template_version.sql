-- Q06: the template a report follows (detected by ingest from its markers, spec §0) is the one in
-- force for its year: the 2007 条例's free format up to 2018, the 2019 (试行) template for 2019
-- and 2020, the 2021 template from 2021 on. A lagging agency's old format is a finding.
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
),

reports_expected as (
    select
        report_id,
        report_year,
        template_version,
        template_evidence,
        case
            when report_year is null then null
            when report_year <= 2018 then 'pre2019'
            when report_year <= 2020 then '2019'
            else '2021'
        end as expected_template
    from reports
),

final as (
    select
        report_id,
        'Q06' as rule_id,
        'template' as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when expected_template is null then 'not_assessable'
            when template_version = expected_template then 'pass'
            else 'fail'
        end as status,
        case when expected_template is not null then cast(1 as {{ type_figure() }}) end
            as expected,
        case
            when expected_template is not null
                then cast(
                    case when template_version = expected_template then 1 else 0 end
                    as {{ type_figure() }}
                )
        end as actual,
        case
            when expected_template is null then 'report year not found'
            else {{ dbt.concat([
                "'template '", 'template_version', "' detected; '",
                dbt.cast('report_year', dbt.type_string()), "' reports use '",
                'expected_template',
                "coalesce(" ~ dbt.concat(["' (markers: '", 'template_evidence', "')'"]) ~ ", '')"
            ]) }}
        end as details,
        cast(null as {{ dbt.type_string() }}) as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        template_evidence as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from reports_expected
)

select * from final
