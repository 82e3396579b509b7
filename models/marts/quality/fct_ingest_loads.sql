with

loads as (
    select * from {{ ref('stg_gov_reports__loads') }}
),

final as (
    select * from loads
)

select * from final
