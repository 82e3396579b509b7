-- P01 (parse doubt): a T3 row or T4 block whose 总计 differs from the sum of its parts, but
-- would equal it if two neighbouring printed cells were one number ("1 2" read for "12": a
-- figure split by the layout). Such a row is more likely read wrong than printed wrong, so the
-- identity checks over it (Q01-Q04) call it not assessable and this rule carries it as a warning.
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

parts as (
    select
        template_version,
        table_id,
        indicator_key as col_key,
        row_number() over (
            partition by template_version, table_id
            order by sort_order
        ) as part_rank
    from {{ ref('int_indicators_expanded') }}
    where table_id in ('t3', 't4')
        and kind = 'col'
        and parent_key = 'total'
),

totals as (
    select
        cells.report_id,
        cells.table_id,
        cells.row_key,
        cells.value as total_value,
        cells.cell_status = 'ok' and cells.value is not null as is_total_printed,
        cells.raw_text as total_text,
        cells.source_line
    from cells
    inner join reports
        on cells.report_id = reports.report_id
    where cells.col_key = 'total'
),

part_cells as (
    select
        cells.report_id,
        cells.table_id,
        cells.row_key,
        cells.col_key,
        cells.value,
        cells.value_text,
        cells.raw_text,
        cells.is_blank,
        cells.cell_status,
        parts.part_rank,
        -- a figure whose digits can be glued to a neighbour's
        cells.cell_status = 'ok'
            and cells.value is not null
            and cells.value >= 0
            and cells.value = floor(cells.value)
            and cells.value_text not like '%.%' as is_whole_number
    from cells
    inner join reports
        on cells.report_id = reports.report_id
    inner join parts
        on reports.template_version = parts.template_version
        and cells.table_id = parts.table_id
        and cells.col_key = parts.col_key
),

part_sums as (
    select
        report_id,
        table_id,
        row_key,
        sum(coalesce(value, 0)) as parts_sum,
        count(*) as part_count,
        sum(case when not is_blank and value is null then 1 else 0 end) as unreadable_count
    from part_cells
    group by
        report_id,
        table_id,
        row_key
),

expected_part_counts as (
    select
        template_version,
        table_id,
        count(*) as expected_part_count
    from parts
    group by
        template_version,
        table_id
),

rows_summed as (
    select
        totals.*,
        part_sums.parts_sum,
        part_sums.part_count,
        part_sums.unreadable_count,
        expected_part_counts.expected_part_count
    from totals
    inner join reports
        on totals.report_id = reports.report_id
    inner join part_sums
        on totals.report_id = part_sums.report_id
        and totals.table_id = part_sums.table_id
        and totals.row_key = part_sums.row_key
    inner join expected_part_counts
        on reports.template_version = expected_part_counts.template_version
        and totals.table_id = expected_part_counts.table_id
),

-- rows whose parts do not add up to their printed 总计: the only ones a repair can explain (few)
mismatched_rows as (
    select
        report_id,
        table_id,
        row_key
    from rows_summed
    where is_total_printed
        and parts_sum <> total_value
),

-- neighbouring parts read as one number
joins as (
    select
        left_part.report_id,
        left_part.table_id,
        left_part.row_key,
        left_part.col_key as left_col_key,
        right_part.col_key as right_col_key,
        left_part.raw_text as left_text,
        right_part.raw_text as right_text,
        left_part.value + right_part.value as split_value,
        {{ cast_figure(dbt.concat(['left_part.value_text', 'right_part.value_text'])) }}
            as joined_value
    from part_cells as left_part
    inner join mismatched_rows
        on left_part.report_id = mismatched_rows.report_id
        and left_part.table_id = mismatched_rows.table_id
        and left_part.row_key = mismatched_rows.row_key
    inner join part_cells as right_part
        on left_part.report_id = right_part.report_id
        and left_part.table_id = right_part.table_id
        and left_part.row_key = right_part.row_key
        and left_part.part_rank + 1 = right_part.part_rank
    where left_part.is_whole_number
        and right_part.is_whole_number
),

repairs as (
    select
        rows_summed.report_id,
        rows_summed.table_id,
        rows_summed.row_key,
        {{ sorted_listagg(
            dbt.concat(["'「'", 'joins.left_text', "'」 and 「'", 'joins.right_text',
                        "'」 ('", 'joins.left_col_key', "', '", 'joins.right_col_key',
                        "') read as 「'", figure_to_text('joins.joined_value'), "'」'"]),
            "'; or '",
            [('joins.left_col_key', 'text')]
        ) }} as repair_text,
        {{ sorted_listagg(
            dbt.concat([
                cell_ref('joins.report_id', 'joins.table_id', 'joins.row_key', 'joins.left_col_key'),
                "';'",
                cell_ref('joins.report_id', 'joins.table_id', 'joins.row_key', 'joins.right_col_key')
            ]),
            "';'",
            [('joins.left_col_key', 'text')]
        ) }} as repair_refs
    from rows_summed
    inner join joins
        on rows_summed.report_id = joins.report_id
        and rows_summed.table_id = joins.table_id
        and rows_summed.row_key = joins.row_key
    where rows_summed.is_total_printed
        and rows_summed.parts_sum <> rows_summed.total_value
        and rows_summed.parts_sum - joins.split_value + joins.joined_value
            = rows_summed.total_value
    group by
        rows_summed.report_id,
        rows_summed.table_id,
        rows_summed.row_key
),

final as (
    select
        rows_summed.report_id,
        'P01' as rule_id,
        {{ dbt.concat(['rows_summed.table_id', "'.'", 'rows_summed.row_key']) }} as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when not rows_summed.is_total_printed
                or rows_summed.part_count < rows_summed.expected_part_count
                or rows_summed.unreadable_count > 0
                then 'not_assessable'
            when repairs.report_id is not null then 'fail'
            else 'pass'
        end as status,
        rows_summed.total_value as expected,
        rows_summed.parts_sum as actual,
        case
            when not rows_summed.is_total_printed
                then {{ dbt.concat(["'总计 「'", "coalesce(rows_summed.total_text, '')",
                                    "'」 is not a printed number'"]) }}
            when rows_summed.part_count < rows_summed.expected_part_count
                or rows_summed.unreadable_count > 0
                then 'a part is missing or unreadable'
            when repairs.report_id is not null
                then {{ dbt.concat([
                    "'parts sum to '", figure_to_text('rows_summed.parts_sum'),
                    "', 总计 「'", 'rows_summed.total_text', "'」@'",
                    dbt.cast('rows_summed.source_line', dbt.type_string()),
                    "'; they add up if '", 'repairs.repair_text',
                    "': the figure was probably split by the layout'"
                ]) }}
            when rows_summed.parts_sum = rows_summed.total_value then 'parts add up to 总计'
            else 'parts do not add up, and no two neighbouring cells joined repair the sum'
        end as details,
        case
            when repairs.report_id is not null
                then {{ dbt.concat([
                    'repairs.repair_refs', "';'",
                    cell_ref('rows_summed.report_id', 'rows_summed.table_id',
                             'rows_summed.row_key', "'total'")
                ]) }}
        end as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line,

        -- the row, for the identity checks
        rows_summed.table_id,
        rows_summed.row_key
    from rows_summed
    left join repairs
        on rows_summed.report_id = repairs.report_id
        and rows_summed.table_id = repairs.table_id
        and rows_summed.row_key = repairs.row_key
)

select * from final
