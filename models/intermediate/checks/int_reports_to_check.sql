-- The current reports whose checks this build computes (the incremental check models and the
-- quality marts filter by it: macros/incremental_reports.sql). Every report when the build is a
-- full refresh or an incremental check model does not exist yet; otherwise
--   new      a report no check has seen (marts.fct_consistency_checks as the last build left it:
--            every report has rows there, Q06 alone gives each one);
--   next_year  a report of the year after a new report or a report no longer current, of the same
--            agency: its cross-year checks (Q09, Q10, Q12) compare it with that year's report
--            (agency_key, as int_reports_chained_by_agency chains them);
--   t2       a report with an unread 表二 cell, which cross-year 表二 recovery may change when
--            another report of its agency arrives (macros/t2_recovery.sql: they are few).
-- Read before this build writes the quality marts; a failed build leaves them as they were, so
-- the next build finds the same reports again.
{{ config(materialized='table') }}

{#- refs outside the conditions, so that dbt sees the dependencies when it parses -#}
{%- set current_reports = ref('int_reports_scoped') -%}
{%- set cells = ref('stg_gov_reports__cells') -%}
{%- set incremental_models = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model'
            and node.config.materialized in ('incremental', 'incremental_by_report')
            and (node.path.startswith('intermediate/checks/') or node.path.startswith('marts/quality/')) -%}
        {%- do incremental_models.append(
            adapter.get_relation(database=this.database, schema=node.schema, identifier=node.alias)) -%}
    {%- endfor -%}
{%- endif -%}
{%- set checked = adapter.get_relation(
    database=this.database, schema='marts', identifier='fct_consistency_checks') if execute else none -%}
{%- set rebuild_all = flags.FULL_REFRESH or checked is none or none in incremental_models %}

with

reports as (
    select
        report_id,
        agency_name,
        report_year
    from {{ current_reports }}
),

{% if rebuild_all -%}
final as (
    select
        report_id,
        'all' as reason
    from reports
)
{%- else -%}
checked_reports as (
    select distinct
        report_id,
        agency_name,
        report_year
    from {{ checked.include(database=false) }}
),

new_reports as (
    select reports.*
    from reports
    left join checked_reports
        on reports.report_id = checked_reports.report_id
    where checked_reports.report_id is null
),

gone_reports as (
    select checked_reports.*
    from checked_reports
    left join reports
        on checked_reports.report_id = reports.report_id
    where reports.report_id is null
),

changed_years as (
    select
        {{ agency_key('agency_name') }} as agency_key,
        report_year
    from new_reports
    union
    select
        {{ agency_key('agency_name') }} as agency_key,
        report_year
    from gone_reports
),

unread_t2 as (
    select distinct report_id
    from {{ cells }}
    where table_id = 't2'
        and cell_status = 'unparsed'
),

reasons as (
    select
        report_id,
        'new' as reason
    from new_reports

    union all

    select
        reports.report_id,
        'next_year' as reason
    from reports
    inner join changed_years
        on {{ agency_key('reports.agency_name') }} = changed_years.agency_key
        and reports.report_year = changed_years.report_year + 1

    union all

    select
        reports.report_id,
        't2' as reason
    from reports
    inner join unread_t2
        on reports.report_id = unread_t2.report_id
),

final as (
    -- one row per report, its first reason in the order above
    select
        report_id,
        case min(case reason when 'new' then 1 when 'next_year' then 2 else 3 end)
            when 1 then 'new'
            when 2 then 'next_year'
            else 't2'
        end as reason
    from reasons
    group by report_id
)
{%- endif %}

select
    report_id,
    reason
from final
