-- Division names found inside each agency name as printed (current report versions), with where
-- they stand. A name found inside a longer full name at the same place is dropped (沙县 inside
-- 长沙县; 淮安, the short name of 淮安区, inside 淮安市). A short name, or a two-character full
-- name (城区, 矿区, 涉县), counts only at the start of the agency name or right after a full name
-- (平潭 in 平潭综合实验区管委会; not 公安 of 公安县 in 公安局 after nothing). Only the first
-- occurrence of each name is considered.
with

agency_names as (
    select distinct agency_name
    from {{ ref('int_reports_versioned') }}
    where is_current
        and agency_name is not null
),

region_names as (
    select * from {{ ref('int_region_names_enumerated') }}
),

found as (
    select
        agency_names.agency_name,
        region_names.region_code,
        region_names.region_name,
        region_names.region_level,
        region_names.code_digits,
        region_names.match_text,
        region_names.match_kind,
        {{ dbt.position('region_names.match_text', 'agency_names.agency_name') }} as match_start,
        {{ dbt.position('region_names.match_text', 'agency_names.agency_name') }}
            + {{ dbt.length('region_names.match_text') }} - 1 as match_end
    from agency_names
    inner join region_names
        on {{ dbt.position('region_names.match_text', 'agency_names.agency_name') }} > 0
),

covered as (
    select distinct
        inner_names.agency_name,
        inner_names.region_code,
        inner_names.match_kind
    from found as inner_names
    inner join found as outer_names
        on inner_names.agency_name = outer_names.agency_name
        and outer_names.match_kind = 'full_name'
        and outer_names.match_start <= inner_names.match_start
        and outer_names.match_end >= inner_names.match_end
        and outer_names.match_end - outer_names.match_start
            > inner_names.match_end - inner_names.match_start
),

uncovered as (
    select found.*
    from found
    left join covered
        on found.agency_name = covered.agency_name
        and found.region_code = covered.region_code
        and found.match_kind = covered.match_kind
    where covered.agency_name is null
),

full_name_ends as (
    select distinct
        agency_name,
        match_end
    from uncovered
    where match_kind = 'full_name'
),

final as (
    select uncovered.*
    from uncovered
    left join full_name_ends
        on uncovered.agency_name = full_name_ends.agency_name
        and uncovered.match_start = full_name_ends.match_end + 1
    where (uncovered.match_kind = 'full_name' and uncovered.match_end - uncovered.match_start >= 2)
        or uncovered.match_start = 1
        or full_name_ends.agency_name is not null
)

select
    -- keys
    agency_name,
    region_code,
    match_kind,

    -- where the name stands in the agency name (1-based, inclusive)
    match_text,
    match_start,
    match_end,

    -- division
    region_name,
    region_level,
    code_digits

from final
