-- Q16 (unit sanity, spec N4): the 2021 T2 fee amount is in 万元. It looks like 元 when the cell
-- prints 元 (and not 万元) beside the figure, or when it exceeds 1000 times the median of the
-- other reports' non-zero fee amounts in the warehouse (at least 3 of them). 元 for 万元 is a
-- factor of 10000; the spec's example factor 10 would flag every prefecture-level city against
-- counties (淮安市 prints 96171.6 against a median near 7000), so the bound is 1000.
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

-- for each report, the median of the other reports' non-zero amounts
peers as (
    select
        fee_cells.report_id,
        count(others.report_id) as peer_count,
        {{ dbt.cast('median(others.value)', type_figure()) }} as peer_median
    from fee_cells
    left join fee_cells as others
        on fee_cells.report_id <> others.report_id
        and others.value > 0
    group by fee_cells.report_id
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
