-- Q10 (identity I6, cross-year): for 规章 and 行政规范性文件 in consecutive v2021 reports of one
-- agency, the stock in force this year is near last year's stock plus this year's issued minus
-- repealed. Amendments and documents lapsing on their own make this inexact, so only a large gap
-- fails: more than 10 documents and more than 20% of last year's stock.
{% set min_gap = 10 %}
{% set min_gap_share = 0.2 %}
with

chain as (
    select * from {{ ref('int_reports_chained_by_agency') }}
    where previous_report_id is not null
        and {{ reports_to_check() }}
        and template_version = '2021'
        and previous_template_version = '2021'
),

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id = 't2'
        and row_key in ('regulations', 'normative_docs')
),

document_kinds as (
    select 'regulations' as row_key
    union all
    select 'normative_docs' as row_key
),

-- the cells of this year's report and of last year's, each found by an equality join (a join on
-- either report at once has no key and compared every pair)
stock_cells as (
    {% for side, report_column in [('this year ', 'report_id'), ('last year ', 'previous_report_id')] -%}
    select
        chain.report_id,
        document_kinds.row_key,
        cells.report_id as cell_report_id,
        cells.col_key,
        cells.value,
        {{ dbt.concat([
            "'" ~ side ~ "'", 'cells.col_key', "'=「'", 'cells.raw_text', "'」@'",
            dbt.cast('cells.source_line', dbt.type_string())
        ]) }} as cell_text
    from chain
    cross join document_kinds
    inner join cells
        on chain.{{ report_column }} = cells.report_id
        and document_kinds.row_key = cells.row_key
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

stocks as (
    select
        chain.report_id,
        chain.previous_report_id,
        chain.t2_status,
        chain.previous_t2_status,
        document_kinds.row_key,
        max(case when stock_cells.cell_report_id = chain.report_id
            and stock_cells.col_key = 'in_force' then stock_cells.value end) as in_force,
        max(case when stock_cells.cell_report_id = chain.report_id
            and stock_cells.col_key = 'issued' then stock_cells.value end) as issued,
        max(case when stock_cells.cell_report_id = chain.report_id
            and stock_cells.col_key = 'repealed' then stock_cells.value end) as repealed,
        max(case when stock_cells.cell_report_id = chain.previous_report_id
            and stock_cells.col_key = 'in_force' then stock_cells.value end) as previous_in_force,
        {{ sorted_listagg('stock_cells.cell_text', "', '",
                          [('stock_cells.cell_report_id', 'text'), ('stock_cells.col_key', 'text')]) }}
            as cell_texts
    from chain
    cross join document_kinds
    left join stock_cells
        on chain.report_id = stock_cells.report_id
        and document_kinds.row_key = stock_cells.row_key
    group by
        chain.report_id,
        chain.previous_report_id,
        chain.t2_status,
        chain.previous_t2_status,
        document_kinds.row_key
),

judged as (
    select
        stocks.*,
        stocks.previous_in_force + stocks.issued - stocks.repealed as expected_in_force,
        case
            when {{ table_missing_either_year('t2') }} then 'not_assessable'
            when in_force is null or issued is null or repealed is null
                or previous_in_force is null
                then 'not_assessable'
            when abs(in_force - (previous_in_force + issued - repealed)) > {{ min_gap }}
                and abs(in_force - (previous_in_force + issued - repealed))
                    > {{ min_gap_share }} * previous_in_force
                then 'fail'
            else 'pass'
        end as status
    from stocks
),

final as (
    select
        report_id,
        'Q10' as rule_id,
        row_key as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        status,
        case when status <> 'not_assessable' then expected_in_force end as expected,
        case when status <> 'not_assessable' then in_force end as actual,
        case
            when {{ table_missing_either_year('t2') }}
                then {{ table_status_both_years('t2') }}
            when status = 'not_assessable'
                then {{ dbt.concat(["'a figure is missing or unreadable: '",
                                    "coalesce(cell_texts, 'no cells')"]) }}
            else {{ dbt.concat([
                "'last year in force '", figure_to_text('previous_in_force'),
                "' + issued '", figure_to_text('issued'), "' - repealed '", figure_to_text('repealed'),
                "' = '", figure_to_text('expected_in_force'), "'; printed in force '",
                figure_to_text('in_force'),
                "case when status = 'fail' then ' (gap over " ~ min_gap ~ " and "
                ~ (min_gap_share * 100) | int ~ "% of last year''s stock)' else '' end",
                "'; '", 'cell_texts'
            ]) }}
        end as details,
        {{ dbt.concat([
            cell_ref('report_id', "'t2'", 'row_key', "'in_force'"), "';'",
            cell_ref('report_id', "'t2'", 'row_key', "'issued'"), "';'",
            cell_ref('report_id', "'t2'", 'row_key', "'repealed'"), "';'",
            cell_ref('previous_report_id', "'t2'", 'row_key', "'in_force'")
        ]) }} as cell_refs,
        previous_report_id as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from judged
)

select * from final
