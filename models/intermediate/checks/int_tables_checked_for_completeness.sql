-- Q08: a present table prints every cell its template prints (T3: 25 rows x 7 in 2021, 23 x 7
-- in 2019; T4: 15 cells; T2: 10 or 22), a printed blank counting as printed, and no cell outside
-- it. Ingest keeps a cell it could not find as unreadable with nothing printed: that one is
-- missing here. A cell printed but unreadable is printed: whether we read it right is parse
-- doubt (P02).
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and template_version in ('2021', '2019')
),

expected_cells as (
    select * from {{ ref('int_report_cells_expected') }}
),

cells as (
    select
        *,
        -- ingest could not find the cell: nothing is printed for it
        cell_status = 'unparsed' and coalesce(trim(raw_text), '') = '' as is_unprinted
    from {{ ref('int_cells_current') }}
    where table_id in ('t2', 't3', 't4')
),

{{ report_tables_ctes() }},

expected_found as (
    select
        expected_cells.report_id,
        expected_cells.table_id,
        count(*) as expected_count,
        sum(case when cells.report_id is not null and not cells.is_unprinted then 1 else 0 end)
            as found_count,
        sum(case when cells.cell_status = 'unparsed' and not cells.is_unprinted then 1 else 0 end)
            as unreadable_count,
        {{ dbt.listagg(
            'case when cells.report_id is null or cells.is_unprinted then '
            ~ dbt.concat(['expected_cells.row_key', "'.'", 'expected_cells.col_key'])
            ~ ' end',
            "', '",
            'order by expected_cells.row_order, expected_cells.col_order'
        ) }} as missing_cells,
        {{ dbt.listagg(
            'case when cells.report_id is null or cells.is_unprinted then '
            ~ cell_ref('expected_cells.report_id', 'expected_cells.table_id',
                       'expected_cells.row_key', 'expected_cells.col_key')
            ~ ' end',
            "';'",
            'order by expected_cells.row_order, expected_cells.col_order'
        ) }} as missing_refs
    from expected_cells
    left join cells
        on expected_cells.report_id = cells.report_id
        and expected_cells.table_id = cells.table_id
        and expected_cells.row_key = cells.row_key
        and expected_cells.col_key = cells.col_key
    group by
        expected_cells.report_id,
        expected_cells.table_id
),

unexpected as (
    select
        cells.report_id,
        cells.table_id,
        count(*) as unexpected_count,
        {{ dbt.listagg(
            dbt.concat(['cells.row_key', "'.'", 'cells.col_key', "'@'",
                        dbt.cast('cells.source_line', dbt.type_string())]),
            "', '",
            'order by cells.source_line'
        ) }} as unexpected_cells,
        {{ dbt.listagg(
            cell_ref('cells.report_id', 'cells.table_id', 'cells.row_key', 'cells.col_key'),
            "';'",
            'order by cells.source_line'
        ) }} as unexpected_refs
    from cells
    left join expected_cells
        on cells.report_id = expected_cells.report_id
        and cells.table_id = expected_cells.table_id
        and cells.row_key = expected_cells.row_key
        and cells.col_key = expected_cells.col_key
    where expected_cells.report_id is null
    group by
        cells.report_id,
        cells.table_id
),

final as (
    select
        report_tables.report_id,
        'Q08' as rule_id,
        report_tables.table_id as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when report_tables.table_status <> 'present' then 'not_assessable'
            when expected_found.found_count = expected_found.expected_count
                and coalesce(unexpected.unexpected_count, 0) = 0
                then 'pass'
            else 'fail'
        end as status,
        cast(expected_found.expected_count as {{ type_figure() }}) as expected,
        case
            when report_tables.table_status = 'present'
                then cast(expected_found.found_count as {{ type_figure() }})
        end as actual,
        case
            when report_tables.table_status <> 'present'
                then {{ dbt.concat([
                    "'table '", 'report_tables.table_id', "' is '", 'report_tables.table_status'
                ]) }}
            else {{ dbt.concat([
                dbt.cast('expected_found.found_count', dbt.type_string()), "' of '",
                dbt.cast('expected_found.expected_count', dbt.type_string()), "' cells printed'",
                "coalesce(" ~ dbt.concat(["'; missing: '", 'expected_found.missing_cells']) ~ ", '')",
                "coalesce(" ~ dbt.concat(["'; not in the template: '", 'unexpected.unexpected_cells']) ~ ", '')",
                "case when expected_found.unreadable_count > 0 then "
                ~ dbt.concat(["'; '", dbt.cast('expected_found.unreadable_count', dbt.type_string()),
                              "' of them unreadable (see P02)'"])
                ~ " else '' end"
            ]) }}
        end as details,
        case
            when report_tables.table_status = 'present'
                then nullif({{ dbt.concat([
                    "coalesce(expected_found.missing_refs, '')",
                    "case when expected_found.missing_refs is not null"
                    ~ " and unexpected.unexpected_refs is not null then ';' else '' end",
                    "coalesce(unexpected.unexpected_refs, '')"
                ]) }}, '')
        end as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from report_tables
    inner join expected_found
        on report_tables.report_id = expected_found.report_id
        and report_tables.table_id = expected_found.table_id
    left join unexpected
        on report_tables.report_id = unexpected.report_id
        and report_tables.table_id = unexpected.table_id
)

select * from final
