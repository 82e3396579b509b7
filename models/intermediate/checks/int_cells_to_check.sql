-- The current cells of the reports an incremental build checks (int_reports_to_check), stored
-- once per build: the check models read them (macros/incremental_reports.sql, cells_to_check)
-- instead of int_cells_current, which each of them scanned and joined whole, as DuckDB applies
-- the filter by report only after the view's joins. Empty on a full refresh, where the check
-- models read int_cells_current.
{{ config(materialized='table') }}

with

cells as (
    select * from {{ ref('int_cells_current') }}
),

reports_to_check as (
    select * from {{ ref('int_reports_to_check') }}
),

final as (
    select cells.*
    from cells
    {% if flags.FULL_REFRESH -%}
    where 1 = 0
    {%- else -%}
    inner join reports_to_check
        on cells.report_id = reports_to_check.report_id
    {%- endif %}
)

select * from final
