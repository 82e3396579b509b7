{#-
    The body of fct_proactive_disclosures_<template> (表二 as one template prints it): one row per
    report, each cell of t2_layout()[template] a column named <row_key>_<col_key>, read from
    int_t2_pivoted_to_reports where it is <column_prefix><row_key>_<col_key>; note_cell is the
    (row_key, col_key) whose printed note is kept as <row_key>_<col_key>_note.
-#}
{% macro proactive_disclosures_by_template(template, column_prefix, note_cell) %}
{%- set note_column = note_cell[0] ~ '_' ~ note_cell[1] ~ '_note' -%}
with

t2 as (
    select * from {{ ref('int_t2_pivoted_to_reports') }}
    where template_version = '{{ template }}'
),

reports as (
    select * from {{ ref('int_reports_scoped') }}
),

final as (
    select
        -- keys
        t2.report_id,
        reports.agency_id,

        -- report
        t2.source_file,
        t2.agency_name,
        t2.report_year,
        t2.template_version,
        reports.report_scope,

        -- cells
        {% for row_key, col_key in t2_layout()[template] -%}
        t2.{{ column_prefix }}{{ row_key }}_{{ col_key }} as {{ row_key }}_{{ col_key }},
        {% endfor -%}
        t2.{{ column_prefix }}{{ note_column }} as {{ note_column }},
        t2.cell_count,
        t2.blank_cell_count

    from t2
    inner join reports
        on t2.report_id = reports.report_id
    where {{ reports_to_build(ref('int_reports_scoped'), 't2.report_id', ['agency_id', 'report_scope']) }}
        {{ or_reports_with_unread_t2('t2.report_id') }}
)

select * from final
{% endmacro %}
