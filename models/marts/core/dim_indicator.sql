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
        case indicators.table_id
            when 't2' then '二、主动公开政府信息情况'
            when 't3' then '三、收到和处理政府信息公开申请情况'
            when 't4' then '四、政府信息公开行政复议、行政诉讼情况'
            when 'p' then '2019年以前年度报告的统计数据'
        end as table_label_zh,
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
