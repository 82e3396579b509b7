{#-
    Cross-year 表二 recovery (int_t2_cells_recovered_across_years) can change a report's cells when
    another report of its agency arrives or changes, so an incremental mart that carries 表二 cells
    rebuilds, on every run, the reports that have an unread 表二 cell (only those can be recovered;
    they are few). Appended to a reports_to_build() filter.
-#}
{% macro or_reports_with_unread_t2(report_id_column='report_id') -%}
    {#- ref() outside the condition, so that dbt sees the dependency when it parses -#}
    {%- set cells = ref('stg_gov_reports__cells') -%}
    {%- if is_incremental() %}
    or {{ report_id_column }} in (
        {{ reports_with_unread_t2(cells) | indent(4) }}
    )
    {%- endif -%}
{%- endmacro %}

{#- The reports with an unread 表二 cell, from the staging cells, or from raw.cells with
    status_column='status' (what staging renames cell_status). -#}
{% macro reports_with_unread_t2(cells, status_column='cell_status') -%}
    select unread_t2.report_id
    from {{ cells }} as unread_t2
    where unread_t2.table_id = 't2'
        and unread_t2.{{ status_column }} = 'unparsed'
{%- endmacro %}
