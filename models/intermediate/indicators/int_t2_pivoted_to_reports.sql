-- T2 wide: one row per report with a T2. 2021 cells are plain columns; 2019 cells (a different
-- table with different meanings) are separate v2019_ columns and never mapped onto 2021 ones.
{% set layout = t2_layout() %}
with

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id = 't2'
),

final as (
    select
        -- keys
        report_id,

        -- report
        source_file,
        agency_name,
        report_year,
        template_version,

        -- v2021 cells
        {% for row_key, col_key in layout['2021'] -%}
        max(case
            when template_version = '2021' and row_key = '{{ row_key }}' and col_key = '{{ col_key }}'
                then value
        end) as {{ row_key }}_{{ col_key }},
        {% endfor %}
        -- a unit or remark printed inside the fee cell
        max(case
            when template_version = '2021' and row_key = 'admin_fees' and col_key = 'amount_10k_yuan'
                then note
        end) as admin_fees_amount_10k_yuan_note,

        -- v2019 cells
        {% for row_key, col_key in layout['2019'] -%}
        max(case
            when template_version = '2019' and row_key = '{{ row_key }}' and col_key = '{{ col_key }}'
                then value
        end) as v2019_{{ row_key }}_{{ col_key }},
        {% endfor %}
        -- the unit of the procurement amount is not fixed by the template (元 or 万元)
        max(case
            when template_version = '2019' and row_key = 'central_procurement'
                and col_key = 'procurement_amount'
                then note
        end) as v2019_central_procurement_procurement_amount_note,

        -- cells
        count(*) as cell_count,
        sum(case when is_blank then 1 else 0 end) as blank_cell_count

    from cells
    group by
        report_id,
        source_file,
        agency_name,
        report_year,
        template_version
)

select * from final
