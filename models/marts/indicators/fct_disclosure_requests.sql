with

t3 as (
    select * from {{ ref('int_t3_pivoted_to_applicant_types') }}
),

final as (
    select * from t3
)

select * from final
