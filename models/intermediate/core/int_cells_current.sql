-- Table cells of current report versions, with the report attributes facts carry.
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

cells as (
    select * from {{ ref('stg_gov_reports__cells') }}
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
        cells.value_text,
        cells.value,
        cells.cell_status,
        cells.is_blank,
        cells.note,
        cells.source_line

    from cells
    inner join reports
        on cells.report_id = reports.report_id
)

select * from final
