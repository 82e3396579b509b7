-- T3 wide: one row per report x applicant type (the 7 columns of the table, total included)
-- with every outcome row as a column. Group totals (不予公开, 无法提供, 不予处理, 其他处理) are
-- the printed group row when the report prints one, else the sum of the group's items (NULL
-- when every item is NULL; blanks are not zeros).
with

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id = 't3'
),

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
),

-- the 2021 structure is the only one that lists every item
group_items as (
    {{ t3_group_items('indicators') }}
),

group_sums as (
    select
        cells.report_id,
        cells.col_key,
        group_items.group_key,
        sum(cells.value) as value
    from cells
    inner join group_items
        on cells.row_key = group_items.item_key
    group by
        cells.report_id,
        cells.col_key,
        group_items.group_key
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

pivoted as (
    select
        report_id,
        source_file,
        agency_name,
        report_year,
        template_version,
        col_key,
        {% for row_key in t3_row_keys() -%}
        max(case when row_key = '{{ row_key }}' then value end) as {{ row_key }},
        {% endfor -%}
        {% for group_key in t3_group_keys() -%}
        max(case when row_key = '{{ group_key }}' then value end) as {{ group_key }}_printed,
        max(case when row_key = '{{ group_key }}' then 1 else 0 end) as {{ group_key }}_row_count,
        {% endfor -%}
        count(*) as cell_count,
        sum(case when is_blank then 1 else 0 end) as blank_cell_count
    from cells
    group by
        report_id,
        source_file,
        agency_name,
        report_year,
        template_version,
        col_key
),

groups_pivoted as (
    select
        report_id,
        col_key,
        {% for group_key in t3_group_keys() -%}
        max(case when group_key = '{{ group_key }}' then value end)
            as {{ group_key }}_summed{{ ',' if not loop.last }}
        {% endfor %}
    from group_sums
    group by
        report_id,
        col_key
),

grouped as (
    select
        pivoted.*,
        {% for group_key in t3_group_keys() -%}
        coalesce(
            pivoted.{{ group_key }}_printed,
            groups_pivoted.{{ group_key }}_summed
        ) as {{ group_key }}{{ ',' if not loop.last }}
        {% endfor %}
    from pivoted
    left join groups_pivoted
        on pivoted.report_id = groups_pivoted.report_id
        and pivoted.col_key = groups_pivoted.col_key
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
