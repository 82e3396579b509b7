-- Prose figures of current report versions. A cell may be restated more than once; the first
-- statement (by position) is the one fct_indicator_values carries.
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

figures as (
    select * from {{ ref('stg_gov_reports__figures') }}
),

final as (
    select
        -- keys
        figures.report_id,
        figures.figure_key,
        figures.char_start,

        -- report
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        reports.template_version,

        -- figure
        figures.value_text,
        figures.value,
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
        case
            when figures.table_id is not null then row_number() over (
                partition by figures.report_id, figures.table_id, figures.row_key, figures.col_key
                order by figures.char_start, figures.figure_key
            )
        end as cell_mention_rank

    from figures
    inner join reports
        on figures.report_id = reports.report_id
)

select * from final
