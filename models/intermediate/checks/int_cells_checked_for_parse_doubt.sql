-- P02 (parse doubt): per report and table, cells printed but not read (the printed text is kept:
-- digits glued together in flattened text, a row printing fewer figures than it has columns),
-- and the parser's own flags about the table (flat_* and table_*: a row it could not find or
-- read, values it could not place, a blank it is unsure of). A reader should check these against
-- the printed report before trusting findings over the same cells. Cells with nothing printed
-- are Q08's (missing).
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
),

cells as (
    select * from {{ cells_to_check() }}
    where {{ reports_to_check() }}
),

-- the cells printed but not read, for both lists below: a CTE read more than once is
-- materialized, and `cells`, read once, streams instead of storing every cell's text
unread_cells as (
    select * from {{ cells_to_check() }}
    where {{ reports_to_check() }}
        and cell_status = 'unparsed'
        and coalesce(trim(raw_text), '') <> ''
),

flags as (
    select
        flags.report_id,
        flags.flag,
        flags.detail,
        flags.source_line,
        case
            when flags.detail like 't2%' or flags.detail like '表二%' then 't2'
            when flags.detail like 't3%' or flags.detail like '表三%' then 't3'
            when flags.detail like 't4%' or flags.detail like '表四%' then 't4'
            else 'tables'
        end as table_id
    from {{ ref('stg_gov_reports__flags') }} as flags
    inner join reports
        on flags.report_id = reports.report_id
    where flags.flag like 'flat%'
        or flags.flag like 'table%'
),

report_tables as (
    -- every table of a v2019+ report, and any other table with cells or flags
    {% for table_id in ['t2', 't3', 't4'] -%}
    select
        report_id,
        '{{ table_id }}' as table_id
    from reports
    where template_version in ('2021', '2019')
    union
    {% endfor -%}
    select distinct
        report_id,
        table_id
    from cells
    union
    select distinct
        report_id,
        table_id
    from flags
),

-- unreadable cells of one printed row share its text: describe each text once
unread_texts as (
    select
        report_id,
        table_id,
        row_key,
        raw_text,
        source_line,
        count(*) as cell_count,
        {{ regexp_count('raw_text', '[0-9]+(?:[.][0-9]+)?') }} as figure_count
    from unread_cells
    group by
        report_id,
        table_id,
        row_key,
        raw_text,
        source_line
),

unread as (
    select
        unread_texts.report_id,
        unread_texts.table_id,
        sum(unread_texts.cell_count) as unread_count,
        {{ sorted_listagg(
            dbt.concat([
                'unread_texts.row_key', "' 「'", 'unread_texts.raw_text', "'」@'",
                dbt.cast('unread_texts.source_line', dbt.type_string()), "' ('",
                dbt.cast('unread_texts.figure_count', dbt.type_string()), "' figures for '",
                dbt.cast('unread_texts.cell_count', dbt.type_string()), "' cells)'"
            ]),
            "'; '",
            [('unread_texts.source_line', 'number'), ('unread_texts.row_key', 'text')]
        ) }} as unread_text
    from unread_texts
    group by
        unread_texts.report_id,
        unread_texts.table_id
),

unread_refs as (
    select
        report_id,
        table_id,
        {{ sorted_listagg(
            cell_ref('report_id', 'table_id', 'row_key', 'col_key'), "';'",
            [('source_line', 'number')]
        ) }} as cell_refs
    from unread_cells
    group by
        report_id,
        table_id
),

flags_listed as (
    select
        report_id,
        table_id,
        count(*) as flag_count,
        min(source_line) as first_line,
        {{ sorted_listagg(
            dbt.concat(['flag', "': '", 'detail']), "' | '",
            [('source_line', 'number'), ('flag', 'text')]
        ) }} as flag_text
    from flags
    group by
        report_id,
        table_id
),

final as (
    select
        report_tables.report_id,
        'P02' as rule_id,
        report_tables.table_id as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when coalesce(unread.unread_count, 0) + coalesce(flags_listed.flag_count, 0) > 0
                then 'fail'
            else 'pass'
        end as status,
        cast(0 as {{ type_figure() }}) as expected,
        cast(
            coalesce(unread.unread_count, 0) + coalesce(flags_listed.flag_count, 0)
            as {{ type_figure() }}
        ) as actual,
        case
            when coalesce(unread.unread_count, 0) + coalesce(flags_listed.flag_count, 0) = 0
                then 'every cell read; no parser flag'
            else {{ dbt.concat([
                dbt.cast('coalesce(unread.unread_count, 0)', dbt.type_string()),
                "' cells unreadable'",
                "coalesce(" ~ dbt.concat(["': '", 'unread.unread_text']) ~ ", '')",
                "'; '", dbt.cast('coalesce(flags_listed.flag_count, 0)', dbt.type_string()),
                "' parser flags'"
            ]) }}
        end as details,
        unread_refs.cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        flags_listed.flag_text as evidence_text,
        flags_listed.first_line as evidence_line
    from report_tables
    left join unread
        on report_tables.report_id = unread.report_id
        and report_tables.table_id = unread.table_id
    left join unread_refs
        on report_tables.report_id = unread_refs.report_id
        and report_tables.table_id = unread_refs.table_id
    left join flags_listed
        on report_tables.report_id = flags_listed.report_id
        and report_tables.table_id = flags_listed.table_id
)

select * from final
