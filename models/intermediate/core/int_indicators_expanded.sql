-- The indicator catalog with its "same as 2021" wildcard rows (key '*') spelled out, so every
-- template version lists its own rows and columns.
with

catalog as (
    select
        *,
        {{ scan_order() }} as catalog_order
    from {{ ref('indicator_catalog') }}
),

own_entries as (
    select
        template as template_version,
        table_id,
        kind,
        key as indicator_key,
        label_zh,
        parent_key,
        notes,
        catalog_order
    from catalog
    where key <> '*'
),

wildcards as (
    select
        template as template_version,
        table_id,
        kind,
        notes
    from catalog
    where key = '*'
),

inherited_entries as (
    select
        wildcards.template_version,
        base.table_id,
        base.kind,
        base.indicator_key,
        base.label_zh,
        base.parent_key,
        -- the 2021 note "subtotal derived from its 3 items" is wrong for the 2019 other_handling
        case
            when base.parent_key = 'total_handled' and base.indicator_key = 'other_handling'
                then wildcards.notes
            else base.notes
        end as notes,
        base.catalog_order
    from wildcards
    inner join own_entries as base
        on base.template_version = '2021'
        and base.table_id = wildcards.table_id
        and (wildcards.kind = '*' or base.kind = wildcards.kind)
    -- the 2019 T3 prints other_handling as one row: its 2021 items do not exist there
    where not (
        wildcards.template_version = '2019'
        and base.table_id = 't3'
        and coalesce(base.parent_key, '') = 'other_handling'
    )
),

entries as (
    select * from own_entries
    union all
    select * from inherited_entries
),

parents as (
    select distinct
        template_version,
        table_id,
        kind,
        parent_key
    from entries
    where parent_key is not null
),

final as (
    select
        -- keys
        {{ dbt.concat([
            'entries.template_version', "'.'", 'entries.table_id', "'.'",
            'entries.kind', "'.'", 'entries.indicator_key'
        ]) }} as indicator_id,
        entries.template_version,
        entries.table_id,
        entries.kind,
        entries.indicator_key,
        entries.parent_key,

        -- labels
        entries.label_zh,
        entries.notes,

        -- structure
        parents.parent_key is not null as has_children,
        -- T3 outcome groups with items ((三)…(六) in 2021) are printed without numbers
        not (
            entries.table_id = 't3'
            and entries.kind = 'row'
            and coalesce(entries.parent_key = 'total_handled', false)
            and parents.parent_key is not null
        ) as is_printed,
        entries.catalog_order as sort_order

    from entries
    left join parents
        on entries.template_version = parents.template_version
        and entries.table_id = parents.table_id
        and entries.kind = parents.kind
        and entries.indicator_key = parents.parent_key
)

select * from final
