-- Every figure stated in prose, with its evidence and the table cell it restates when it
-- restates one. Incremental by report (macros/incremental_reports.sql).
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_superseded_reports(ref('int_reports_scoped')) }}",
) }}

with

figures as (
    select * from {{ ref('int_figures_current') }}
),

figure_catalog as (
    select * from {{ ref('prose_figure_catalog') }}
),

reports as (
    select * from {{ ref('int_reports_scoped') }}
),

final as (
    select
        -- keys
        figures.report_id,
        figures.figure_key,
        figures.char_start,
        reports.agency_id,

        -- report
        figures.source_file,
        figures.agency_name,
        figures.report_year,
        figures.template_version,
        reports.report_scope,

        -- figure
        figures.value,
        figures.value_text,
        figures.unit,
        figures.is_approximate,
        figures.sentence,
        figures.evidence,
        figures.char_end,
        figures.source_line,

        -- restated cell
        figures.table_id,
        figures.row_key,
        figures.col_key,
        figures.cell_mention_rank,

        -- label
        figure_catalog.label_zh as figure_label_zh

    from figures
    inner join reports
        on figures.report_id = reports.report_id
    left join figure_catalog
        on figures.figure_key = figure_catalog.figure_key
    where {{ reports_to_build(
        ref('int_reports_scoped'), 'figures.report_id', ['agency_id', 'report_scope']
    ) }}
)

select * from final
