-- Q17 (across agencies, spec §7.1): a region-aggregate report (a 本级政府 report compiled from
-- its departments' and subordinate governments' reports) covers at least what the reports of its
-- members in the warehouse add up to, for the T3 totals received and handled and the T4 block
-- totals. Only "at least": the warehouse rarely holds every member, so the sum is a lower bound.
-- Until dim_agency carries report_scope, both sides are found by name and text:
--   aggregate  a government (name ending in 政府, 管委会 or 管理委员会) whose text says it was
--              compiled from the reports of its 各… units (汇总/综合 … 各 … 编制, or
--              各… 年度报告 … 编制);
--   member     another current report of the same year whose agency name starts with the
--              aggregate's region (its name without 人民政府/政府/管委会/管理委员会), and which is
--              not itself an aggregate.
-- a table built whole: an aggregate's members are other reports of its year, any of which may
-- arrive in a later build
{{ config(materialized='table') }}

with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and template_version in ('2021', '2019')
),

files as (
    select * from {{ ref('stg_gov_reports__files') }}
),

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id in ('t3', 't4')
),

figures_compared as (
    {% for table_id, row_key in [
        ('t3', 'new_received'), ('t3', 'total_handled'), ('t4', 'admin_review'),
        ('t4', 'litigation_direct'), ('t4', 'litigation_after_review'),
    ] -%}
    select '{{ table_id }}' as table_id, '{{ row_key }}' as row_key
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

reports_named as (
    select
        report_id,
        agency_name,
        {{ agency_key('agency_name') }} as agency_key,
        report_year,
        {{ regexp_group('agency_name', '(政府|管委会|管理委员会)$') }} <> '' as is_government,
        {{ regexp_replace_all('agency_name', '(人民政府|政府|管委会|管理委员会)$', '') }}
            as region_name
    from reports
),

-- the statement of compilation is looked for in governments' texts only: reading every report's
-- text was most of this model's time
government_texts as (
    select
        reports_named.report_id,
        {{ regexp_group(
            'files.normalized_text',
            '(汇总|综合)[^。；]{0,60}各[^。；]{0,60}编制|各[^。；]{0,40}年度报告[^。；]{0,6}编制'
        ) }} <> '' as is_compiled
    from reports_named
    inner join files
        on reports_named.report_id = files.report_id
    where reports_named.is_government
),

reports_scoped as (
    select
        reports_named.report_id,
        reports_named.agency_name,
        reports_named.agency_key,
        reports_named.report_year,
        case
            when reports_named.is_government then government_texts.is_compiled
            else reports_named.is_government
        end as is_aggregate,
        reports_named.region_name
    from reports_named
    left join government_texts
        on reports_named.report_id = government_texts.report_id
),

-- the total of a row: its 总计 cell, or its applicant types summed when 总计 is left blank
row_totals as (
    select
        cells.report_id,
        cells.table_id,
        cells.row_key,
        max(case when cells.col_key = 'total' then cells.value end) as total_value,
        sum(case when cells.col_key <> 'total' then coalesce(cells.value, 0) end) as parts_sum,
        max(case when cells.col_key = 'total' then cells.source_line end) as source_line
    from cells
    inner join figures_compared
        on cells.table_id = figures_compared.table_id
        and cells.row_key = figures_compared.row_key
    group by
        cells.report_id,
        cells.table_id,
        cells.row_key
),

row_values as (
    select
        report_id,
        table_id,
        row_key,
        coalesce(total_value, parts_sum) as value,
        source_line
    from row_totals
),

members as (
    select
        aggregates.report_id as aggregate_report_id,
        reports_scoped.report_id,
        reports_scoped.agency_name
    from reports_scoped as aggregates
    inner join reports_scoped
        on aggregates.report_year = reports_scoped.report_year
        and aggregates.agency_key <> reports_scoped.agency_key
        and {{ dbt.position('aggregates.region_name', 'reports_scoped.agency_name') }} = 1
        and not reports_scoped.is_aggregate
    where aggregates.is_aggregate
        and aggregates.region_name <> ''
),

member_sums as (
    select
        members.aggregate_report_id,
        row_values.table_id,
        row_values.row_key,
        count(*) as member_count,
        sum(row_values.value) as members_sum,
        {{ sorted_listagg(
            dbt.concat(['members.agency_name', "' '", figure_to_text('row_values.value')]),
            "', '",
            [('members.agency_name', 'text')]
        ) }} as member_values,
        {{ sorted_listagg(
            cell_ref('row_values.report_id', 'row_values.table_id', 'row_values.row_key', "'total'"),
            "';'",
            [('members.agency_name', 'text')]
        ) }} as member_refs
    from members
    inner join row_values
        on members.report_id = row_values.report_id
    where row_values.value is not null
    group by
        members.aggregate_report_id,
        row_values.table_id,
        row_values.row_key
),

aggregate_figures as (
    select
        reports_scoped.report_id,
        reports_scoped.region_name,
        figures_compared.table_id,
        figures_compared.row_key,
        row_values.value as aggregate_value,
        row_values.source_line
    from reports_scoped
    cross join figures_compared
    left join row_values
        on reports_scoped.report_id = row_values.report_id
        and figures_compared.table_id = row_values.table_id
        and figures_compared.row_key = row_values.row_key
    where reports_scoped.is_aggregate
        and reports_scoped.region_name <> ''
        and exists (
            select 1 from members
            where members.aggregate_report_id = reports_scoped.report_id
        )
),

final as (
    select
        aggregate_figures.report_id,
        'Q17' as rule_id,
        {{ dbt.concat(['aggregate_figures.table_id', "'.'", 'aggregate_figures.row_key', "'.total'"]) }}
            as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when aggregate_figures.aggregate_value is null or member_sums.member_count is null
                then 'not_assessable'
            when aggregate_figures.aggregate_value >= member_sums.members_sum then 'pass'
            else 'fail'
        end as status,
        member_sums.members_sum as expected,
        aggregate_figures.aggregate_value as actual,
        case
            when aggregate_figures.aggregate_value is null
                then 'the aggregate report prints no such total'
            when member_sums.member_count is null then 'no member report prints this total'
            else {{ dbt.concat([
                "'region '", 'aggregate_figures.region_name', "': aggregate '",
                figure_to_text('aggregate_figures.aggregate_value'), "' @'",
                dbt.cast('aggregate_figures.source_line', dbt.type_string()), "'; '",
                dbt.cast('member_sums.member_count', dbt.type_string()),
                "' member reports present sum to '", figure_to_text('member_sums.members_sum'),
                "' ('", 'member_sums.member_values',
                "'); the aggregate must be at least their sum'"
            ]) }}
        end as details,
        {{ dbt.concat([
            cell_ref('aggregate_figures.report_id', 'aggregate_figures.table_id',
                     'aggregate_figures.row_key', "'total'"),
            "coalesce(" ~ dbt.concat(["';'", 'member_sums.member_refs']) ~ ", '')"
        ]) }} as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from aggregate_figures
    left join member_sums
        on aggregate_figures.report_id = member_sums.aggregate_report_id
        and aggregate_figures.table_id = member_sums.table_id
        and aggregate_figures.row_key = member_sums.row_key
)

select * from final
