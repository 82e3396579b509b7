-- T3 wide: one row per report x applicant type (the 7 columns of the table, total included)
-- with every outcome row as a column. Group totals (不予公开, 无法提供, 不予处理, 其他处理) are
-- the printed group row when the report prints one, else the sum of the group's items (NULL
-- when every item is NULL; blanks are not zeros).
with

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id = 't3'
),

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
),

-- the 2021 structure is the only one that lists every item; an item has one group (its parent)
group_items as (
    {{ t3_group_items('indicators') }}
),

applicant_types as (
    select
        indicator_key as col_key,
        label_zh,
        sort_order
    from indicators
    where template_version = '2021'
        and table_id = 't3'
        and kind = 'col'
),

-- one pass over the cells, grouped by report and column only (the report's attributes are
-- joined to the few rows that come out): grouping millions of cells by the wide report strings
-- too, and a second pass for the group sums, cost most of the time at 100,000 reports
pivoted as (
    select
        cells.report_id,
        cells.col_key,
        {% for row_key in t3_row_keys() -%}
        max(case when cells.row_key = '{{ row_key }}' then cells.value end) as {{ row_key }},
        {% endfor -%}
        {% for group_key in t3_group_keys() -%}
        max(case when cells.row_key = '{{ group_key }}' then cells.value end) as {{ group_key }}_printed,
        max(case when cells.row_key = '{{ group_key }}' then 1 else 0 end) as {{ group_key }}_row_count,
        sum(case when group_items.group_key = '{{ group_key }}' then cells.value end)
            as {{ group_key }}_summed,
        {% endfor -%}
        count(*) as cell_count,
        sum(case when cells.is_blank then 1 else 0 end) as blank_cell_count
    from cells
    left join group_items
        on cells.row_key = group_items.item_key
    group by
        cells.report_id,
        cells.col_key
),

grouped as (
    select
        pivoted.*,
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        reports.template_version,
        {% for group_key in t3_group_keys() -%}
        coalesce(
            pivoted.{{ group_key }}_printed,
            pivoted.{{ group_key }}_summed
        ) as {{ group_key }}{{ ',' if not loop.last }}
        {% endfor %}
    from pivoted
    inner join reports
        on pivoted.report_id = reports.report_id
),

final as (
    select
        -- keys
        grouped.report_id,
        grouped.col_key as applicant_type,

        -- report
        grouped.source_file,
        grouped.agency_name,
        grouped.report_year,
        grouped.template_version,

        -- applicant type
        applicant_types.label_zh as applicant_type_label_zh,
        applicant_types.sort_order as applicant_type_order,
        grouped.col_key = 'total' as is_total,

        -- printed rows
        {% for row_key in t3_row_keys() -%}
        grouped.{{ row_key }},
        {% endfor %}

        -- group totals: the printed group row, else the sum of its items
        {% for group_key in t3_group_keys() -%}
        grouped.{{ group_key }},
        grouped.{{ group_key }}_row_count = 1 as is_{{ group_key }}_printed,
        {% endfor %}

        -- outcomes summed: what （七）总计 should be
        {{ null_tolerant_sum(
            ['grouped.granted', 'grouped.partially_granted', 'grouped.denied',
             'grouped.unable', 'grouped.not_processed', 'grouped.other_handling']
        ) }} as outcomes_summed,

        -- cells
        grouped.cell_count,
        grouped.blank_cell_count

    from grouped
    left join applicant_types
        on grouped.col_key = applicant_types.col_key
)

select * from final
