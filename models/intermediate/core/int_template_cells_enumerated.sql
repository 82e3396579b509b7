-- Every cell a template prints: T2 per its block layout, T3 printed rows x applicant types,
-- T4 blocks x outcomes. 2021: 10 + 175 + 15 cells; 2019: 22 + 161 + 15.
with

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
),

t2_layout as (
    {% set layout = t2_layout() %}
    {% for template_version in ['2021', '2019'] -%}
    {% for row_key, col_key in layout[template_version] -%}
    select
        '{{ template_version }}' as template_version,
        '{{ row_key }}' as row_key,
        '{{ col_key }}' as col_key
    {% if not loop.last %}union all{% endif %}
    {% endfor -%}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

t2_cells as (
    select
        t2_layout.template_version,
        't2' as table_id,
        t2_layout.row_key,
        t2_layout.col_key,
        row_indicators.sort_order as row_order,
        col_indicators.sort_order as col_order
    from t2_layout
    inner join indicators as row_indicators
        on row_indicators.template_version = t2_layout.template_version
        and row_indicators.table_id = 't2'
        and row_indicators.kind = 'row'
        and row_indicators.indicator_key = t2_layout.row_key
    inner join indicators as col_indicators
        on col_indicators.template_version = t2_layout.template_version
        and col_indicators.table_id = 't2'
        and col_indicators.kind = 'col'
        and col_indicators.indicator_key = t2_layout.col_key
),

grid_cells as (
    select
        row_indicators.template_version,
        row_indicators.table_id,
        row_indicators.indicator_key as row_key,
        col_indicators.indicator_key as col_key,
        row_indicators.sort_order as row_order,
        col_indicators.sort_order as col_order
    from indicators as row_indicators
    inner join indicators as col_indicators
        on row_indicators.template_version = col_indicators.template_version
        and row_indicators.table_id = col_indicators.table_id
        and col_indicators.kind = 'col'
    where row_indicators.kind = 'row'
        and row_indicators.table_id in ('t3', 't4')
        and row_indicators.template_version in ('2021', '2019')
        and row_indicators.is_printed
),

final as (
    select * from t2_cells
    union all
    select * from grid_cells
)

select * from final
