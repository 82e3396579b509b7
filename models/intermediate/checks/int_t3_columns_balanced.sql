-- Q01 (identity I1, official 勾稽关系): for each T3 column,
-- new_received + carried_over (expected) = total_handled + carried_forward (actual).
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and template_version in ('2021', '2019')
),

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id = 't3'
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

{{ identity_rule_checked('Q01') }}

select * from final
