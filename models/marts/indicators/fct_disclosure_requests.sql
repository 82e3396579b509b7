-- 表三 收到和处理政府信息公开申请情况, wide: one row per report × applicant type (总计 included),
-- every printed row a column, derived group totals, the two balance identities and shares of
-- what was handled. Incremental by report (macros/incremental_reports.sql).
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_superseded_reports(ref('int_reports_scoped')) }}",
) }}
with

t3 as (
    select * from {{ ref('int_t3_pivoted_to_applicant_types') }}
),

reports as (
    select * from {{ ref('int_reports_scoped') }}
),

balanced as (
    select
        t3.*,
        -- a blank is not a 0: a side with a blank term is NULL, and so is its balance
        t3.new_received + t3.carried_over as inflow,
        t3.total_handled + t3.carried_forward as outflow
    from t3
),

final as (
    select
        -- keys
        balanced.report_id,
        balanced.applicant_type,
        reports.agency_id,

        -- report
        balanced.source_file,
        balanced.agency_name,
        balanced.report_year,
        balanced.template_version,
        reports.report_scope,

        -- applicant type
        balanced.applicant_type_label_zh,
        balanced.applicant_type_order,
        balanced.is_total,

        -- printed rows
        {% for row_key in t3_row_keys() -%}
        balanced.{{ row_key }},
        {% endfor %}
        -- group totals: the printed group row, else the sum of its items
        {% for group_key in t3_group_keys() -%}
        balanced.{{ group_key }},
        balanced.is_{{ group_key }}_printed,
        {% endfor %}
        balanced.outcomes_summed,

        -- balance: 一 + 二 = 三（七）+ 四 (I1), NULL when a term is blank; and the printed
        -- outcomes add up to （七）总计 (I2), NULL when every outcome or the total is blank
        balanced.inflow,
        balanced.outflow,
        balanced.inflow = balanced.outflow as is_balanced,
        balanced.outcomes_summed = balanced.total_handled as is_outcomes_total_matched,

        -- shares of （七）总计; NULL when it is blank or 0
        {{ safe_divide('balanced.granted', 'balanced.total_handled') }} as granted_share,
        {{ safe_divide('balanced.partially_granted', 'balanced.total_handled') }}
            as partially_granted_share,
        {{ safe_divide(
            null_tolerant_sum(['balanced.granted', 'balanced.partially_granted']),
            'balanced.total_handled'
        ) }} as granted_or_partially_share,
        {{ safe_divide('balanced.denied', 'balanced.total_handled') }} as denied_share,
        {{ safe_divide('balanced.unable', 'balanced.total_handled') }} as unable_share,
        {{ safe_divide('balanced.not_processed', 'balanced.total_handled') }} as not_processed_share,
        {{ safe_divide('balanced.other_handling', 'balanced.total_handled') }}
            as other_handling_share,

        -- cells
        balanced.cell_count,
        balanced.blank_cell_count

    from balanced
    inner join reports
        on balanced.report_id = reports.report_id
    where {{ reports_to_build(
        ref('int_reports_scoped'), 'balanced.report_id', ['agency_id', 'report_scope']
    ) }}
)

select * from final
