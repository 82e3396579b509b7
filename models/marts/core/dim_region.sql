-- Administrative divisions (cpca's table: province, prefecture, county with 6-digit codes), plus
-- the functional zones and townships agency names place inside a division, kept by name.
with

regions as (
    select * from {{ ref('stg_cpca__regions') }}
),

agencies as (
    select * from {{ ref('int_agencies_resolved') }}
    where region_code is not null
),

divisions as (
    select
        regions.region_code as region_id,
        regions.region_code,
        regions.region_name,
        regions.region_level,
        case
            when regions.region_level = 'county' then regions.prefecture_code
            when regions.region_level = 'prefecture' then regions.province_code
        end as parent_region_id,
        regions.province_code,
        provinces.region_name as province_name,
        case
            when regions.region_level <> 'province'
                and not coalesce(prefectures.is_pseudo, true)
                and regions.prefecture_code <> regions.province_code
                then regions.prefecture_code
        end as prefecture_code,
        case
            when regions.region_level <> 'province'
                and not coalesce(prefectures.is_pseudo, true)
                and regions.prefecture_code <> regions.province_code
                then prefectures.region_name
        end as prefecture_name,
        regions.is_pseudo,
        regions.is_functional_zone,
        regions.is_municipality,
        false as is_named_only,
        regions.longitude,
        regions.latitude,
        {{ dbt.concat(['regions.source_package', "' '", 'regions.source_version']) }} as source
    from regions
    left join regions as provinces
        on regions.province_code = provinces.region_code
    left join regions as prefectures
        on regions.prefecture_code = prefectures.region_code
),

named_places as (
    select distinct
        region_code,
        functional_zone_name as place_name,
        'functional_zone' as region_level
    from agencies
    where functional_zone_name is not null

    union all

    select distinct
        region_code,
        township_name as place_name,
        'township' as region_level
    from agencies
    where township_name is not null
),

named as (
    select
        {{ dbt.concat(['named_places.region_code', "':'", 'named_places.place_name']) }}
            as region_id,
        named_places.region_code,
        named_places.place_name as region_name,
        named_places.region_level,
        divisions.region_id as parent_region_id,
        divisions.province_code,
        divisions.province_name,
        divisions.prefecture_code,
        divisions.prefecture_name,
        false as is_pseudo,
        named_places.region_level = 'functional_zone' as is_functional_zone,
        divisions.is_municipality,
        true as is_named_only,
        cast(null as {{ type_double() }}) as longitude,
        cast(null as {{ type_double() }}) as latitude,
        'agency names' as source
    from named_places
    inner join divisions
        on named_places.region_code = divisions.region_id
),

final as (
    select * from divisions
    union all
    select * from named
)

select
    -- keys
    region_id,
    region_code,
    parent_region_id,

    -- place
    region_name,
    region_level,
    province_code,
    province_name,
    prefecture_code,
    prefecture_name,

    -- flags
    is_pseudo,
    is_functional_zone,
    is_municipality,
    is_named_only,

    -- coordinates and provenance
    longitude,
    latitude,
    source

from final
