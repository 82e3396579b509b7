-- 表二 across templates: only what both templates count in the same sense, the decisions
-- (处理决定数量) on 行政许可, 行政处罚 and 行政强制, one row per report with a 2021 or 2019 表二.
-- Documents (2019 本年新制作/新公开/对外公开总数 vs 2021 制发/废止/现行有效), item catalogues and
-- fees are not comparable (spec 3.1) and stay in fct_proactive_disclosures_2021 / _2019.
{{ config(materialized='view') }}
with

t2_2021 as (
    select * from {{ ref('fct_proactive_disclosures_2021') }}
),

t2_2019 as (
    select * from {{ ref('fct_proactive_disclosures_2019') }}
),

aligned as (
    select
        report_id,
        agency_id,
        source_file,
        agency_name,
        report_year,
        template_version,
        report_scope,
        admin_license_decisions,
        admin_penalty_decisions,
        admin_coercion_decisions
    from t2_2021

    union all

    select
        report_id,
        agency_id,
        source_file,
        agency_name,
        report_year,
        template_version,
        report_scope,
        admin_license_decisions,
        admin_penalty_decisions,
        admin_coercion_decisions
    from t2_2019
)

select * from aligned
