with

source as (
    select * from {{ ref('base_cpca__regions') }}
),

final as (
    select
        -- keys: the 6-digit GB/T 2260 code (cpca pads it to 12 digits)
        substr(adcode, 1, 6) as region_code,
        adcode,

        -- division
        name as region_name,
        case
            when substr(adcode, 3, 4) = '0000' then 'province'
            when substr(adcode, 5, 2) = '00' then 'prefecture'
            else 'county'
        end as region_level,
        {{ dbt.concat(['substr(adcode, 1, 2)', "'0000'"]) }} as province_code,
        {{ dbt.concat(['substr(adcode, 1, 4)', "'00'"]) }} as prefecture_code,

        -- flags
        -- rows that group divisions rather than name one: 市辖区 (a city's districts), 县 (a
        -- 直辖市's counties), 省/自治区直辖县级行政区划 (counties a province governs directly)
        name in ('市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划') as is_pseudo,
        -- 统计用区划代码 gives 功能区 (开发区/园区) a 7 in the 5th digit; GB/T 2260 never does
        substr(adcode, 5, 1) = '7' as is_functional_zone,
        -- 直辖市: a province-level city whose districts sit directly under it
        substr(adcode, 1, 2) in ('11', '12', '31', '50') as is_municipality,

        -- place
        longitude,
        latitude,

        -- provenance
        source_package,
        source_version

    from source
)

select * from final
