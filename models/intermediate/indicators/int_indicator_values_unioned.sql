-- Table cells and the prose figures that restate a cell, in one long shape with catalog labels.
-- When a table is absent but the prose states a figure, only the narrative row exists; when both
-- exist, both rows appear.
with

cells as (
    select * from {{ ref('int_cells_current') }}
),

figures as (
    select * from {{ ref('int_figures_current') }}
    where table_id is not null
        and cell_mention_rank = 1
),

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
),

table_values as (
    select
        report_id,
        source_file,
        agency_name,
        report_year,
        template_version,
        table_id,
        row_key,
        col_key,
        value,
        'table' as value_origin,
        raw_text,
        source_line,
        cell_status,
        note,
        cast(null as {{ dbt.type_string() }}) as figure_key,
        cast(null as {{ dbt.type_string() }}) as unit,
        cast(null as boolean) as is_approximate
    from cells
),

narrative_values as (
    select
        report_id,
        source_file,
        agency_name,
        report_year,
        template_version,
        table_id,
        row_key,
        col_key,
        value,
        'narrative' as value_origin,
        evidence as raw_text,
        source_line,
        -- a prose figure is read as a plain decimal; unreadable text would stay NULL
        case when value is null then 'unparsed' else 'ok' end as cell_status,
        sentence as note,
        figure_key,
        unit,
        is_approximate
    from figures
),

unioned as (
    select * from table_values
    union all
    select * from narrative_values
),

final as (
    select
        unioned.*,
        -- a pre-2019 report's prose may restate a later template's cell: fall back to 2021 labels
        coalesce(row_labels.label_zh, row_labels_2021.label_zh) as row_label_zh,
        coalesce(col_labels.label_zh, col_labels_2021.label_zh) as col_label_zh
    from unioned
    left join indicators as row_labels
        on unioned.template_version = row_labels.template_version
        and unioned.table_id = row_labels.table_id
        and row_labels.kind = 'row'
        and unioned.row_key = row_labels.indicator_key
    left join indicators as row_labels_2021
        on row_labels_2021.template_version = '2021'
        and unioned.table_id = row_labels_2021.table_id
        and row_labels_2021.kind = 'row'
        and unioned.row_key = row_labels_2021.indicator_key
    left join indicators as col_labels
        on unioned.template_version = col_labels.template_version
        and unioned.table_id = col_labels.table_id
        and col_labels.kind = 'col'
        and unioned.col_key = col_labels.indicator_key
    left join indicators as col_labels_2021
        on col_labels_2021.template_version = '2021'
        and unioned.table_id = col_labels_2021.table_id
        and col_labels_2021.kind = 'col'
        and unioned.col_key = col_labels_2021.indicator_key
)

select * from final
