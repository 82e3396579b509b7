with

figures as (
    select * from {{ ref('int_figures_current') }}
),

figure_catalog as (
    select * from {{ ref('prose_figure_catalog') }}
),

final as (
    select
        -- keys
        figures.report_id,
        figures.figure_key,
        figures.char_start,

        -- report
        figures.source_file,
        figures.agency_name,
        figures.report_year,
        figures.template_version,

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
    left join figure_catalog
        on figures.figure_key = figure_catalog.figure_key
)

select * from final
