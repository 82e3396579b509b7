with

t2 as (
    select * from {{ ref('int_t2_pivoted_to_reports') }}
),

final as (
    select * from t2
)

select * from final
