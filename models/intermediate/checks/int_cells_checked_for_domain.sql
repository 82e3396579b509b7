-- Q05 (identity I7): T2/T3/T4 figures are non-negative integers, except the 万元 fee amount
-- (2021) and the procurement amount (2019), which may be fractional, and the signed 本年增/减
-- (2019). Blanks are not violations; unreadable cells are not checked here (Q08 reports them).
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
        and table_id in ('t2', 't3', 't4')
),

{{ report_tables_ctes() }},

cells_classified as (
    select
        report_id,
        table_id,
        row_key,
        col_key,
        raw_text,
        source_line,
        is_blank,
        (not is_blank and value is null) as is_unreadable,
        case
            when value is null then null
            when value < 0
                and not (template_version = '2019' and table_id = 't2' and col_key = 'delta')
                then 'negative'
            when value <> floor(value)
                and not (table_id = 't2' and col_key in ('amount_10k_yuan', 'procurement_amount'))
                then 'not an integer'
        end as violation
    from cells
),

cell_counts as (
    select
        report_id,
        table_id,
        count(*) as cell_count,
        sum(case when is_blank then 1 else 0 end) as blank_count,
        sum(case when is_unreadable then 1 else 0 end) as unreadable_count,
        sum(case when violation is not null then 1 else 0 end) as violation_count
    from cells_classified
    group by
        report_id,
        table_id
),

-- the evidence of the few violations, apart from the counts over every cell
violations_listed as (
    select
        report_id,
        table_id,
        {{ sorted_listagg(
            dbt.concat(['row_key', "'.'", 'col_key', "'=「'", 'raw_text', "'」@'",
                        dbt.cast('source_line', dbt.type_string()), "' '", 'violation']),
            "'; '",
            [('source_line', 'number')]
        ) }} as violations,
        {{ sorted_listagg(
            cell_ref('report_id', 'table_id', 'row_key', 'col_key'), "';'",
            [('source_line', 'number')]
        ) }} as violation_refs
    from cells_classified
    where violation is not null
    group by
        report_id,
        table_id
),

violations_counted as (
    select
        cell_counts.*,
        violations_listed.violations,
        violations_listed.violation_refs
    from cell_counts
    left join violations_listed
        on cell_counts.report_id = violations_listed.report_id
        and cell_counts.table_id = violations_listed.table_id
),

final as (
    select
        report_tables.report_id,
        'Q05' as rule_id,
        report_tables.table_id as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when report_tables.table_status <> 'present' then 'not_assessable'
            when coalesce(violations_counted.cell_count, 0) = 0 then 'not_assessable'
            when violations_counted.violation_count = 0 then 'pass'
            else 'fail'
        end as status,
        case
            when report_tables.table_status = 'present' and violations_counted.cell_count > 0
                then cast(0 as {{ type_figure() }})
        end as expected,
        case
            when report_tables.table_status = 'present' and violations_counted.cell_count > 0
                then cast(violations_counted.violation_count as {{ type_figure() }})
        end as actual,
        case
            when report_tables.table_status <> 'present'
                then {{ dbt.concat([
                    "'table '", 'report_tables.table_id', "' is '", 'report_tables.table_status'
                ]) }}
            when coalesce(violations_counted.cell_count, 0) = 0
                then {{ dbt.concat(["'table '", 'report_tables.table_id', "' has no cells'"]) }}
            when violations_counted.violation_count = 0
                then {{ dbt.concat([
                    dbt.cast('violations_counted.cell_count', dbt.type_string()),
                    "' cells checked ('",
                    dbt.cast('violations_counted.blank_count', dbt.type_string()),
                    "' blank, '",
                    dbt.cast('violations_counted.unreadable_count', dbt.type_string()),
                    "' unreadable and not checked); all in range'"
                ]) }}
            else violations_counted.violations
        end as details,
        violations_counted.violation_refs as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from report_tables
    left join violations_counted
        on report_tables.report_id = violations_counted.report_id
        and report_tables.table_id = violations_counted.table_id
)

select * from final
