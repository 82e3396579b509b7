-- Every name an agency name may use for a division: its full name (淮安市) and its short name
-- (淮安; 恩施 for 恩施土家族苗族自治州; 新疆 for 新疆维吾尔自治区), one row each. Pseudo rows
-- (市辖区, 省直辖县级行政区划) name no place and are left out.
-- a table: its rules run once per build, not once per model and test that reads it
{{ config(materialized='table') }}
with

regions as (
    select * from {{ ref('stg_cpca__regions') }}
    where not is_pseudo
),

ethnic_groups as (
    select * from {{ ref('stg_cpca__ethnic_groups') }}
),

-- one or more ethnic group names at the end of a name: 黔东南苗族侗族 -> 黔东南
ethnic_pattern as (
    select
        {{ dbt.concat([
            "'(('",
            dbt.listagg('ethnic_group_stem', "'|'", 'order by ethnic_group_stem'),
            "')族?)+$'"
        ]) }} as pattern
    from ethnic_groups
),

suffixes_removed as (
    select
        regions.region_code,
        regions.region_name,
        regions.region_level,
        case
            when {{ regex_contains('regions.region_name', "'特别行政区$'") }}
                then substr(regions.region_name, 1, {{ dbt.length('regions.region_name') }} - 5)
            when {{ regex_contains('regions.region_name', "'自治[区州县旗]$'") }}
                then substr(regions.region_name, 1, {{ dbt.length('regions.region_name') }} - 3)
            when {{ regex_contains('regions.region_name', "'(地区|林区|新区)$'") }}
                then substr(regions.region_name, 1, {{ dbt.length('regions.region_name') }} - 2)
            when {{ regex_contains('regions.region_name', "'[省市县区旗盟州]$'") }}
                then substr(regions.region_name, 1, {{ dbt.length('regions.region_name') }} - 1)
        end as base_name,
        {{ regex_contains('regions.region_name', "'自治[区州县旗]$'") }} as is_autonomous
    from regions
),

short_names as (
    select
        suffixes_removed.region_code,
        suffixes_removed.region_name,
        suffixes_removed.region_level,
        case
            -- keep at least two characters: 内蒙古 stays 内蒙古, 西藏 stays 西藏
            when suffixes_removed.is_autonomous
                and {{ dbt.length(regex_replace(
                    'suffixes_removed.base_name', 'ethnic_pattern.pattern', "''")) }} >= 2
                then {{ regex_replace('suffixes_removed.base_name', 'ethnic_pattern.pattern', "''") }}
            else suffixes_removed.base_name
        end as short_name
    from suffixes_removed
    cross join ethnic_pattern
),

final as (
    select
        region_code,
        region_name,
        region_level,
        region_name as match_text,
        'full_name' as match_kind
    from regions

    union all

    select
        region_code,
        region_name,
        region_level,
        short_name as match_text,
        'short_name' as match_kind
    from short_names
    where {{ dbt.length('short_name') }} >= 2
        and short_name <> region_name
)

select
    -- keys
    region_code,
    match_text,
    match_kind,

    -- division
    region_name,
    region_level,
    case region_level when 'province' then 2 when 'prefecture' then 4 else 6 end as code_digits

from final
