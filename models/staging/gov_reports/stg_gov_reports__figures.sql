with

source as (
    select * from {{ source('gov_reports', 'figures') }}
),

final as (
    select
        -- keys
        report_id,
        figure_key,
        char_start,

        -- the figure as stated in prose, and its value cast once here
        value_text,
        {{ cast_figure('value_text') }} as value,
        unit,
        is_approximate,
        sentence,
        evidence,
        char_end,
        source_line,

        -- the table cell the figure restates, if any
        table_id,
        row_key,
        col_key

    from source
)

select * from final
