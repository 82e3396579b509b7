-- The compile-time key lists in macros/indicator_layout.sql (column names of the wide marts)
-- agree with the indicator catalog: every listed key exists, and every catalog key is listed.
with

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
),

listed as (
    {% set layout = t2_layout() %}
    {% for template_version in ['2021', '2019'] -%}
    {% for row_key, col_key in layout[template_version] -%}
    select '{{ template_version }}' as template_version, 't2' as table_id, 'row' as kind, '{{ row_key }}' as indicator_key
    union all
    select '{{ template_version }}', 't2', 'col', '{{ col_key }}'
    union all
    {% endfor -%}
    {% endfor -%}
    {% for row_key in t3_row_keys() -%}
    select '2021', 't3', 'row', '{{ row_key }}'
    union all
    {% endfor -%}
    {% for group_key in t3_group_keys() -%}
    select '2021', 't3', 'row', '{{ group_key }}'
    union all
    {% endfor -%}
    {% for block_key in t4_block_keys() -%}
    select '2021', 't4', 'row', '{{ block_key }}'
    union all
    {% endfor -%}
    {% for outcome_key in t4_outcome_keys() -%}
    select '2021', 't4', 'col', '{{ outcome_key }}'
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

listed_keys as (
    select distinct * from listed
),

catalog_keys as (
    select
        template_version,
        table_id,
        kind,
        indicator_key
    from indicators
    where kind = 'row'
        and (
            (table_id = 't2' and template_version in ('2021', '2019'))
            or (table_id in ('t3', 't4') and template_version = '2021')
        )
    union all
    select
        template_version,
        table_id,
        kind,
        indicator_key
    from indicators
    where kind = 'col'
        and (
            (table_id = 't2' and template_version in ('2021', '2019'))
            or (table_id = 't4' and template_version = '2021')
        )
),

final as (
    select 'listed, not in the catalog' as problem, listed_keys.*
    from listed_keys
    left join catalog_keys
        on listed_keys.template_version = catalog_keys.template_version
        and listed_keys.table_id = catalog_keys.table_id
        and listed_keys.kind = catalog_keys.kind
        and listed_keys.indicator_key = catalog_keys.indicator_key
    where catalog_keys.indicator_key is null

    union all

    select 'in the catalog, not listed' as problem, catalog_keys.*
    from catalog_keys
    left join listed_keys
        on listed_keys.template_version = catalog_keys.template_version
        and listed_keys.table_id = catalog_keys.table_id
        and listed_keys.kind = catalog_keys.kind
        and listed_keys.indicator_key = catalog_keys.indicator_key
    where listed_keys.indicator_key is null
)

select * from final
