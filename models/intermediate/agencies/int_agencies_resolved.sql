-- One row per agency name as printed (current report versions): the division it belongs to,
-- its level and type, a normalized name and the agency_id derived from it. Rules (documented in
-- _int_agencies__models.yml):
--   division   the deepest division that fits every full division name in the agency name (one
--              code is the other's ancestor), ties broken by how many names it fits; several
--              equally good divisions leave the name unresolved (ambiguous).
--   zone       a functional-zone word right after the division (平潭 + 综合实验区) names a zone
--              inside that division; township: 乡/镇/街道 + 人民政府/办事处 after a county.
--   type/level from the institution left after the division, zone and township names.
-- a table: its rules run once per build, not once per model and test that reads it
{{ config(materialized='table') }}
with

agency_names as (
    select distinct agency_name
    from {{ ref('int_reports_versioned') }}
    where is_current
        and agency_name is not null
),

matches as (
    select * from {{ ref('int_agency_names_matched_to_regions') }}
),

regions as (
    select * from {{ ref('stg_cpca__regions') }}
),

spans as (
    select
        agency_name,
        match_start,
        match_end,
        max(case when match_kind = 'full_name' then 1 else 0 end) as is_full_name
    from matches
    group by
        agency_name,
        match_start,
        match_end
),

candidates as (
    select distinct
        agency_name,
        region_code,
        code_digits
    from matches
),

-- a candidate fits a span when a division found there is the candidate, its ancestor or its
-- descendant
candidate_spans as (
    select
        candidates.agency_name,
        candidates.region_code,
        candidates.code_digits,
        matches.match_start,
        matches.match_end,
        max(case
            when substr(candidates.region_code, 1, least(candidates.code_digits, matches.code_digits))
                = substr(matches.region_code, 1, least(candidates.code_digits, matches.code_digits))
                then 1
            else 0
        end) as fits
    from candidates
    inner join matches
        on candidates.agency_name = matches.agency_name
    group by
        candidates.agency_name,
        candidates.region_code,
        candidates.code_digits,
        matches.match_start,
        matches.match_end
),

candidates_scored as (
    select
        candidate_spans.agency_name,
        candidate_spans.region_code,
        candidate_spans.code_digits,
        sum(case when spans.is_full_name = 1 and candidate_spans.fits = 0 then 1 else 0 end)
            as full_names_missed,
        sum(candidate_spans.fits) as spans_fitted,
        min(case when candidate_spans.fits = 1 then candidate_spans.match_start end) as first_start,
        max(case when candidate_spans.fits = 1 then candidate_spans.match_end end) as last_end
    from candidate_spans
    inner join spans
        on candidate_spans.agency_name = spans.agency_name
        and candidate_spans.match_start = spans.match_start
        and candidate_spans.match_end = spans.match_end
    group by
        candidate_spans.agency_name,
        candidate_spans.region_code,
        candidate_spans.code_digits
),

candidates_ranked as (
    select
        candidates_scored.*,
        dense_rank() over (
            partition by agency_name
            order by code_digits desc, spans_fitted desc
        ) as fit_rank
    from candidates_scored
    where full_names_missed = 0
),

best as (
    select
        candidates_ranked.agency_name,
        count(*) as best_count,
        min(candidates_ranked.region_code) as region_code,
        min(candidates_ranked.first_start) as first_start,
        max(candidates_ranked.last_end) as last_end,
        {{ dbt.listagg(
            dbt.concat(['regions.region_name', "' '", 'candidates_ranked.region_code']),
            "', '", 'order by candidates_ranked.region_code'
        ) }} as best_divisions
    from candidates_ranked
    inner join regions
        on candidates_ranked.region_code = regions.region_code
    where candidates_ranked.fit_rank = 1
    group by candidates_ranked.agency_name
),

own_matches as (
    select
        agency_name,
        region_code,
        min(match_text) as match_text,
        min(match_kind) as match_kind
    from matches
    group by
        agency_name,
        region_code
),

found_names as (
    select
        agency_name,
        {{ dbt.listagg('match_text', "'|'", 'order by match_start, match_text') }} as names_found
    from (select distinct agency_name, match_start, match_text from matches) as distinct_matches
    group by agency_name
),

resolved as (
    select
        agency_names.agency_name,
        case when best.best_count = 1 then best.region_code end as region_code,
        best.best_count,
        best.best_divisions,
        found_names.names_found,
        case when best.best_count = 1 then own_matches.match_text end as region_match_text,
        case when best.best_count = 1 then own_matches.match_kind end as region_match_kind,
        case
            when best.best_count = 1 then substr(agency_names.agency_name, 1, best.first_start - 1)
            else ''
        end as name_prefix,
        case
            when best.best_count = 1 then substr(agency_names.agency_name, best.last_end + 1)
            else agency_names.agency_name
        end as remainder
    from agency_names
    left join best
        on agency_names.agency_name = best.agency_name
    left join own_matches
        on best.agency_name = own_matches.agency_name
        and best.region_code = own_matches.region_code
    left join found_names
        on agency_names.agency_name = found_names.agency_name
),

zones_split as (
    select
        resolved.*,
        case
            when region_code is not null then {{ regex_extract(
                'remainder',
                "'^(.{0,10}?(综合实验区|实验区|试验区|开发区|高新区|新区|园区|示范区|保税区|合作区|自贸区))'",
                1) }}
            else ''
        end as zone_part
    from resolved
),

townships_split as (
    select
        zones_split.*,
        substr(remainder, {{ dbt.length('zone_part') }} + 1) as after_zone
    from zones_split
),

institutions_split as (
    select
        townships_split.*,
        case
            when region_code is not null then {{ regex_extract(
                'after_zone', "'^(.{1,8}?(乡|镇|街道))(人民政府|政府|办事处|党委|党工委)'", 1) }}
            else ''
        end as township_part
    from townships_split
),

institutions as (
    select
        institutions_split.*,
        substr(after_zone, {{ dbt.length('township_part') }} + 1) as institution_printed
    from institutions_split
),

typed as (
    select
        institutions.*,
        -- the same institution printed two ways gets one name: 管理委员会 = 管委会, 政府 = 人民政府
        {{ regex_replace(
            regex_replace('institution_printed', "'管理委员会$'", "'管委会'"),
            "'^政府'", "'人民政府'") }} as institution_name,
        case
            when {{ regex_contains('institution_printed', "'(政府办公厅|政府办公室|政府办)$'") }}
                then 'government_office'
            when {{ regex_contains('institution_printed', "'(人民政府|政府)$'") }}
                then 'people_government'
            when {{ regex_contains('institution_printed', "'办事处$'") }}
                then 'dispatched_body'
            when {{ regex_contains('institution_printed', "'(管委会|管理委员会)$'") }}
                and (zone_part <> '' or {{ regex_contains(
                    'institution_printed', "'(实验区|试验区|开发区|高新区|新区|园区|示范区|保税区|合作区)'") }})
                then 'development_zone'
            when {{ regex_contains(
                'institution_printed', "'(中心|院|所|站|馆|台|社|公司|集团|银行|协会|学会|基金会)$'") }}
                then 'authorised_organisation'
            when {{ regex_contains('institution_printed', "'(局|厅|委|委员会|办|办公室|署|部|处|会)$'") }}
                then 'department'
            else 'unknown'
        end as agency_type
    from institutions
),

-- the division's place in the tree: its province and prefecture, pseudo rows left out
placed as (
    select
        typed.*,
        regions.region_level,
        case when regions.region_code is not null then regions.province_code end as province_code,
        provinces.region_name as province_name,
        case
            when regions.region_level in ('prefecture', 'county')
                and not coalesce(prefectures.is_pseudo, true)
                and regions.prefecture_code <> regions.province_code
                then regions.prefecture_code
        end as prefecture_code,
        case
            when regions.region_level in ('prefecture', 'county')
                and not coalesce(prefectures.is_pseudo, true)
                and regions.prefecture_code <> regions.province_code
                then prefectures.region_name
        end as prefecture_name,
        case when regions.region_level = 'county' then regions.region_code end as county_code,
        case when regions.region_level = 'county' then regions.region_name end as county_name,
        case
            when typed.zone_part <> ''
                then {{ dbt.concat(['typed.region_match_text', 'typed.zone_part']) }}
        end as functional_zone_name,
        case when typed.township_part <> '' then typed.township_part end as township_name
    from typed
    left join regions
        on typed.region_code = regions.region_code
    left join regions as provinces
        on regions.province_code = provinces.region_code
    left join regions as prefectures
        on regions.prefecture_code = prefectures.region_code
),

pathed as (
    select
        placed.*,
        -- the division path in full names, the zone's printed name in place of its division
        {{ dbt.concat([
            "coalesce(province_name, '')",
            "case when region_level <> 'province' then coalesce(prefecture_name, '') else '' end",
            "case when region_level = 'county' then coalesce(county_name, '') else '' end",
        ]) }} as division_path,
        case
            when region_level = 'province' then ''
            else {{ dbt.concat([
                "coalesce(province_name, '')",
                "case when region_level = 'county' then coalesce(prefecture_name, '') else '' end",
            ]) }}
        end as parent_division_path
    from placed
),

named as (
    select
        pathed.*,
        case
            when region_code is null then null
            when functional_zone_name is not null
                then {{ dbt.concat(['parent_division_path', 'functional_zone_name']) }}
            else division_path
        end as place_path
    from pathed
),

final as (
    select
        named.*,
        case
            when region_code is null then agency_name
            else {{ dbt.concat([
                'name_prefix', 'place_path', "coalesce(township_name, '')", 'institution_name'
            ]) }}
        end as agency_name_norm,
        case
            when region_code is not null and township_name is not null then 'township'
            when region_code is not null then region_level
            when {{ regex_contains('agency_name', "'^(国务院|国家|中华人民共和国|中国|最高人民|全国)'") }}
                then 'central'
            when {{ regex_contains('agency_name', "'(乡|镇|街道)(人民政府|政府|办事处)'") }}
                then 'township'
            when {{ regex_contains('agency_name', "'[县旗区](人民政府|政府)'") }} then 'county'
            when {{ regex_contains('agency_name', "'(州|盟|地区)(人民政府|政府|行政公署)'") }}
                then 'prefecture'
            when {{ regex_contains('agency_name', "'(省|自治区)(人民政府|政府)'") }} then 'province'
        end as level,
        case
            when region_code is not null then 'resolved'
            when {{ regex_contains('agency_name', "'^(国务院|国家|中华人民共和国|中国|最高人民|全国)'") }}
                then 'central'
            else 'unresolved'
        end as resolution_status
    from named
)

select
    -- keys
    {{ short_hash('agency_name_norm') }} as agency_id,
    agency_name,

    -- names
    agency_name_norm,
    institution_name,

    -- resolution
    resolution_status,
    case
        when region_code is not null then region_match_kind
        when resolution_status = 'central' then 'central_name'
    end as resolution_method,
    names_found,
    case
        when resolution_status <> 'unresolved' then null
        when best_count > 1 then 'ambiguous'
        when names_found is not null then 'conflicting_divisions'
        else 'no_division_name'
    end as unresolved_reason,
    case
        when resolution_status <> 'unresolved' then null
        when best_count > 1 then {{ dbt.concat([
            "'several divisions fit the name equally: '", 'best_divisions']) }}
        when names_found is not null then {{ dbt.concat([
            "'the division names in it do not nest: '", 'names_found']) }}
        else 'no division name of the region table appears in the name'
    end as unresolved_detail,

    -- division
    region_code,
    region_level,
    province_code,
    province_name,
    prefecture_code,
    prefecture_name,
    county_code,
    county_name,
    functional_zone_name,
    township_name,

    -- classification
    level,
    agency_type,
    case
        when agency_type in ('people_government', 'development_zone') then 'government_own_level'
        else 'agency_self'
    end as report_scope_default,

    -- the 本级人民政府 the agency belongs to; for a government, the one a level up
    case
        when region_code is null then null
        when agency_type not in ('people_government', 'development_zone') then {{ dbt.concat([
            'place_path', "coalesce(township_name, '')",
            "case when functional_zone_name is not null and township_name is null "
            ~ "then '管委会' else '人民政府' end"]) }}
        when township_name is not null then {{ dbt.concat(['division_path', "'人民政府'"]) }}
        when region_level = 'province' then '国务院'
        when region_level = 'prefecture' then {{ dbt.concat(['province_name', "'人民政府'"]) }}
        else {{ dbt.concat(['parent_division_path', "'人民政府'"]) }}
    end as parent_government_name

from final
