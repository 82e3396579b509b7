with

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
),

final as (
    select
        -- keys
        indicators.indicator_id,
        indicators.template_version,
        indicators.table_id,
        indicators.kind,
        indicators.indicator_key,
        indicators.parent_key,

        -- labels
        indicators.label_zh,
        parents.label_zh as parent_label_zh,
        indicators.notes,

        -- structure
        indicators.has_children,
        indicators.is_printed,
        indicators.sort_order

    from indicators
    left join indicators as parents
        on indicators.template_version = parents.template_version
        and indicators.table_id = parents.table_id
        and indicators.kind = parents.kind
        and indicators.parent_key = parents.indicator_key
)

select * from final
