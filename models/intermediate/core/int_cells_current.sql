-- Table cells of current report versions, with the report attributes facts carry. A 表二 cell
-- that the agency's adjacent v2019 report decides (int_t2_cells_recovered_across_years) takes
-- the recovered value, status 'recovered' and the note saying how; its printed run stays.
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

cells as (
    select * from {{ ref('stg_gov_reports__cells') }}
),

recovered as (
    select * from {{ ref('int_t2_cells_recovered_across_years') }}
),

final as (
    select
        -- keys
        cells.report_id,
        cells.table_id,
        cells.row_key,
        cells.col_key,

        -- report
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        reports.template_version,

        -- cell
        cells.raw_text,
        coalesce(recovered.value_text, cells.value_text) as value_text,
        case
            when recovered.report_id is null then cells.value
            else {{ cast_figure('recovered.value_text') }}
        end as value,
        coalesce(recovered.cell_status, cells.cell_status) as cell_status,
        cells.is_blank,
        coalesce(recovered.note, cells.note) as note,
        cells.source_line

    from cells
    inner join reports
        on cells.report_id = reports.report_id
    left join recovered
        on cells.report_id = recovered.report_id
        and cells.table_id = recovered.table_id
        and cells.row_key = recovered.row_key
        and cells.col_key = recovered.col_key
)

select * from final
