-- Q09 (identity I5, cross-year): per T3 column, what a report carries over from last year
-- (二、上年结转) equals what the same agency's previous report carried forward (四、结转下年度),
-- for consecutive v2019+ reports. Blank cells count as 0; a missing or unreadable cell makes the
-- column not assessable. A warning: agencies merge and rename, and some restate the backlog.
with

chain as (
    select * from {{ ref('int_reports_chained_by_agency') }}
    where previous_report_id is not null
        and {{ reports_to_check() }}
        and template_version in ('2021', '2019')
        and previous_template_version in ('2021', '2019')
),

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id = 't3'
        and row_key in ('carried_over', 'carried_forward')
),

applicant_types as (
    select indicator_key as col_key
    from {{ ref('int_indicators_expanded') }}
    where template_version = '2021'
        and table_id = 't3'
        and kind = 'col'
),

pairs as (
    select
        chain.report_id,
        chain.previous_report_id,
        chain.report_year,
        chain.t3_status,
        chain.previous_t3_status,
        applicant_types.col_key,
        carried_over.report_id is not null as has_carried_over,
        carried_forward.report_id is not null as has_carried_forward,
        carried_over.is_blank or carried_over.value is not null as is_carried_over_read,
        carried_forward.is_blank or carried_forward.value is not null as is_carried_forward_read,
        coalesce(carried_over.value, 0) as carried_over_value,
        coalesce(carried_forward.value, 0) as carried_forward_value,
        carried_over.raw_text as carried_over_text,
        carried_over.source_line as carried_over_line,
        carried_forward.raw_text as carried_forward_text,
        carried_forward.source_line as carried_forward_line
    from chain
    cross join applicant_types
    left join cells as carried_over
        on chain.report_id = carried_over.report_id
        and carried_over.row_key = 'carried_over'
        and applicant_types.col_key = carried_over.col_key
    left join cells as carried_forward
        on chain.previous_report_id = carried_forward.report_id
        and carried_forward.row_key = 'carried_forward'
        and applicant_types.col_key = carried_forward.col_key
),

judged as (
    select
        pairs.*,
        case
            when {{ table_missing_either_year('t3') }} then 'not_assessable'
            when not (has_carried_over and has_carried_forward) then 'not_assessable'
            when not (is_carried_over_read and is_carried_forward_read) then 'not_assessable'
            when carried_over_value = carried_forward_value then 'pass'
            else 'fail'
        end as status
    from pairs
),

final as (
    select
        report_id,
        'Q09' as rule_id,
        col_key as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        status,
        case when status <> 'not_assessable' then carried_forward_value end as expected,
        case when status <> 'not_assessable' then carried_over_value end as actual,
        case
            when {{ table_missing_either_year('t3') }}
                then {{ table_status_both_years('t3') }}
            else {{ dbt.concat([
                "'carried forward in '", dbt.cast('report_year - 1', dbt.type_string()),
                "' (report '", 'previous_report_id', "'): carried_forward.'", 'col_key', "'=「'",
                "coalesce(carried_forward_text, 'missing')", "'」@'",
                "coalesce(" ~ dbt.cast('carried_forward_line', dbt.type_string()) ~ ", '-')",
                "'; carried over in '", dbt.cast('report_year', dbt.type_string()),
                "': carried_over.'", 'col_key', "'=「'",
                "coalesce(carried_over_text, 'missing')", "'」@'",
                "coalesce(" ~ dbt.cast('carried_over_line', dbt.type_string()) ~ ", '-')",
                "case when status = 'not_assessable' then '; a cell is missing or unreadable'"
                ~ " else ' (blank read as 0)' end"
            ]) }}
        end as details,
        {{ dbt.concat([
            cell_ref('report_id', "'t3'", "'carried_over'", 'col_key'), "';'",
            cell_ref('previous_report_id', "'t3'", "'carried_forward'", 'col_key')
        ]) }} as cell_refs,
        previous_report_id as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from judged
)

select * from final
