-- Q16 (unit sanity, spec N4): the 2021 T2 fee amount is in 万元. It looks like 元 when the cell
-- prints 元 (and not 万元) beside the figure, or when it exceeds 1000 times the median of the
-- other reports' non-zero fee amounts in the warehouse (at least 3 of them). 元 for 万元 is a
-- factor of 10000; the spec's example factor 10 would flag every prefecture-level city against
-- counties (淮安市 prints 96171.6 against a median near 7000), so the bound is 1000.
-- A table built whole: a new report moves every other report's median.
{{ config(materialized='table') }}
{% set peer_factor = 1000 %}
{% set min_peers = 3 %}
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and template_version = '2021'
),

fee_cells as (
    select cells.*
    from {{ ref('int_cells_current') }} as cells
    inner join reports
        on cells.report_id = reports.report_id
    where cells.table_id = 't2'
        and cells.row_key = 'admin_fees'
        and cells.col_key = 'amount_10k_yuan'
),

-- for each report, the median of the other reports' non-zero amounts. Leaving out one amount of
-- rank r (1-based, in ascending order) from the n non-zero amounts leaves one of at most three
-- medians: that of the amounts without the first (r at or below the lower middle of the n - 1
-- left), without the one just above the middle (r there, n - 1 even) or without the last (r
-- higher). Each is computed once, by the same median() over the same amounts as a pairwise
-- comparison of reports would use, which at 100,000 reports took minutes.
positive_fees as (
    select
        report_id,
        value,
        row_number() over (order by value, report_id) as amount_rank,
        count(*) over () as amount_count
    from fee_cells
    where value > 0
),

medians_without_one as (
    select
        count(*) as amount_count,
        median(value) as median_all,
        median(case when amount_rank <> 1 then value end) as median_without_first,
        median(case when amount_rank <> amount_count then value end) as median_without_last,
        median(case when amount_rank <> (amount_count - 1) / 2 + 1 then value end)
            as median_without_middle
    from positive_fees
),

peers as (
    select
        fee_cells.report_id,
        case
            when positive_fees.report_id is null then medians_without_one.amount_count
            else medians_without_one.amount_count - 1
        end as peer_count,
        {{ dbt.cast(
            "case"
            ~ " when positive_fees.report_id is null then medians_without_one.median_all"
            ~ " when medians_without_one.amount_count = 1 then null"
            ~ " when positive_fees.amount_rank <= medians_without_one.amount_count / 2"
            ~ " then medians_without_one.median_without_first"
            ~ " when (medians_without_one.amount_count - 1) % 2 = 0"
            ~ " and positive_fees.amount_rank = (medians_without_one.amount_count - 1) / 2 + 1"
            ~ " then medians_without_one.median_without_middle"
            ~ " else medians_without_one.median_without_last end",
            type_figure()) }} as peer_median
    from fee_cells
    cross join medians_without_one
    left join positive_fees
        on fee_cells.report_id = positive_fees.report_id
),

fees_judged as (
    select
        reports.report_id,
        reports.t2_status,
        fee_cells.value,
        fee_cells.raw_text,
        fee_cells.note,
        fee_cells.source_line,
        peers.peer_count,
        peers.peer_median,
        -- 元 printed in the cell without 万
        {% set printed = dbt.concat(["coalesce(fee_cells.note, '')", 'fee_cells.raw_text']) -%}
        coalesce(
            {{ dbt.position("'元'", printed) }} > 0 and {{ dbt.position("'万'", printed) }} = 0,
            false
        ) as says_yuan,
        coalesce(
            peers.peer_count >= {{ min_peers }}
            and fee_cells.value > {{ peer_factor }} * peers.peer_median,
            false
        ) as is_outlier
    from reports
    left join fee_cells
        on reports.report_id = fee_cells.report_id
    left join peers
        on reports.report_id = peers.report_id
),

final as (
    select
        report_id,
        'Q16' as rule_id,
        'admin_fees.amount_10k_yuan' as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when value is null then 'not_assessable'
            when says_yuan or is_outlier then 'fail'
            else 'pass'
        end as status,
        case when value is not null then cast(0 as {{ type_figure() }}) end as expected,
        case
            when value is not null
                then cast(
                    (case when says_yuan then 1 else 0 end) + (case when is_outlier then 1 else 0 end)
                    as {{ type_figure() }}
                )
        end as actual,
        case
            when t2_status <> 'present'
                then {{ dbt.concat(["'table t2 is '", 't2_status']) }}
            when value is null then 'no readable fee amount'
            else {{ dbt.concat([
                "'fee 「'", 'raw_text', "'」@'", dbt.cast('source_line', dbt.type_string()),
                "case when says_yuan then '; printed in 元 in a 万元 column' else '' end",
                "case when peer_count >= " ~ min_peers ~ " then "
                ~ dbt.concat(["'; median of '", dbt.cast('peer_count', dbt.type_string()),
                              "' other reports '", figure_to_text('peer_median'), "' 万元'"])
                ~ " else '; too few other reports to compare' end",
                "case when is_outlier then ' (over " ~ peer_factor ~ " times: looks like 元)' else '' end"
            ]) }}
        end as details,
        case
            when value is not null
                then {{ cell_ref('report_id', "'t2'", "'admin_fees'", "'amount_10k_yuan'") }}
        end as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from fees_judged
)

select * from final
