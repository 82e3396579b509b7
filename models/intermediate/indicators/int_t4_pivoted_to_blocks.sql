-- T4 wide: one row per report x block (行政复议, 行政诉讼 未经复议直接起诉, 复议后起诉).
with

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id = 't4'
),

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
    where template_version = '2021'
        and table_id = 't4'
        and kind = 'row'
),

pivoted as (
    select
        report_id,
        source_file,
        agency_name,
        report_year,
        template_version,
        row_key,
        {% for col_key in t4_outcome_keys() -%}
        max(case when col_key = '{{ col_key }}' then value end) as {{ col_key }},
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
        row_key
),

final as (
    select
        -- keys
        pivoted.report_id,
        pivoted.row_key as block,

        -- report
        pivoted.source_file,
        pivoted.agency_name,
        pivoted.report_year,
        pivoted.template_version,

        -- block
        indicators.label_zh as block_label_zh,
        indicators.sort_order as block_order,

        -- outcomes
        {% for col_key in t4_outcome_keys() -%}
        pivoted.{{ col_key }},
        {% endfor %}
        {{ null_tolerant_sum([
            'pivoted.upheld', 'pivoted.corrected', 'pivoted.other', 'pivoted.pending'
        ]) }}
            as outcomes_summed,

        -- cells
        pivoted.cell_count,
        pivoted.blank_cell_count

    from pivoted
    left join indicators
        on pivoted.row_key = indicators.indicator_key
)

select * from final
