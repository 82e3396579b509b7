-- Printed cells per template (spec 2.2-2.4, 3.1-3.3): 2021 T2 10, T3 25 x 7, T4 15;
-- 2019 T2 22, T3 23 x 7, T4 15.
with

cells as (
    select * from {{ ref('int_template_cells_enumerated') }}
),

expected_counts as (
    {% for template_version, table_id, cell_count in [
        ('2021', 't2', 10), ('2021', 't3', 175), ('2021', 't4', 15),
        ('2019', 't2', 22), ('2019', 't3', 161), ('2019', 't4', 15),
    ] -%}
    select '{{ template_version }}' as template_version, '{{ table_id }}' as table_id, {{ cell_count }} as cell_count
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

actual_counts as (
    select
        template_version,
        table_id,
        count(*) as cell_count
    from cells
    group by
        template_version,
        table_id
),

final as (
    select
        expected_counts.template_version,
        expected_counts.table_id,
        expected_counts.cell_count as expected_count,
        actual_counts.cell_count as actual_count
    from expected_counts
    left join actual_counts
        on expected_counts.template_version = actual_counts.template_version
        and expected_counts.table_id = actual_counts.table_id
    where actual_counts.cell_count is null
        or actual_counts.cell_count <> expected_counts.cell_count
)

select * from final
