-- Q08: a present table prints every cell its template prints (T3: 25 rows x 7 in 2021, 23 x 7
-- in 2019; T4: 15 cells; T2: 10 or 22), a printed blank counting as printed, and no cell outside
-- it. Ingest keeps a cell it could not find as unreadable with nothing printed: that one is
-- missing here. A cell printed but unreadable is printed: whether we read it right is parse
-- doubt (P02).
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
        and template_version in ('2021', '2019')
),

expected_cells as (
    select * from {{ ref('int_report_cells_expected') }}
    where {{ reports_to_check() }}
),

cells as (
    select
        *,
        -- ingest could not find the cell: nothing is printed for it
        cell_status = 'unparsed' and coalesce(trim(raw_text), '') = '' as is_unprinted
    from {{ cells_to_check() }}
    where {{ reports_to_check() }}
        and table_id in ('t2', 't3', 't4')
),

{{ report_tables_ctes() }},

-- the expected cells and the printed ones in one pass: a cell is expected, printed, or both
cells_matched as (
    select
        coalesce(expected_cells.report_id, cells.report_id) as report_id,
        coalesce(expected_cells.table_id, cells.table_id) as table_id,
        expected_cells.report_id is not null as is_expected,
        expected_cells.report_id is not null
            and (cells.report_id is null or cells.is_unprinted) as is_missing,
        expected_cells.row_key as expected_row_key,
        expected_cells.col_key as expected_col_key,
        expected_cells.row_order,
        expected_cells.col_order,
        cells.report_id is not null and not cells.is_unprinted as is_printed,
        cells.cell_status = 'unparsed' and not cells.is_unprinted as is_unreadable,
        cells.row_key,
        cells.col_key,
        cells.source_line
    from expected_cells
    full outer join cells
        on expected_cells.report_id = cells.report_id
        and expected_cells.table_id = cells.table_id
        and expected_cells.row_key = cells.row_key
        and expected_cells.col_key = cells.col_key
),

tables_matched as (
    select
        report_id,
        table_id,
        sum(case when is_expected then 1 else 0 end) as expected_count,
        sum(case when is_expected and is_printed then 1 else 0 end) as found_count,
        sum(case when is_expected and is_unreadable then 1 else 0 end) as unreadable_count,
        {{ sorted_listagg(
            'case when is_missing then '
            ~ dbt.concat(['expected_row_key', "'.'", 'expected_col_key'])
            ~ ' end',
            "', '",
            [('row_order', 'number'), ('col_order', 'number')]
        ) }} as missing_cells,
        {{ sorted_listagg(
            'case when is_missing then '
            ~ cell_ref('report_id', 'table_id', 'expected_row_key', 'expected_col_key')
            ~ ' end',
            "';'",
            [('row_order', 'number'), ('col_order', 'number')]
        ) }} as missing_refs,
        sum(case when not is_expected then 1 else 0 end) as unexpected_count,
        {{ sorted_listagg(
            'case when not is_expected then '
            ~ dbt.concat(['row_key', "'.'", 'col_key', "'@'",
                          dbt.cast('source_line', dbt.type_string())])
            ~ ' end',
            "', '",
            [('source_line', 'number')]
        ) }} as unexpected_cells,
        {{ sorted_listagg(
            'case when not is_expected then '
            ~ cell_ref('report_id', 'table_id', 'row_key', 'col_key')
            ~ ' end',
            "';'",
            [('source_line', 'number')]
        ) }} as unexpected_refs
    from cells_matched
    group by
        report_id,
        table_id
),

expected_found as (
    select * from tables_matched
    where expected_count > 0
),

unexpected as (
    select * from tables_matched
    where unexpected_count > 0
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
