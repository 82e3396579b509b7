-- Division names found inside each agency name as printed (current report versions), with where
-- they stand. A name found inside a longer full name at the same place is dropped (沙县 inside
-- 长沙县; 淮安, the short name of 淮安区, inside 淮安市). A short name, or a two-character full
-- name (城区, 矿区, 涉县), counts only at the start of the agency name or right after a full name
-- (平潭 in 平潭综合实验区管委会; not 公安 of 公安县 in 公安局 after nothing). Only the first
-- occurrence of each name is considered.
-- a table: the search runs once per build, not once for int_agencies_resolved and once more for
-- this model's test
{{ config(materialized='table') }}
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

-- Every division name is two characters or more (a test on int_region_names_enumerated says so),
-- so a name can only be found where the agency name has its first two characters: pairs of
-- adjacent characters join the two lists on equal keys, and position() runs on those candidates
-- only (testing every division name against every agency name cost seconds per build). Agency
-- names longer than the positions enumerated (1,000; printed names are tens of characters) are
-- searched the slow way.
digits as (
    {% for digit in range(10) -%}
    select {{ digit }} as digit{% if not loop.last %} union all{% endif %}
    {% endfor %}
),

positions as (
    select hundreds.digit * 100 + tens.digit * 10 + ones.digit + 1 as char_position
    from digits as hundreds
    cross join digits as tens
    cross join digits as ones
),

name_pairs as (
    select distinct
        agency_names.agency_name,
        substr(agency_names.agency_name, positions.char_position, 2) as char_pair
    from agency_names
    inner join positions
        on positions.char_position < {{ dbt.length('agency_names.agency_name') }}
    -- longer names are searched below: one way each, or a name would be found twice
    where {{ dbt.length('agency_names.agency_name') }} <= 1000
),

candidates as (
    select
        name_pairs.agency_name,
        region_names.*
    from name_pairs
    inner join region_names
        on substr(region_names.match_text, 1, 2) = name_pairs.char_pair

    union all

    select
        agency_names.agency_name,
        region_names.*
    from agency_names
    cross join region_names
    where {{ dbt.length('agency_names.agency_name') }} > 1000
),

found as (
    select
        candidates.agency_name,
        candidates.region_code,
        candidates.region_name,
        candidates.region_level,
        candidates.code_digits,
        candidates.match_text,
        candidates.match_kind,
        {{ dbt.position('candidates.match_text', 'candidates.agency_name') }} as match_start,
        {{ dbt.position('candidates.match_text', 'candidates.agency_name') }}
            + {{ dbt.length('candidates.match_text') }} - 1 as match_end
    from candidates
    where {{ dbt.position('candidates.match_text', 'candidates.agency_name') }} > 0
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
