-- One row per current report: its agency and its report_scope. A government's (or development
-- zone's) report covers its own level unless its preamble says it was compiled from the reports
-- or work of subordinate units (汇总/综合/根据 … 各有关单位/各部门/各乡镇/各县（市、区） …
-- 年度报告/工作情况 … 编制): then it is a region aggregate, never to be summed with its members.
-- Every other agency reports on itself.
-- a table: its rules run once per build, not once per model and test that reads it
{{ config(materialized='table') }}
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

files as (
    select * from {{ ref('stg_gov_reports__files') }}
),

agencies as (
    select * from {{ ref('int_agencies_resolved') }}
),

preambles as (
    select
        reports.report_id,
        -- the statement of how the report was compiled stands at its start
        substr(files.normalized_text, 1, {{ var('scope_preamble_chars') }}) as preamble
    from reports
    inner join files
        on reports.report_id = files.report_id
),

aggregate_statements as (
    select
        report_id,
        {{ regex_extract(
            'preamble',
            "'(汇总|综合|根据)[^。]{0,80}各(有关|相关|级)?(单位|部门|乡镇|街道|县|区|市)[^。]{0,60}(年度报告|工作报告|年报|工作情况)[^。]{0,20}(编制|形成|汇总)[^。]*'"
        ) }} as statement
    from preambles
),

final as (
    select
        -- keys
        reports.report_id,
        agencies.agency_id,

        -- report
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        reports.template_version,

        -- scope
        case
            when agencies.agency_id is null then null
            when agencies.report_scope_default = 'government_own_level'
                and coalesce(aggregate_statements.statement, '') <> ''
                then 'region_aggregate'
            else agencies.report_scope_default
        end as report_scope,
        case
            when agencies.report_scope_default = 'government_own_level'
                and coalesce(aggregate_statements.statement, '') <> ''
                then aggregate_statements.statement
        end as scope_evidence

    from reports
    left join agencies
        on reports.agency_name = agencies.agency_name
    left join aggregate_statements
        on reports.report_id = aggregate_statements.report_id
)

select * from final
