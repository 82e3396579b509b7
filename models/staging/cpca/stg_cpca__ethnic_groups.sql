with

source as (
    select * from {{ ref('base_cpca__ethnic_groups') }}
),

final as (
    select
        -- keys
        name as ethnic_group_name,

        -- the name without its final 族 (苗族 -> 苗, 维吾尔族 -> 维吾尔), as division names
        -- print it (新疆维吾尔自治区)
        {{ regex_replace('name', "'族$'", "''") }} as ethnic_group_stem,

        -- provenance
        source_package,
        source_version

    from source
)

select * from final
