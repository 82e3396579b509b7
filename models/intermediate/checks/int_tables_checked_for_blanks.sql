-- Q15 (blank versus zero, spec §2.6 and §5.3): per v2019+ report,
--   blank_share  how many T3/T4 cells are printed blank: above half, blank stands for 0 throughout
--                and a reader cannot tell a zero from a figure left out;
--   t3.total, t4.total  rows whose 总计 is blank while a part is filled, or whose 总计 is filled
--                while every part is blank: a total left out (the 2019 上海市人民政府办公厅
--                report leaves 总计 blank on every result row), which the identities then
--                cannot check.
{% set blank_share_limit = 0.5 %}
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
        and template_version in ('2021', '2019')
),

cells as (
    select * from {{ cells_to_check() }}
    where {{ reports_to_check() }}
        and table_id in ('t3', 't4')
),

report_cells as (
    select
        reports.report_id,
        reports.t3_status,
        reports.t4_status,
        count(cells.report_id) as cell_count,
        sum(case when cells.is_blank then 1 else 0 end) as blank_count
    from reports
    left join cells
        on reports.report_id = cells.report_id
    group by
        reports.report_id,
        reports.t3_status,
        reports.t4_status
),

rows_split as (
    select
        report_id,
        table_id,
        row_key,
        max(case when col_key = 'total' then 1 else 0 end) as has_total,
        max(case when col_key = 'total' and is_blank then 1 else 0 end) as is_total_blank,
        max(case when col_key = 'total' and value <> 0 then 1 else 0 end) as is_total_filled,
        max(case when col_key = 'total' then source_line end) as source_line,
        sum(case when col_key <> 'total' and value <> 0 then 1 else 0 end) as filled_part_count,
        sum(case when col_key <> 'total' and not is_blank then 1 else 0 end) as printed_part_count,
        sum(case when col_key <> 'total' then 1 else 0 end) as part_count
    from cells
    group by
        report_id,
        table_id,
        row_key
),

rows_flagged as (
    select
        rows_split.*,
        case
            when is_total_blank = 1 and filled_part_count > 0
                then 'total blank, parts filled'
            when is_total_filled = 1 and part_count > 0 and printed_part_count = 0
                then 'total filled, parts blank'
        end as pattern
    from rows_split
    where has_total = 1
),

-- the evidence of the few flagged rows, apart from the tables of every report
flagged_listed as (
    select
        report_id,
        table_id,
        count(*) as flagged_count,
        {{ sorted_listagg(
            dbt.concat(['row_key', "' ('", 'pattern', "') @'",
                        dbt.cast('source_line', dbt.type_string())]),
            "'; '",
            [('source_line', 'number'), ('row_key', 'text')]
        ) }} as flagged_rows,
        {{ sorted_listagg(
            cell_ref('report_id', 'table_id', 'row_key', "'total'"),
            "';'",
            [('source_line', 'number'), ('row_key', 'text')]
        ) }} as flagged_refs
    from rows_flagged
    where pattern is not null
    group by
        report_id,
        table_id
),

tables_flagged as (
    select
        reports.report_id,
        tables.table_id,
        case tables.table_id when 't3' then reports.t3_status else reports.t4_status end
            as table_status,
        coalesce(flagged_listed.flagged_count, 0) as flagged_count,
        flagged_listed.flagged_rows,
        flagged_listed.flagged_refs
    from reports
    cross join (
        select 't3' as table_id
        union all
        select 't4' as table_id
    ) as tables
    left join flagged_listed
        on reports.report_id = flagged_listed.report_id
        and tables.table_id = flagged_listed.table_id
),

final as (
    select
        report_id,
        'Q15' as rule_id,
        'blank_share' as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when cell_count = 0 then 'not_assessable'
            when blank_count > {{ blank_share_limit }} * cell_count then 'fail'
            else 'pass'
        end as status,
        case when cell_count > 0 then cast({{ blank_share_limit }} as {{ type_figure() }}) end
            as expected,
        case
            when cell_count > 0
                then cast(round(1.0 * blank_count / cell_count, 4) as {{ type_figure() }})
        end as actual,
        case
            when cell_count = 0 then 'no T3/T4 cells'
            else {{ dbt.concat([
                dbt.cast('blank_count', dbt.type_string()), "' of '",
                dbt.cast('cell_count', dbt.type_string()),
                "' T3/T4 cells printed blank (at most half expected)'"
            ]) }}
        end as details,
        {{ no_evidence() }}
    from report_cells

    union all

    select
        report_id,
        'Q15' as rule_id,
        {{ dbt.concat(['table_id', "'.total'"]) }} as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when table_status <> 'present' then 'not_assessable'
            when flagged_count > 0 then 'fail'
            else 'pass'
        end as status,
        case when table_status = 'present' then cast(0 as {{ type_figure() }}) end as expected,
        case when table_status = 'present' then cast(flagged_count as {{ type_figure() }}) end
            as actual,
        case
            when table_status <> 'present'
                then {{ dbt.concat(["'table '", 'table_id', "' is '", 'table_status']) }}
            when flagged_count = 0 then '总计 printed wherever its parts are'
            else {{ dbt.concat(["'总计 and its parts disagree on blank: '", 'flagged_rows']) }}
        end as details,
        flagged_refs as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from tables_flagged
)

select * from final
