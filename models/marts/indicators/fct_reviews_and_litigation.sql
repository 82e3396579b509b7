with

t4 as (
    select * from {{ ref('int_t4_pivoted_to_blocks') }}
),

final as (
    select * from t4
)

select * from final
