-- Incremental: a build replaces the rows of the reports in int_reports_to_check and of the rules
-- built whole (macros/incremental_reports.sql), and drops superseded reports' rows.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_checks_to_rebuild() }}",
    post_hook="{{ delete_superseded_checks() }}",
) }}

with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

rules as (
    select * from {{ ref('check_rules') }}
),

{% set check_models = [
    'int_t3_columns_balanced',
    'int_t3_outcomes_summed',
    'int_t3_rows_summed',
    'int_t4_blocks_summed',
    'int_cells_checked_for_domain',
    'int_reports_checked_for_template_version',
    'int_tables_checked_for_presence',
    'int_tables_checked_for_completeness',
    'int_carry_over_checked',
    'int_in_force_stock_checked',
    'int_figures_matched_to_tables',
    'int_reports_compared_to_previous_year',
    'int_reports_checked_for_deadline',
    'int_reports_checked_for_statistics_period',
    'int_tables_checked_for_blanks',
    'int_fees_checked_for_unit',
    'int_region_aggregates_checked',
    'int_pre2019_figures_checked',
    'int_rows_checked_for_split_digits',
    'int_cells_checked_for_parse_doubt',
] %}
checks as (
    {% for check_model in check_models -%}
    select
        report_id,
        rule_id,
        scope,
        blank_handling,
        status,
        expected,
        actual,
        details,
        cell_refs,
        related_report_id,
        evidence_text,
        evidence_line
    from {{ ref(check_model) }}
    {% if check_model not in checks_built_whole() -%}
    where {{ reports_to_check() }}
    {% endif -%}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        -- keys
        {{ dbt.concat([
            'checks.report_id', "'|'", 'checks.rule_id', "'|'", 'checks.scope', "'|'",
            "coalesce(checks.blank_handling, '')"
        ]) }} as check_id,
        checks.report_id,
        checks.rule_id,
        checks.scope,
        checks.blank_handling,

        -- report
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        reports.template_version,

        -- rule
        rules.severity,
        rules.description_en as rule_description,
        rules.description_zh as rule_description_zh,
        -- P rules say "we may have read it wrong", the others "the report is wrong"
        checks.rule_id like 'P%' as is_parse_doubt,

        -- outcome
        checks.status,
        checks.expected,
        checks.actual,
        checks.actual - checks.expected as difference,
        checks.details,

        -- evidence (fct_check_findings lists it per cell)
        checks.cell_refs,
        checks.related_report_id,
        checks.evidence_text,
        checks.evidence_line,

        -- when the checks were computed (freshness against the last load)
        {{ dbt.current_timestamp() }} as checked_at

    from checks
    inner join reports
        on checks.report_id = reports.report_id
    inner join rules
        on checks.rule_id = rules.rule_id
)

select * from final
