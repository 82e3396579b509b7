-- Q01 (identity I1, official 勾稽关系): for each T3 column,
-- new_received + carried_over (expected) = total_handled + carried_forward (actual).

-- a full build of a large warehouse goes in batches of reports: the joins over every T3/T4
-- cell at once spill (one statement took 3x the time of four batches at 100,000 reports)
{{ config(meta={'reports_per_batch': 25000}) }}

with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
        and template_version in ('2021', '2019')
),

cells as (
    select * from {{ cells_to_check() }}
    where {{ reports_to_check() }}
        and table_id = 't3'
),

applicant_types as (
    select
        template_version,
        indicator_key as col_key
    from {{ ref('int_indicators_expanded') }}
    where table_id = 't3'
        and kind = 'col'
),

balance_terms as (
    {% for row_key, side in [
        ('new_received', 'expected'), ('carried_over', 'expected'),
        ('total_handled', 'actual'), ('carried_forward', 'actual'),
    ] -%}
    select
        '{{ row_key }}' as row_key,
        '{{ side }}' as side,
        {{ loop.index }} as term_order
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

terms as (
    select
        reports.report_id,
        't3' as table_id,
        reports.t3_status as table_status,
        applicant_types.col_key as scope,
        balance_terms.side,
        balance_terms.row_key,
        applicant_types.col_key,
        balance_terms.term_order
    from reports
    inner join applicant_types
        on reports.template_version = applicant_types.template_version
    cross join balance_terms
),

found_terms as (
    select
        reports.report_id,
        't3' as table_id,
        reports.t3_status as table_status,
        cells.col_key as scope,
        balance_terms.side,
        cells.row_key,
        cells.col_key,
        balance_terms.term_order,
        {{ found_term_cell_columns('cells') }}
    from cells
    inner join reports
        on cells.report_id = reports.report_id
    inner join applicant_types
        on reports.template_version = applicant_types.template_version
        and cells.col_key = applicant_types.col_key
    inner join balance_terms
        on cells.row_key = balance_terms.row_key
),

{{ identity_rule_checked('Q01') }}

select * from final
