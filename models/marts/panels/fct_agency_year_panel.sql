-- One row per agency and report year, for trend questions: the headline figures of 表二, 表三 and
-- 表四 from the agency's report for the year, the same figures from its report for the year
-- before (NULL when there is none: a gap of a year is never bridged), and the change. When an
-- agency has several current reports for one year, the one with a 表三, then the one ingested
-- last, is used; report_count says how many there were.
{% set counts = panel_count_figures() %}
{% set rates = panel_rate_figures() %}
with

reports as (
    select * from {{ ref('int_reports_scoped') }}
    where agency_id is not null
        and report_year is not null
),

versions as (
    select * from {{ ref('int_reports_versioned') }}
),

agencies as (
    select * from {{ ref('dim_agency') }}
),

t2 as (
    select * from {{ ref('fct_proactive_disclosures') }}
),

t3 as (
    select * from {{ ref('fct_disclosure_requests') }}
    where applicant_type = 'total'
),

t4 as (
    select
        report_id,
        max(case when block = 'admin_review' then total end) as admin_reviews,
        {{ null_tolerant_sum([
            "max(case when block = 'litigation_direct' then total end)",
            "max(case when block = 'litigation_after_review' then total end)"
        ]) }} as lawsuits
    from {{ ref('fct_reviews_and_litigation') }}
    group by report_id
),

report_figures as (
    select
        reports.report_id,
        reports.agency_id,
        reports.report_year,
        reports.agency_name,
        reports.source_file,
        reports.template_version,
        reports.report_scope,
        versions.has_t2,
        versions.has_t3,
        versions.has_t4,
        versions.ingested_at,

        -- 表三, 总计 column
        t3.new_received as applications_received,
        t3.carried_over as applications_carried_over,
        t3.total_handled as applications_handled,
        t3.granted,
        t3.partially_granted,
        t3.denied,
        t3.unable,
        t3.not_processed,
        t3.other_handling,
        t3.carried_forward as applications_carried_forward,
        t3.granted_share,
        t3.denied_share as refusal_rate,

        -- 表四
        t4.admin_reviews,
        t4.lawsuits,

        -- 表二, the decisions both templates count alike
        t2.admin_license_decisions,
        t2.admin_penalty_decisions,
        t2.admin_coercion_decisions

    from reports
    inner join versions
        on reports.report_id = versions.report_id
    left join t3
        on reports.report_id = t3.report_id
    left join t4
        on reports.report_id = t4.report_id
    left join t2
        on reports.report_id = t2.report_id
),

ranked as (
    select
        report_figures.*,
        row_number() over (
            partition by agency_id, report_year
            order by has_t3 desc, ingested_at desc, report_id desc
        ) as year_rank,
        count(*) over (partition by agency_id, report_year) as report_count
    from report_figures
),

panel as (
    select * from ranked
    where year_rank = 1
),

final as (
    select
        -- keys
        this_year.agency_id,
        this_year.report_year,
        this_year.report_id,
        previous_year.report_id as previous_report_id,

        -- agency
        agencies.agency_name_norm,
        this_year.agency_name,
        agencies.level,
        agencies.agency_type,
        agencies.adcode6,
        agencies.province_name,
        agencies.prefecture_name,
        agencies.county_name,

        -- report
        this_year.source_file,
        this_year.template_version,
        this_year.report_scope,
        previous_year.report_scope as previous_report_scope,
        this_year.report_count,
        this_year.has_t2,
        this_year.has_t3,
        this_year.has_t4,

        -- this year
        {% for figure in counts + rates -%}
        this_year.{{ figure }},
        {% endfor %}
        -- the year before
        {% for figure in counts + rates -%}
        previous_year.{{ figure }} as previous_{{ figure }},
        {% endfor %}
        -- changes: counts as a difference and a relative change, shares as a difference and a
        -- ratio (2 = doubled)
        {% for figure in counts -%}
        this_year.{{ figure }} - previous_year.{{ figure }} as {{ figure }}_change,
        {{ safe_divide(
            'this_year.' ~ figure ~ ' - previous_year.' ~ figure, 'previous_year.' ~ figure
        ) }} as {{ figure }}_change_rate,
        {% endfor -%}
        {% for figure in rates -%}
        this_year.{{ figure }} - previous_year.{{ figure }} as {{ figure }}_change,
        {{ safe_divide('this_year.' ~ figure, 'previous_year.' ~ figure) }}
            as {{ figure }}_ratio{{ ',' if not loop.last }}
        {% endfor %}

    from panel as this_year
    inner join agencies
        on this_year.agency_id = agencies.agency_id
    left join panel as previous_year
        on this_year.agency_id = previous_year.agency_id
        and previous_year.report_year = this_year.report_year - 1
)

select * from final
